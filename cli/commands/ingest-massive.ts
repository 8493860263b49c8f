// `technic ingest massive --from --to`: backfill or update from Massive (Polygon.io).
// Raw grouped-daily responses are kept per day under <data dir>/massive/, so a rerun (after
// a kill, Ctrl-C or a rate-limit give-up) resumes where it stopped, and a daily update is
// one request. The snapshot is then rebuilt from every stored day and published atomically.

import { join } from "node:path";
import { formatIngestReport, IngestReport } from "../../engine/bars/ingest-report.ts";
import { isoDay, type UnixDay } from "../../engine/calendar/unix-day.ts";
import { previousTradingDay } from "../../engine/calendar/us-market-calendar.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import {
  DEFAULT_BASE_URL,
  loadStoredDays,
  MassiveClient,
  runMassiveBackfill,
  type TickerRecord,
} from "../../worker/providers/massive/index.ts";
import { count, seconds } from "../format.ts";
import { progressBar } from "../progress.ts";
import { publishBuilt } from "../publish-built.ts";
import { FileMassiveDayStore } from "../store/massive-day-store.ts";
import type { PublishResult, SnapshotStore } from "../store/snapshot-store.ts";
import { UserError } from "../user-error.ts";

export interface MassiveCommandOptions {
  readonly from: UnixDay;
  readonly to?: UnixDay;
  readonly rate?: number;
  readonly shards?: number;
}

const TICKERS_MAX_AGE_MS = 7 * 86_400_000;

export async function massiveCommand(
  store: SnapshotStore,
  options: MassiveCommandOptions,
  env = process.env,
): Promise<PublishResult> {
  const apiKey = env.POLYGON_API_KEY?.trim();
  if (!apiKey)
    throw new UserError("POLYGON_API_KEY is not set: get a key at massive.com (the free plan works) and export it");
  const today = Math.floor(Date.now() / 86_400_000) as UnixDay;
  const to = options.to ?? previousTradingDay(today);
  if (options.from > to) throw new UserError(`--from ${isoDay(options.from)} is after --to ${isoDay(to)}`);
  const rate = options.rate ?? (env.POLYGON_RATE_LIMIT ? Number(env.POLYGON_RATE_LIMIT) : 5);
  if (!Number.isFinite(rate) || rate <= 0)
    throw new UserError(
      `POLYGON_RATE_LIMIT must be a positive number of requests per minute, got "${env.POLYGON_RATE_LIMIT}"`,
    );

  const client = new MassiveClient({
    apiKey,
    baseUrl: env.POLYGON_BASE_URL?.trim() || DEFAULT_BASE_URL,
    requestsPerMinute: rate,
    ...optionalMs("TECHNIC_MASSIVE_BACKOFF_MS", "backoffBaseMs", env),
    ...optionalMs("TECHNIC_MASSIVE_TIMEOUT_MS", "timeoutMs", env),
    onRetry: (info) =>
      process.stderr.write(
        `massive: ${info.label}: ${info.reason}; retry ${info.attempt} in ${seconds(info.delayMs)}\n`,
      ),
  });
  const dayStore = new FileMassiveDayStore(join(store.dir, "massive"));
  const abort = new AbortController();
  const onSigint = () => {
    process.stderr.write(
      "\nmassive: stopping after the request in flight; what was fetched is kept, rerun to resume\n",
    );
    abort.abort();
  };
  process.once("SIGINT", onSigint);
  const started = performance.now();
  try {
    const known = await dayStore.getTickers();
    if (!known || Date.now() - Date.parse(known.fetchedAt) > TICKERS_MAX_AGE_MS) {
      const records: TickerRecord[] = [];
      for await (const record of client.tickers({ signal: abort.signal })) records.push(record);
      await dayStore.putTickers(records);
      process.stdout.write(`massive: ${count(records.length)} reference tickers\n`);
    }
    process.stdout.write(`massive: backfilling ${isoDay(options.from)} to ${isoDay(to)} at ${rate} requests/minute\n`);
    const bar = progressBar("fetch", "days");
    const result = await runMassiveBackfill({
      client,
      store: dayStore,
      from: isoDay(options.from),
      to: isoDay(to),
      signal: abort.signal,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    process.stdout.write(
      `massive: fetched ${count(result.fetched)} days, ${count(result.skippedAlreadyStored)} already stored, ${result.closedDays.length} closed` +
        `${result.pendingDays.length ? `, ${result.pendingDays.length} not published yet (${result.pendingDays.join(", ")})` : ""}\n`,
    );

    const report = new IngestReport();
    const builder = new UniverseBuilder(report);
    for (const ex of result.malformedExamples)
      report.reject("malformed_row", `massive ${ex.date}`, JSON.stringify(ex).slice(0, 200));
    if (result.malformedItems > result.malformedExamples.length)
      report.note(`${count(result.malformedItems)} malformed result items in all were dropped by the client`);
    const loaded = await loadStoredDays(dayStore, builder, report);
    const published = await publishBuilt(
      store,
      builder,
      report,
      {
        kind: "massive",
        label: "Massive (Polygon.io) grouped daily, adjusted",
        detail: `${count(loaded.days)} stored days, ${count(loaded.symbolsWithInfo)} symbols with reference data`,
      },
      { shards: options.shards },
    );
    process.stdout.write(
      `ingest report: ${formatIngestReport(report.toJSON())}\nmassive ingest done in ${seconds(performance.now() - started)}\n`,
    );
    return published;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

/** Tuning knobs for slow links and tests: a positive number of milliseconds, or absent. */
function optionalMs<K extends string>(name: string, key: K, env: NodeJS.ProcessEnv): Partial<Record<K, number>> {
  const text = env[name]?.trim();
  if (!text) return {};
  const ms = Number(text);
  if (!Number.isFinite(ms) || ms <= 0)
    throw new UserError(`${name} must be a positive number of milliseconds, got "${text}"`);
  return { [key]: ms } as Partial<Record<K, number>>;
}
