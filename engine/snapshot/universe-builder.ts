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

    // Sort each symbol's bars by day (stable, so the first of duplicates stays first) and drop duplicates.
    let minDay = Number.POSITIVE_INFINITY;
    let maxDay = Number.NEGATIVE_INFINITY;
    const ordered = symbols.map((symbol) => {
      const bars = this.#bars.get(symbol) as SymbolBars;
      const order = this.#dedupedOrder(symbol, bars);
      minDay = Math.min(minDay, bars.days[order[0] ?? 0] ?? 0);
      maxDay = Math.max(maxDay, bars.days[order[order.length - 1] ?? 0] ?? 0);
      return { symbol, bars, order };
    });

    // The axis is every day on which at least one symbol has a bar.
    const span = maxDay - minDay + 1;
    const seen = new Uint8Array(span);
    for (const { bars, order } of ordered) for (const i of order) seen[(bars.days[i] ?? 0) - minDay] = 1;
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
    ordered.forEach(({ bars, order }, s) => {
      const first = axisIndex[(bars.days[order[0] ?? 0] ?? 0) - minDay] ?? 0;
      const last = axisIndex[(bars.days[order[order.length - 1] ?? 0] ?? 0) - minDay] ?? 0;
      start[s] = first;
      length[s] = last - first + 1;
      offset[s] = cells;
      cells += last - first + 1;
    });

    const columns = [0, 1, 2, 3, 4].map(() => new Float32Array(cells).fill(Number.NaN)) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    ordered.forEach(({ bars, order }, s) => {
      const base = (offset[s] ?? 0) - (start[s] ?? 0);
      for (const i of order) {
        const cell = base + (axisIndex[(bars.days[i] ?? 0) - minDay] ?? 0);
        for (let f = 0; f < 5; f++)
          (columns[f] as Float32Array)[cell] = (bars.cols[f] as Float32Array)[i] ?? Number.NaN;
      }
    });

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
        open: columns[0],
        high: columns[1],
        low: columns[2],
        close: columns[3],
        volume: columns[4],
        fundamentalFields: fields,
        fundamentals: values,
      },
      symbolsWithoutBars,
    };
  }

  #dedupedOrder(symbol: string, bars: SymbolBars): number[] {
    const idx = Array.from({ length: bars.count }, (_, i) => i);
    if (!bars.sorted) idx.sort((a, b) => (bars.days[a] ?? 0) - (bars.days[b] ?? 0) || a - b);
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
    return out;
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
