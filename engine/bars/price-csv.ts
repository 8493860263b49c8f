// Reads long-form daily price CSV (`date,symbol,open,high,low,close,volume`, any column
// order, extra columns ignored) chunk by chunk into a UniverseBuilder. Rows never become
// objects: each is validated straight from the tokenizer's cursor, and refused rows go to
// the ingest report with their line number.

import type { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { CsvFormatError, type CsvRow, CsvTokenizer } from "./csv-tokenizer.ts";

const REQUIRED = ["date", "symbol", "open", "high", "low", "close", "volume"] as const;
const ALIASES: Record<string, (typeof REQUIRED)[number]> = { ticker: "symbol", vol: "volume" };

export class PriceCsvReader {
  readonly #builder: UniverseBuilder;
  readonly #source: string;
  readonly #tokenizer: CsvTokenizer;
  #columns: number[] | null = null;
  #width = 0;

  /** `source` names the input in reports, e.g. "prices.csv.gz". */
  constructor(builder: UniverseBuilder, source: string) {
    this.#builder = builder;
    this.#source = source;
    this.#tokenizer = new CsvTokenizer((row) => this.#onRow(row));
  }

  push(chunk: Uint8Array): void {
    this.#tokenizer.push(chunk);
  }

  end(): void {
    this.#tokenizer.end();
    if (!this.#columns) throw new CsvFormatError(`${this.#source}: empty file (no header row)`);
  }

  #onRow(row: CsvRow): void {
    if (!this.#columns) {
      this.#columns = this.#header(row);
      this.#width = Math.max(...this.#columns) + 1;
      return;
    }
    // Column index of date, symbol, open, high, low, close, volume.
    const at = this.#columns;
    const builder = this.#builder;
    if (row.count < this.#width) {
      builder.report.rowsRead++;
      builder.report.reject("malformed_row", `${this.#source}:${row.line}`, row.raw());
      return;
    }
    const day = row.isoDay(at[0] as number);
    if (day === null) {
      builder.report.rowsRead++;
      builder.report.reject("malformed_date", `${this.#source}:${row.line}`, row.raw());
      return;
    }
    const o = row.number(at[2] as number);
    const h = row.number(at[3] as number);
    const l = row.number(at[4] as number);
    const c = row.number(at[5] as number);
    const v = row.number(at[6] as number);
    const reason =
      Number.isNaN(o) || Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(c) || Number.isNaN(v)
        ? "malformed_number"
        : null;
    if (reason) {
      builder.report.rowsRead++;
      builder.report.reject(reason, `${this.#source}:${row.line}`, row.raw());
      return;
    }
    const refused = builder.addBar(row.repeatedText(at[1] as number).trim(), day, o, h, l, c, v);
    if (refused) builder.report.reject(refused, `${this.#source}:${row.line}`, row.raw());
  }

  #header(row: CsvRow): number[] {
    const names: string[] = [];
    for (let i = 0; i < row.count; i++) {
      const name = row.text(i).trim().toLowerCase();
      names.push(ALIASES[name] ?? name);
    }
    const missing = REQUIRED.filter((r) => !names.includes(r));
    if (missing.length > 0)
      throw new CsvFormatError(
        `${this.#source}: header lacks column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (found: ${names.join(", ") || "nothing"}); expected date,symbol,open,high,low,close,volume`,
      );
    return REQUIRED.map((r) => names.indexOf(r));
  }
}
