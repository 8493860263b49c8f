// Reads long-form price CSV into one float64 series per symbol, keeping the file's exact
// values (no float32 narrowing) — what `technic indicators` computes on, so its output can
// be diffed against TA-Lib or a charting tool fed the same file. Rows are validated like an
// import's (prices, ranges, volume, dates); every row is kept in order of appearance so a
// refused row can still be written out, with empty indicator cells.

import { validateBar } from "./bar-validation.ts";
import { CsvFormatError, type CsvRow, CsvTokenizer } from "./csv-tokenizer.ts";
import type { IngestReport, RejectReason } from "./ingest-report.ts";

const REQUIRED = ["date", "symbol", "open", "high", "low", "close", "volume"] as const;

class Growable {
  values = new Float64Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

export interface SymbolSeries {
  readonly symbol: string;
  /** Every row of the symbol in file order: day (NaN if unreadable), and whether it is a usable bar. */
  readonly day: Float64Array;
  readonly valid: Uint8Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export class SymbolSeriesReader {
  readonly #tokenizer: CsvTokenizer;
  readonly #source: string;
  readonly #report: IngestReport;
  readonly #keep: ((symbol: string) => boolean) | null;
  readonly #series = new Map<string, Growable[]>();
  readonly #lastDay = new Map<string, number>();
  #columns: number[] | null = null;

  constructor(source: string, report: IngestReport, keep: ((symbol: string) => boolean) | null = null) {
    this.#source = source;
    this.#report = report;
    this.#keep = keep;
    this.#tokenizer = new CsvTokenizer((row) => this.#onRow(row));
  }

  push(chunk: Uint8Array): void {
    this.#tokenizer.push(chunk);
  }

  /** Ends the input; returns each symbol's series in order of first appearance. */
  end(): SymbolSeries[] {
    this.#tokenizer.end();
    if (!this.#columns) throw new CsvFormatError(`${this.#source}: empty file (no header row)`);
    return [...this.#series].map(([symbol, g]) => {
      const [day, valid, o, h, l, c, v] = g.map((x) => x.view()) as Float64Array[];
      return {
        symbol,
        day: day as Float64Array,
        valid: Uint8Array.from(valid as Float64Array),
        open: o as Float64Array,
        high: h as Float64Array,
        low: l as Float64Array,
        close: c as Float64Array,
        volume: v as Float64Array,
      };
    });
  }

  #onRow(row: CsvRow): void {
    if (!this.#columns) {
      const names = Array.from({ length: row.count }, (_, i) => row.text(i).trim().toLowerCase());
      const missing = REQUIRED.filter((r) => !names.includes(r));
      if (missing.length > 0)
        throw new CsvFormatError(
          `${this.#source}: header lacks ${missing.join(", ")} (expected date,symbol,open,high,low,close,volume)`,
        );
      this.#columns = REQUIRED.map((r) => names.indexOf(r));
      return;
    }
    const at = this.#columns;
    const symbol = row.repeatedText(at[1] as number).trim();
    if (this.#keep && !this.#keep(symbol)) return;
    this.#report.rowsRead++;
    let g = this.#series.get(symbol);
    if (!g) this.#series.set(symbol, (g = Array.from({ length: 7 }, () => new Growable())));
    const day = row.isoDay(at[0] as number);
    const o = row.number(at[2] as number);
    const h = row.number(at[3] as number);
    const l = row.number(at[4] as number);
    const c = row.number(at[5] as number);
    const v = row.number(at[6] as number);
    let reason: RejectReason | null =
      day === null ? "malformed_date" : symbol === "" ? "malformed_symbol" : validateBar(o, h, l, c, v);
    const lastDay = this.#lastDay.get(symbol);
    if (!reason && day !== null && lastDay !== undefined && day <= lastDay)
      reason = day === lastDay ? "duplicate_bar" : "malformed_row";
    if (reason)
      this.#report.reject(
        reason,
        `${this.#source}:${row.line}`,
        reason === "malformed_row" ? `${row.raw()} (dates of a symbol must ascend)` : row.raw(),
      );
    else {
      this.#report.rowsKept++;
      this.#lastDay.set(symbol, day as number);
    }
    (g[0] as Growable).push(day ?? Number.NaN);
    (g[1] as Growable).push(reason ? 0 : 1);
    (g[2] as Growable).push(o);
    (g[3] as Growable).push(h);
    (g[4] as Growable).push(l);
    (g[5] as Growable).push(c);
    (g[6] as Growable).push(v);
  }
}
