// The in-memory shape of a universe (or of one shard of it): a trading-day axis and, per
// field, one column-major Float32Array holding every symbol's bars back to back.
//
// Each symbol owns a contiguous run of cells from its first to its last bar ("ragged"),
// so IPOs and delistings cost no padding; a missing bar inside the run is NaN in every
// field. Symbol s's close on axis day d is close[offset[s] + d - start[s]] when
// start[s] <= d < start[s] + length[s]. Readers hand out these arrays as zero-copy views
// over the shard's ArrayBuffer.

import type { UnixDay } from "../calendar/unix-day.ts";
import type { FundamentalField } from "./fundamentals.ts";
import type { SymbolInfo } from "./symbol-info.ts";

export const PRICE_FIELDS = ["open", "high", "low", "close", "volume"] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

export interface BarTable {
  /** Trading days, ascending, as UnixDay (Int32Array so it can be a view into a shard). */
  readonly days: Int32Array;
  /** Symbols in ascending code-unit order of `symbol`. */
  readonly symbols: readonly SymbolInfo[];
  /** Per symbol: index into `days` of its first bar. */
  readonly start: Int32Array;
  /** Per symbol: number of axis days from its first to its last bar, inclusive. */
  readonly length: Int32Array;
  /** Per symbol: index of its first cell in the price columns. */
  readonly offset: Int32Array;
  readonly open: Float32Array;
  readonly high: Float32Array;
  readonly low: Float32Array;
  readonly close: Float32Array;
  readonly volume: Float32Array;
  /** Fundamentals present in this universe, in storage order. */
  readonly fundamentalFields: readonly FundamentalField[];
  /** Field-major: value of field f for symbol s at [f * symbols.length + s]; NaN where unknown. */
  readonly fundamentals: Float32Array;
}

/** Zero-copy view of one symbol's series for a field (its run of cells, first bar to last). */
export function seriesOf(table: BarTable, field: PriceField, symbolIndex: number): Float32Array {
  const from = table.offset[symbolIndex] ?? 0;
  return table[field].subarray(from, from + (table.length[symbolIndex] ?? 0));
}

/** The value of `field` for a symbol on axis day `dayIndex`, NaN when it has no bar that day. */
export function valueAt(table: BarTable, field: PriceField, symbolIndex: number, dayIndex: number): number {
  const start = table.start[symbolIndex] ?? 0;
  const local = dayIndex - start;
  if (local < 0 || local >= (table.length[symbolIndex] ?? 0)) return Number.NaN;
  return table[field][(table.offset[symbolIndex] ?? 0) + local] ?? Number.NaN;
}

export function fundamentalOf(table: BarTable, field: FundamentalField, symbolIndex: number): number {
  const f = table.fundamentalFields.indexOf(field);
  if (f < 0) return Number.NaN;
  return table.fundamentals[f * table.symbols.length + symbolIndex] ?? Number.NaN;
}

/** Index of `day` in the axis, or of the last axis day before it; -1 when it precedes the axis. */
export function dayIndexAtOrBefore(days: Int32Array, day: UnixDay): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] ?? 0) <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Total cells (symbol-days from each symbol's first to last bar). */
export function cellCount(table: BarTable): number {
  return table.close.length;
}
