// Feeds a Massive day store into a UniverseBuilder: every stored bar in date order, each
// refusal reported with its origin ("massive 2024-01-02"), then the stored ticker metadata.

import type { IngestReport } from "../../../engine/bars/ingest-report.ts";
import { parseIsoDay } from "../../../engine/calendar/unix-day.ts";
import type { UniverseBuilder } from "../../../engine/snapshot/universe-builder.ts";
import type { MassiveDayStore } from "./day-store.ts";

export interface LoadStoredDaysResult {
  /** Stored days read, including closed (empty) ones. */
  readonly days: number;
  /** Bars offered to the builder (kept or refused). */
  readonly bars: number;
  /** Symbols given a name, type and exchange from the stored ticker list. */
  readonly symbolsWithInfo: number;
}

/**
 * `report` receives notes about the load (defaults to the builder's report; refused bars
 * always go to the builder's report through addOrReport).
 */
export async function loadStoredDays(
  store: MassiveDayStore,
  builder: UniverseBuilder,
  report: IngestReport = builder.report,
): Promise<LoadStoredDaysResult> {
  const dates = [...(await store.listDays())].sort();
  const symbols = new Set<string>();
  let bars = 0;
  let closed = 0;
  for (const date of dates) {
    const day = parseIsoDay(date);
    if (day === null) {
      report.note(`massive: ignored a stored day with an invalid date ${JSON.stringify(date)}`);
      continue;
    }
    const dayBars = await store.getDay(date);
    if (dayBars.length === 0) closed++;
    const where = `massive ${date}`;
    for (const b of dayBars) {
      builder.addOrReport(b.T, day, b.o, b.h, b.l, b.c, b.v, where);
      symbols.add(b.T);
    }
    bars += dayBars.length;
  }

  // Only symbols that have bars: the ticker list holds every active ticker, and metadata for
  // thousands of symbols outside the stored dates would only swell symbolsWithoutBars.
  let symbolsWithInfo = 0;
  const tickers = await store.getTickers();
  if (tickers) {
    for (const r of tickers.records) {
      if (!symbols.has(r.symbol)) continue;
      builder.setSymbolInfo({
        symbol: r.symbol,
        name: r.name,
        type: r.type,
        exchange: r.exchange,
        sector: "",
        industry: "",
      });
      symbolsWithInfo++;
    }
  } else if (dates.length > 0) {
    report.note("massive: no ticker list stored, so names, types and exchanges are left blank");
  }
  if (closed > 0) report.note(`massive: ${closed} stored day(s) had no data (market closed)`);
  return { days: dates.length, bars, symbolsWithInfo };
}
