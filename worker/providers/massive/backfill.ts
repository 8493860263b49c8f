// Resumable backfill: one grouped-daily request per trading day not yet stored, each day
// written to the store as soon as it arrives. Killing the process loses at most the day in
// flight; a rerun lists the store and fetches only what is missing, so no day is fetched
// twice and none is skipped.

import { isoDay, parseIsoDay, type UnixDay } from "../../../engine/calendar/unix-day.ts";
import { tradingDaysBetween } from "../../../engine/calendar/us-market-calendar.ts";
import { throwIfAborted } from "./abort.ts";
import type { RequestOptions } from "./client.ts";
import type { MassiveDayStore } from "./day-store.ts";
import type { GroupedDailyResult, MalformedItem } from "./schemas.ts";

const MS_PER_DAY = 86_400_000;
const MALFORMED_EXAMPLES = 20;

export interface GroupedDailySource {
  groupedDaily(dateIso: string, options?: RequestOptions): Promise<GroupedDailyResult>;
}

export interface MassiveBackfillOptions {
  /** A MassiveClient, or anything with its groupedDaily. */
  readonly client: GroupedDailySource;
  readonly store: MassiveDayStore;
  /** First calendar date, YYYY-MM-DD (inclusive). */
  readonly from: string;
  /** Last calendar date, YYYY-MM-DD (inclusive); dates after today are never requested. */
  readonly to: string;
  /** Called after each fetched day; `total` counts only the days that needed fetching. */
  readonly onProgress?: (done: number, total: number, date: string) => void;
  readonly signal?: AbortSignal;
  /** Clock for "today" (UTC date), Unix ms. */
  readonly now?: () => number;
  /**
   * An empty day at least this many days before today is stored as closed; a more recent
   * empty day may just not be published yet, so it is left to fetch again. Default 3.
   */
  readonly settleDays?: number;
}

export interface MassiveBackfillResult {
  /** Days requested and answered in this run (stored with bars, closed, or pending). */
  readonly fetched: number;
  /** Trading days in range the store already had, not requested. */
  readonly skippedAlreadyStored: number;
  /** Days that came back empty and are old enough to be stored as closed. */
  readonly closedDays: string[];
  /** Days that came back empty (or all-malformed) but are recent: not stored, fetched again next run. */
  readonly pendingDays: string[];
  /** Result items dropped for failing validation, over all fetched days. */
  readonly malformedItems: number;
  /** The first few of those, with their dates, for a report. */
  readonly malformedExamples: (MalformedItem & { readonly date: string })[];
}

export async function runMassiveBackfill(options: MassiveBackfillOptions): Promise<MassiveBackfillResult> {
  const { client, store, signal } = options;
  const from = requireDay("from", options.from);
  const to = requireDay("to", options.to);
  if (from > to) throw new RangeError(`backfill range is empty: from ${options.from} is after to ${options.to}`);
  const today = Math.floor((options.now ?? Date.now)() / MS_PER_DAY) as UnixDay;
  const settleDays = options.settleDays ?? 3;

  // The calendar already knows weekends and holidays: asking for them would only burn rate limit.
  const days = tradingDaysBetween(from, Math.min(to, today) as UnixDay).map(isoDay);
  const stored = new Set(await store.listDays());
  const todo = days.filter((d) => !stored.has(d));

  const closedDays: string[] = [];
  const pendingDays: string[] = [];
  const malformedExamples: (MalformedItem & { date: string })[] = [];
  let malformedItems = 0;
  let fetched = 0;

  for (const date of todo) {
    throwIfAborted(signal, "Massive backfill");
    const result = await client.groupedDaily(date, signal ? { signal } : {});
    fetched++;
    malformedItems += result.malformed.length;
    for (const item of result.malformed)
      if (malformedExamples.length < MALFORMED_EXAMPLES) malformedExamples.push({ date, ...item });

    if (result.bars.length > 0) {
      await store.putDay(date, result.bars);
    } else if (result.malformed.length === 0 && (parseIsoDay(date) ?? today) < today - settleDays) {
      await store.putDay(date, []);
      closedDays.push(date);
    } else {
      // Recent and empty (not published yet), or every item broken: worth asking again later.
      pendingDays.push(date);
    }
    options.onProgress?.(fetched, todo.length, date);
  }

  return {
    fetched,
    skippedAlreadyStored: days.length - todo.length,
    closedDays,
    pendingDays,
    malformedItems,
    malformedExamples,
  };
}

function requireDay(name: string, text: string): UnixDay {
  const day = parseIsoDay(text);
  if (day === null) throw new RangeError(`backfill ${name} is not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  return day;
}
