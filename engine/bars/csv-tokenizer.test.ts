import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { isoDay } from "../calendar/unix-day.ts";
import { type CsvRow, CsvTokenizer } from "./csv-tokenizer.ts";

const utf8 = new TextEncoder();

function tokenize(text: string, cuts: number[] = []): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const tokenizer = new CsvTokenizer((row: CsvRow) => {
    rows.push(Array.from({ length: row.count }, (_, i) => row.text(i)));
    lines.push(row.line);
  });
  const bytes = utf8.encode(text);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(cut, bytes.length);
    tokenizer.push(bytes.subarray(from, at));
    from = at;
  }
  tokenizer.push(bytes.subarray(from));
  tokenizer.end();
  return { rows, lines };
}

const field = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 .\-_]{0,8}$/),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/\r/g, "")),
  fc.constantFrom("", '"', ",", "\n", '""', "é", "BRK-B"),
);
const csvRows = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 });

describe("CSV tokenizer", () => {
  it("agrees with papaparse on any CSV, however the bytes are chunked", () => {
    fc.assert(
      fc.property(csvRows, fc.array(fc.nat({ max: 400 }), { maxLength: 6 }), fc.boolean(), (rows, cuts, crlf) => {
        // Rows that are a single empty field are blank lines, which neither side emits as rows.
        const kept = rows.filter((r) => !(r.length === 1 && r[0] === ""));
        const text = Papa.unparse(kept, { newline: crlf ? "\r\n" : "\n", quotes: false });
        const expected = Papa.parse<string[]>(text, { skipEmptyLines: true, delimiter: "," }).data;
        expect(tokenize(text, cuts).rows).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it("reads quoted fields with commas, quotes and newlines, and counts lines across them", () => {
    const text = 'date,name\n2024-01-02,"Acme, Inc. ""Class A"""\n2024-01-03,"two\nlines"\n2024-01-04,plain\n';
    const { rows, lines } = tokenize(text, [13, 30, 31]);
    expect(rows).toEqual([
      ["date", "name"],
      ["2024-01-02", 'Acme, Inc. "Class A"'],
      ["2024-01-03", "two\nlines"],
      ["2024-01-04", "plain"],
    ]);
    expect(lines, "line numbers must point at the row's first line in the file").toEqual([1, 2, 3, 5]);
  });

  it("skips a UTF-8 byte-order mark and blank lines, and reads a last row without a newline", () => {
    const text = "\uFEFFa,b\n\n1,2\r\n\r\n3,4";
    expect(tokenize(text).rows).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("parses numbers to exactly the double parseFloat gives", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const texts = [String(x), x.toFixed(4), x.toPrecision(12)];
        for (const text of texts) {
          let got = Number.NaN;
          const t = new CsvTokenizer((row) => {
            got = row.number(0);
          });
          t.push(utf8.encode(`${text}\n`));
          t.end();
          expect(Object.is(got, Number(text)) || got === Number(text), `${text}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("gives NaN for empty or non-numeric fields rather than 0", () => {
    const values: number[] = [];
    const t = new CsvTokenizer((row) => {
      for (let i = 0; i < row.count; i++) values.push(row.number(i));
    });
    t.push(utf8.encode(",abc,1.2.3, 7 ,1e3,-0.5\n"));
    t.end();
    expect(values.slice(0, 3).every(Number.isNaN), "empty and junk must be NaN").toBe(true);
    expect(values.slice(3)).toEqual([7, 1000, -0.5]);
  });

  it("parses dates and refuses impossible ones", () => {
    const days: (string | null)[] = [];
    const t = new CsvTokenizer((row) => {
      for (let i = 0; i < row.count; i++) {
        const d = row.isoDay(i);
        days.push(d === null ? null : isoDay(d));
      }
    });
    t.push(utf8.encode("2024-02-29,2023-02-29,2024-13-01,2024-1-01,20240101,1999-12-31,2016-12-30\n"));
    t.end();
    expect(days).toEqual(["2024-02-29", null, null, null, null, "1999-12-31", "2016-12-30"]);
  });

  it("reuses the symbol string for repeated rows but never confuses two symbols", () => {
    const seen: string[] = [];
    const t = new CsvTokenizer((row) => seen.push(row.repeatedText(0)));
    t.push(utf8.encode('AAPL\nAAPL\nAAPM\nAAP\n"AAP"\nA\nAAPL\n'));
    t.end();
    expect(seen).toEqual(["AAPL", "AAPL", "AAPM", "AAP", "AAP", "A", "AAPL"]);
  });
});
