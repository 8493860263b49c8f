// The built-in ranking `technic scan` prints until the screen language lands: 6-month
// (126 trading day) price momentum among liquid names, as of any day in the snapshot.
// "Liquid" means a close of at least $5 and an average dollar volume over the last 20
// bars of at least $5M — the usual floor below which momentum is mostly noise and fills
// are poor.

import type { UnixDay } from "../calendar/unix-day.ts";
import { isoDay } from "../calendar/unix-day.ts";
import type { BarTable } from "../snapshot/bar-table.ts";
import { dayIndexAtOrBefore } from "../snapshot/bar-table.ts";
import type { SymbolInfo } from "../snapshot/symbol-info.ts";

export interface MomentumOptions {
  /** Rank as of this day (default: the last day of the snapshot). */
  readonly asOf?: UnixDay;
  readonly top?: number;
  readonly lookback?: number;
  readonly minPrice?: number;
  readonly minDollarVolume?: number;
}

export interface MomentumRow {
  readonly info: SymbolInfo;
  readonly close: number;
  /** Total return over the lookback, e.g. 0.42 = +42%. */
  readonly momentum: number;
  /** Return over the last 21 bars (about one month). */
  readonly return1m: number;
  /** Mean of close x volume over the last 20 bars. */
  readonly dollarVolume: number;
}

export interface MomentumResult {
  readonly asOf: string;
  readonly rows: MomentumRow[];
  /** Symbols with a bar on the as-of day and enough history, before the liquidity filter. */
  readonly eligible: number;
  readonly liquid: number;
}

export class AsOfError extends Error {
  override name = "AsOfError";
}

export function rankMomentum(tables: readonly BarTable[], options: MomentumOptions = {}): MomentumResult {
  const lookback = options.lookback ?? 126;
  const top = options.top ?? 25;
  const minPrice = options.minPrice ?? 5;
  const minDollarVolume = options.minDollarVolume ?? 5e6;
  const days = tables[0]?.days;
  if (!days || days.length === 0) throw new AsOfError("the snapshot has no trading days");
  const first = days[0] as UnixDay;
  const last = days[days.length - 1] as UnixDay;
  const asOf = options.asOf ?? last;
  if (asOf < first || asOf > last)
    throw new AsOfError(
      `as-of date ${isoDay(asOf)} is outside the snapshot, which covers ${isoDay(first)} to ${isoDay(last)}`,
    );
  const d = dayIndexAtOrBefore(days, asOf);
  if (d < lookback)
    throw new AsOfError(
      `as-of date ${isoDay(asOf)} leaves fewer than ${lookback} trading days of history (the snapshot starts ${isoDay(first)})`,
    );

  const rows: MomentumRow[] = [];
  let eligible = 0;
  for (const table of tables) {
    for (let s = 0; s < table.symbols.length; s++) {
      const start = table.start[s] ?? 0;
      const local = d - start;
      if (local < lookback || local >= (table.length[s] ?? 0)) continue;
      const base = table.offset[s] ?? 0;
      const close = table.close[base + local] ?? Number.NaN;
      const past = table.close[base + local - lookback] ?? Number.NaN;
      const monthAgo = table.close[base + local - 21] ?? Number.NaN;
      if (!(close > 0 && past > 0)) continue;
      eligible++;
      let dollars = 0;
      let bars = 0;
      for (let k = local - 19; k <= local; k++) {
        const c = table.close[base + k] ?? Number.NaN;
        const v = table.volume[base + k] ?? Number.NaN;
        if (!Number.isNaN(c) && !Number.isNaN(v)) {
          dollars += c * v;
          bars++;
        }
      }
      const dollarVolume = bars > 0 ? dollars / bars : 0;
      if (close < minPrice || dollarVolume < minDollarVolume) continue;
      rows.push({
        info: table.symbols[s] as SymbolInfo,
        close,
        momentum: close / past - 1,
        return1m: monthAgo > 0 ? close / monthAgo - 1 : Number.NaN,
        dollarVolume,
      });
    }
  }
  const liquid = rows.length;
  // Ties broken by symbol so the order is the same on every host.
  rows.sort((a, b) => b.momentum - a.momentum || (a.info.symbol < b.info.symbol ? -1 : 1));
  return { asOf: isoDay(days[d] as UnixDay), rows: rows.slice(0, top), eligible, liquid };
}
