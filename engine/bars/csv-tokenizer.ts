// A streaming RFC 4180 CSV tokenizer over UTF-8 bytes. Chunks go in as they arrive (from
// a file, a gunzip stream, an HTTP body); each complete row comes out as a reusable
// cursor whose fields are read straight from the bytes — numbers and dates are parsed
// without making a string, so millions of rows cost no per-row allocation. Quoted
// fields, escaped quotes, CRLF, a BOM and rows split across chunks are all handled.
//
// Why not a CSV library: the price file is the import benchmark's hot path (5 M rows); a
// library hands out a string array per row. Correctness is pinned by a differential test
// against papaparse on generated CSV.

import { dayFromUtc, type UnixDay } from "../calendar/unix-day.ts";

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const SPACE = 32;
const TAB = 9;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const utf8 = new TextDecoder("utf-8");
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export class CsvRow {
  /** 1-based line number where the row starts (the header is line 1). */
  line = 0;
  count = 0;
  buf: Uint8Array = new Uint8Array(0);
  rowStart = 0;
  rowEnd = 0;
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  quoted = new Uint8Array(32);

  text(i: number): string {
    if (i >= this.count) return "";
    const s = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    const raw = utf8.decode(this.buf.subarray(s, e));
    return this.quoted[i] ? raw.replaceAll('""', '"') : raw;
  }

  /** The field as a number; NaN when empty or not a number. Exact (same double as parseFloat). */
  number(i: number): number {
    if (i >= this.count) return Number.NaN;
    const buf = this.buf;
    let s = this.starts[i] ?? 0;
    let e = this.ends[i] ?? 0;
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    if (s === e) return Number.NaN;
    let p = s;
    let negative = false;
    if (buf[p] === MINUS) {
      negative = true;
      p++;
    } else if (buf[p] === PLUS) p++;
    let mantissa = 0;
    let digits = 0;
    let fraction = 0;
    for (; p < e; p++) {
      const d = (buf[p] ?? 0) - 48;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
    }
    if (p < e && buf[p] === DOT) {
      for (p++; p < e; p++) {
        const d = (buf[p] ?? 0) - 48;
        if (d < 0 || d > 9) break;
        mantissa = mantissa * 10 + d;
        digits++;
        fraction++;
      }
    }
    // Fast path: up to 15 significant digits is an exact integer; one division by an exact
    // power of ten is then correctly rounded, i.e. the same double parseFloat returns.
    if (p === e && digits > 0 && digits <= 15) {
      const value = fraction ? mantissa / (POW10[fraction] as number) : mantissa;
      return negative ? -value : value;
    }
    const text = utf8.decode(buf.subarray(s, e));
    const value = Number(text);
    return text.trim() === "" ? Number.NaN : value;
  }

  /** The field as a YYYY-MM-DD date, or null when it is not one. */
  isoDay(i: number): UnixDay | null {
    if (i >= this.count) return null;
    const buf = this.buf;
    const s = this.starts[i] ?? 0;
    if ((this.ends[i] ?? 0) - s !== 10 || buf[s + 4] !== MINUS || buf[s + 7] !== MINUS) return null;
    const y0 = (buf[s] ?? 0) - 48;
    const y1 = (buf[s + 1] ?? 0) - 48;
    const y2 = (buf[s + 2] ?? 0) - 48;
    const y3 = (buf[s + 3] ?? 0) - 48;
    const m0 = (buf[s + 5] ?? 0) - 48;
    const m1 = (buf[s + 6] ?? 0) - 48;
    const d0 = (buf[s + 8] ?? 0) - 48;
    const d1 = (buf[s + 9] ?? 0) - 48;
    if (
      (y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0 ||
      y0 > 9 ||
      y1 > 9 ||
      y2 > 9 ||
      y3 > 9 ||
      m0 > 9 ||
      m1 > 9 ||
      d0 > 9 ||
      d1 > 9
    )
      return null;
    const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    const month = m0 * 10 + m1;
    const day = d0 * 10 + d1;
    if (year < 1800 || month < 1 || month > 12 || day < 1) return null;
    const monthDays =
      month === 2
        ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
          ? 29
          : 28
        : (MONTH_DAYS[month - 1] as number);
    if (day > monthDays) return null;
    return dayFromUtc(year, month, day);
  }

  /** The field as text, reusing the previous call's string when the bytes are the same (sorted files repeat a symbol for hundreds of rows). */
  repeatedText(i: number): string {
    const s = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    const last = this.#lastBytes;
    const n = e - s;
    if (n === this.#lastLength && !this.quoted[i]) {
      let same = true;
      for (let k = 0; k < n; k++) {
        if (this.buf[s + k] !== last[k]) {
          same = false;
          break;
        }
      }
      if (same) return this.#lastText;
    }
    this.#lastText = this.text(i);
    if (n <= last.length) {
      last.set(this.buf.subarray(s, e));
      this.#lastLength = n;
    } else this.#lastLength = -1;
    return this.#lastText;
  }

  #lastBytes = new Uint8Array(64);
  #lastLength = -1;
  #lastText = "";

  /** The row as it appeared in the file (for reports). */
  raw(): string {
    return utf8.decode(this.buf.subarray(this.rowStart, this.rowEnd));
  }

  grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const quoted = new Uint8Array(size);
    quoted.set(this.quoted);
    this.starts = starts;
    this.ends = ends;
    this.quoted = quoted;
  }
}

