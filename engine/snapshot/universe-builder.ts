// Collects validated daily bars from any provider, then lays them out as a BarTable.
// Rows arrive in any order; duplicates of a (symbol, day) keep the first row seen and the
// rest go to the ingest report. Storage while collecting is per-symbol growable typed
// arrays, so an ingest of millions of rows holds no per-row objects.

import { validateBar } from "../bars/bar-validation.ts";
import type { IngestReport, RejectReason } from "../bars/ingest-report.ts";
import { isoDay, type UnixDay } from "../calendar/unix-day.ts";
import { isTradingDay } from "../calendar/us-market-calendar.ts";
import type { BarTable } from "./bar-table.ts";
import { FUNDAMENTAL_FIELDS, type FundamentalField, type FundamentalValues } from "./fundamentals.ts";
import { defaultSymbolInfo, isValidSymbol, type SymbolInfo } from "./symbol-info.ts";

class SymbolBars {
  count = 0;
  sorted = true;
  days = new Int32Array(64);
  cols = [new Float32Array(64), new Float32Array(64), new Float32Array(64), new Float32Array(64), new Float32Array(64)];

  push(day: number, o: number, h: number, l: number, c: number, v: number): void {
    if (this.count === this.days.length) this.#grow();
    const i = this.count++;
    if (i > 0 && day <= (this.days[i - 1] ?? 0)) this.sorted = false;
    this.days[i] = day;
    const [co, ch, cl, cc, cv] = this.cols as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    co[i] = o;
    ch[i] = h;
    cl[i] = l;
    cc[i] = c;
    cv[i] = v;
  }

  #grow(): void {
    const size = this.days.length * 2;
    const days = new Int32Array(size);
    days.set(this.days);
    this.days = days;
    this.cols = this.cols.map((col) => {
      const next = new Float32Array(size);
      next.set(col);
      return next;
    });
  }
}

export interface BuildResult {
  readonly table: BarTable;
  /** Symbols given metadata or fundamentals but no valid bar. */
  readonly symbolsWithoutBars: readonly string[];
}

export class UniverseBuilder {
  readonly #bars = new Map<string, SymbolBars>();
  readonly #info = new Map<string, SymbolInfo>();
  readonly #fundamentals = new Map<string, FundamentalValues>();
  readonly #report: IngestReport;
  #lastSymbol = "";
  #lastBars: SymbolBars | undefined;

  constructor(report: IngestReport) {
    this.#report = report;
  }

  get report(): IngestReport {
    return this.#report;
  }

  /**
   * Validates one bar and keeps it, or returns why it was refused (the caller reports it,
   * since only the caller knows the row's text and origin). Counts the row as read either way.
   */
  addBar(
    symbol: string,
    day: UnixDay,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ): RejectReason | null {
    this.#report.rowsRead++;
    // Rows usually arrive grouped by symbol: skip the symbol check and map lookup for a repeat.
    let bars = symbol === this.#lastSymbol ? this.#lastBars : undefined;
    if (!bars && !isValidSymbol(symbol)) return "malformed_symbol";
    if (!isTradingDay(day)) return "non_trading_day";
    const reason = validateBar(open, high, low, close, volume);
    if (reason) return reason;
    if (!bars) {
      bars = this.#bars.get(symbol);
      if (!bars) {
        bars = new SymbolBars();
        this.#bars.set(symbol, bars);
      }
      this.#lastSymbol = symbol;
      this.#lastBars = bars;
    }
    bars.push(day, open, high, low, close, volume);
    this.#report.rowsKept++;
    return null;
  }

  /** Validates and keeps a bar, reporting a refusal with its origin. */
  addOrReport(
    symbol: string,
    day: UnixDay,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    where: string,
  ): boolean {
    const reason = this.addBar(symbol, day, open, high, low, close, volume);
    if (reason === null) return true;
    this.#report.reject(reason, where, `${symbol},${isoDay(day)},${open},${high},${low},${close},${volume}`);
    return false;
  }

  setSymbolInfo(info: SymbolInfo): void {
    this.#info.set(info.symbol, info);
  }

  setFundamentals(symbol: string, values: FundamentalValues): void {
    this.#fundamentals.set(symbol, { ...this.#fundamentals.get(symbol), ...values });
  }

  get symbolCount(): number {
    return this.#bars.size;
  }

