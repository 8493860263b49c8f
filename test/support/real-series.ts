// Real daily series for indicator tests, read straight from ../shared/data's CSV as
// float64 (the values TA-Lib sees), for a deterministic sample of symbols that includes
// missing days, zero-volume days and penny prices. Cached per process.

import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { CsvTokenizer } from "../../engine/bars/csv-tokenizer.ts";
import { REAL_PRICES } from "./shared-data.ts";

export interface RealSeries {
  readonly symbol: string;
  /** UnixDay of each bar present in the file (ascending). */
  readonly days: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

let cache: Promise<Map<string, RealSeries>> | null = null;

/** Every symbol, or those `keep` accepts. Bars that fail validation (high < low etc.) are dropped, as an import would. */
export function loadRealSeries(keep: (symbol: string) => boolean = () => true): Promise<Map<string, RealSeries>> {
  cache ??= read(keep);
  return cache;
}

async function read(keep: (symbol: string) => boolean): Promise<Map<string, RealSeries>> {
  const rows = new Map<string, number[][]>();
  let header = true;
  const tokenizer = new CsvTokenizer((row) => {
    if (header) {
      header = false;
      return;
    }
    const symbol = row.repeatedText(1);
    if (!keep(symbol)) return;
    const day = row.isoDay(0);
    const o = row.number(2);
    const h = row.number(3);
    const l = row.number(4);
    const c = row.number(5);
    const v = row.number(6);
    if (day === null || !(o > 0 && h >= l && l > 0 && o >= l && o <= h && c >= l && c <= h && v >= 0)) return;
    if ([0, 6].includes((day + 4) % 7)) return;
    let list = rows.get(symbol);
    if (!list) rows.set(symbol, (list = []));
    list.push([day, o, h, l, c, v]);
  });
  for await (const chunk of createReadStream(REAL_PRICES).pipe(createGunzip())) tokenizer.push(chunk as Buffer);
  tokenizer.end();
  const out = new Map<string, RealSeries>();
  for (const [symbol, list] of rows) {
    list.sort((a, b) => (a[0] as number) - (b[0] as number));
    const col = (k: number) => Float64Array.from(list, (r) => r[k] as number);
    out.set(symbol, {
      symbol,
      days: Int32Array.from(list, (r) => r[0] as number),
      open: col(1),
      high: col(2),
      low: col(3),
      close: col(4),
      volume: col(5),
    });
  }
  return out;
}

/** A deterministic sample: every `step`-th symbol plus hand-picked awkward ones. */
export function sampleSymbols(all: Iterable<string>, step: number, extra: readonly string[] = []): string[] {
  const sorted = [...all].sort();
  return [...new Set([...sorted.filter((_, i) => i % step === 0), ...extra.filter((s) => sorted.includes(s))])];
}