export class CsvFormatError extends Error {
  override name = "CsvFormatError";
}

const MAX_ROW_BYTES = 1 << 20;

export class CsvTokenizer {
  readonly #onRow: (row: CsvRow) => void;
  readonly #row = new CsvRow();
  #carry: Uint8Array | null = null;
  #line = 1;
  #first = true;

  constructor(onRow: (row: CsvRow) => void) {
    this.#onRow = onRow;
  }

  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.#carry) {
      buf = new Uint8Array(this.#carry.length + chunk.length);
      buf.set(this.#carry);
      buf.set(chunk, this.#carry.length);
      this.#carry = null;
    }
    let pos = 0;
    if (this.#first && buf.length >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      this.#first = false;
    }
    pos = this.#scan(buf, pos, false);
    if (pos < buf.length) {
      if (buf.length - pos > MAX_ROW_BYTES)
        throw new CsvFormatError(`line ${this.#line}: a row longer than 1 MB (unclosed quote?)`);
      // The stream may reuse its chunk buffer, so keep a copy of the partial row.
      this.#carry = buf.slice(pos);
    }
  }

  end(): void {
    if (this.#carry) {
      const buf = this.#carry;
      this.#carry = null;
      this.#scan(buf, 0, true);
    }
  }

  /** Emits every complete row from `pos`; returns where the first incomplete row starts. */
  #scan(buf: Uint8Array, pos: number, final: boolean): number {
    const row = this.#row;
    const n = buf.length;
    row.buf = buf;
    while (pos < n) {
      const rowStart = pos;
      let lines = 1;
      let count = 0;
      let p = pos;
      let complete = false;
      for (;;) {
        if (count === row.starts.length) row.grow();
        if (buf[p] === QUOTE) {
          // Quoted field: runs to a quote not followed by another quote.
          const start = p + 1;
          let q = start;
          let closed = false;
          while (q < n) {
            const c = buf[q];
            if (c === QUOTE) {
              if (buf[q + 1] === QUOTE) q += 2;
              else {
                closed = true;
                break;
              }
            } else {
              if (c === LF) lines++;
              q++;
            }
          }
          if (!closed) {
            if (!final) return rowStart;
            throw new CsvFormatError(`line ${this.#line}: a quoted field is never closed`);
          }
          row.starts[count] = start;
          row.ends[count] = q;
          row.quoted[count] = 1;
          count++;
          p = q + 1;
          // Anything between the closing quote and the delimiter is tolerated and ignored.
          while (p < n && buf[p] !== COMMA && buf[p] !== LF && buf[p] !== CR) p++;
        } else {
          const start = p;
          while (p < n) {
            const c = buf[p];
            if (c === COMMA || c === LF || c === CR) break;
            p++;
          }
          row.starts[count] = start;
          row.ends[count] = p;
          row.quoted[count] = 0;
          count++;
        }
        if (p >= n) {
          if (!final) return rowStart;
          complete = true;
          break;
        }
        const c = buf[p];
        if (c === COMMA) {
          p++;
          if (p >= n && !final) return rowStart;
          continue;
        }
        // End of line: LF, CRLF or a lone CR.
        if (c === CR) {
          if (p + 1 >= n && !final) return rowStart;
          p += buf[p + 1] === LF ? 2 : 1;
        } else p++;
        complete = true;
        break;
      }
      if (!complete) return rowStart;
      row.rowStart = rowStart;
      let rowEnd = p;
      while (rowEnd > rowStart && (buf[rowEnd - 1] === LF || buf[rowEnd - 1] === CR)) rowEnd--;
      row.rowEnd = rowEnd;
      row.count = count;
      row.line = this.#line;
      this.#line += lines;
      pos = p;
      // A blank line is not a row.
      if (count === 1 && row.ends[0] === row.starts[0] && !row.quoted[0]) continue;
      this.#onRow(row);
    }
    return pos;
  }
}