  build(): BuildResult {
    const symbols = [...this.#bars.keys()].sort(compareCodeUnits);
    if (symbols.length === 0) throw new Error("no valid bars to build a universe from");

    // Put each symbol's bars in day order (stable, so the first of duplicates stays first)
    // and drop duplicates. Bars that arrived strictly ascending — the usual case — need neither.
    let minDay = Number.POSITIVE_INFINITY;
    let maxDay = Number.NEGATIVE_INFINITY;
    const ordered = symbols.map((symbol) => {
      const bars = this.#bars.get(symbol) as SymbolBars;
      const order = bars.sorted ? null : this.#dedupedOrder(symbol, bars);
      const count = order ? order.length : bars.count;
      const firstDay = bars.days[order ? (order[0] as number) : 0] as number;
      const lastDay = bars.days[order ? (order[count - 1] as number) : count - 1] as number;
      minDay = Math.min(minDay, firstDay);
      maxDay = Math.max(maxDay, lastDay);
      return { bars, order, count, firstDay, lastDay };
    });

    // The axis is every day on which at least one symbol has a bar.
    const span = maxDay - minDay + 1;
    const seen = new Uint8Array(span);
    for (const { bars, order, count } of ordered) {
      for (let k = 0; k < count; k++) seen[(bars.days[order ? (order[k] as number) : k] as number) - minDay] = 1;
    }
    const axisIndex = new Int32Array(span).fill(-1);
    const axis: number[] = [];
    for (let d = 0; d < span; d++) {
      if (seen[d]) {
        axisIndex[d] = axis.length;
        axis.push(minDay + d);
      }
    }

    const n = symbols.length;
    const start = new Int32Array(n);
    const length = new Int32Array(n);
    const offset = new Int32Array(n);
    let cells = 0;
    ordered.forEach(({ firstDay, lastDay }, s) => {
      const first = axisIndex[firstDay - minDay] as number;
      const last = axisIndex[lastDay - minDay] as number;
      start[s] = first;
      length[s] = last - first + 1;
      offset[s] = cells;
      cells += last - first + 1;
    });

    const open = new Float32Array(cells).fill(Number.NaN);
    const high = new Float32Array(cells).fill(Number.NaN);
    const low = new Float32Array(cells).fill(Number.NaN);
    const close = new Float32Array(cells).fill(Number.NaN);
    const volume = new Float32Array(cells).fill(Number.NaN);
    for (let s = 0; s < n; s++) {
      const { bars, order, count } = ordered[s] as (typeof ordered)[number];
      const base = (offset[s] as number) - (start[s] as number) - minDay;
      const [o, h, l, c, v] = bars.cols as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
      const days = bars.days;
      for (let k = 0; k < count; k++) {
        const i = order ? (order[k] as number) : k;
        const cell = base + minDay + (axisIndex[(days[i] as number) - minDay] as number);
        open[cell] = o[i] as number;
        high[cell] = h[i] as number;
        low[cell] = l[i] as number;
        close[cell] = c[i] as number;
        volume[cell] = v[i] as number;
      }
    }

    const infos = symbols.map((symbol) => this.#info.get(symbol) ?? defaultSymbolInfo(symbol));
    const { fields, values } = this.#fundamentalColumns(symbols);
    const symbolsWithoutBars = [...new Set([...this.#info.keys(), ...this.#fundamentals.keys()])]
      .filter((s) => !this.#bars.has(s))
      .sort(compareCodeUnits);

    return {
      table: {
        days: Int32Array.from(axis),
        symbols: infos,
        start,
        length,
        offset,
        open,
        high,
        low,
        close,
        volume,
        fundamentalFields: fields,
        fundamentals: values,
      },
      symbolsWithoutBars,
    };
  }

  /** Indices of `bars` in day order, first of each duplicate day only (the rest are reported). */
  #dedupedOrder(symbol: string, bars: SymbolBars): Int32Array {
    const idx = Array.from({ length: bars.count }, (_, i) => i);
    idx.sort((a, b) => (bars.days[a] as number) - (bars.days[b] as number) || a - b);
    const out: number[] = [];
    for (const i of idx) {
      const prev = out[out.length - 1];
      if (prev !== undefined && bars.days[prev] === bars.days[i]) {
        const row = [symbol, isoDay(bars.days[i] as UnixDay), ...bars.cols.map((c) => c[i])].join(",");
        this.#report.unkeep("duplicate_bar", "duplicate", row);
        continue;
      }
      out.push(i);
    }
    return Int32Array.from(out);
  }

  #fundamentalColumns(symbols: string[]): { fields: FundamentalField[]; values: Float32Array } {
    const fields = FUNDAMENTAL_FIELDS.filter((f) =>
      symbols.some((s) => Number.isFinite(this.#fundamentals.get(s)?.[f] ?? Number.NaN)),
    );
    const values = new Float32Array(fields.length * symbols.length).fill(Number.NaN);
    fields.forEach((field, f) => {
      symbols.forEach((symbol, s) => {
        const v = this.#fundamentals.get(symbol)?.[field];
        if (v !== undefined && Number.isFinite(v)) values[f * symbols.length + s] = v;
      });
    });
    return { fields, values };
  }
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
