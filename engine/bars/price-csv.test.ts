import { describe, expect, it } from "vitest";
import { seriesOf } from "../snapshot/bar-table.ts";
import { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { CsvFormatError } from "./csv-tokenizer.ts";
import { IngestReport } from "./ingest-report.ts";
import { PriceCsvReader } from "./price-csv.ts";

function read(text: string) {
  const report = new IngestReport();
  const builder = new UniverseBuilder(report);
  const reader = new PriceCsvReader(builder, "prices.csv");
  reader.push(new TextEncoder().encode(text));
  reader.end();
  return { report, builder };
}

const GOOD = [
  "2024-01-02,AAA,10,11,9.5,10.5,1000",
  "2024-01-03,AAA,10.5,10.8,10.1,10.2,1200",
  "2024-01-02,BRK-B,360,365,358,362,3000000",
];

describe("price CSV import", () => {
  it("keeps valid rows and refuses each kind of bad row into the report with its line", () => {
    const bad = [
      "2024-01-04,AAA,10,11,9.5", //               malformed_row
      "2024-13-01,AAA,10,11,9.5,10.5,1000", //     malformed_date
      "2024-01-06,AAA,10,11,9.5,10.5,1000", //     non_trading_day (Saturday)
      "2024-01-15,AAA,10,11,9.5,10.5,1000", //     non_trading_day (MLK Day)
      "2024-01-05,aaa lower,10,11,9.5,10.5,100", // malformed_symbol
      "2024-01-05,AAA,ten,11,9.5,10.5,1000", //    malformed_number
      "2024-01-05,AAA,10,11,9.5,10.5,", //         malformed_number (empty volume)
      "2024-01-05,AAA,10,Infinity,9.5,10.5,1000", // non_finite_price
      "2024-01-05,AAA,0,11,0,10.5,1000", //        non_positive_price
      "2024-01-05,AAA,10,9,11,10,1000", //         high_below_low
      "2024-01-05,AAA,12,11,9.5,10.5,1000", //     open_outside_range
      "2024-01-05,AAA,10,11,9.5,8,1000", //        close_outside_range
      "2024-01-05,AAA,10,11,9.5,10.5,-1", //       negative_volume
      "2024-01-02,AAA,99,99,99,99,1", //           duplicate_bar (first 2024-01-02 row is kept)
    ];
    const { report, builder } = read(["date,symbol,open,high,low,close,volume", ...GOOD, ...bad].join("\n"));
    const { table } = builder.build();
    const json = report.toJSON();
    expect(json.rowsRead, "every data row is counted").toBe(GOOD.length + bad.length);
    expect(json.rowsKept, "only valid rows are kept").toBe(3);
    expect(json.rowsRejected).toBe(bad.length);
    const counts = Object.fromEntries(Object.entries(json.rejected).map(([k, v]) => [k, v.count]));
    expect(counts).toEqual({
      malformed_row: 1,
      malformed_date: 1,
      non_trading_day: 2,
      malformed_symbol: 1,
      malformed_number: 2,
      non_finite_price: 1,
      non_positive_price: 1,
      high_below_low: 1,
      open_outside_range: 1,
      close_outside_range: 1,
      negative_volume: 1,
      duplicate_bar: 1,
    });
    expect(json.rejected.high_below_low?.examples[0]?.where, "examples name file and line").toBe("prices.csv:14");
    const aaa = table.symbols.findIndex((s) => s.symbol === "AAA");
    expect(Array.from(seriesOf(table, "close", aaa)), "the first of duplicate rows wins").toEqual([
      10.5,
      Math.fround(10.2),
    ]);
  });

  it("accepts columns in any order, extra columns and a ticker alias", () => {
    const { builder } = read(
      "Volume,Close,Ticker,Low,High,Open,Date,Adj Close\n1000,10.5,XYZ,9.5,11,10,2024-01-02,10.4\n",
    );
    const { table } = builder.build();
    expect(table.symbols.map((s) => s.symbol)).toEqual(["XYZ"]);
    expect(table.close[0]).toBe(10.5);
    expect(table.volume[0]).toBe(1000);
  });

  it("says which columns are missing from the header", () => {
    expect(() => read("date,symbol,open,high,low,close\n2024-01-02,A,1,1,1,1\n")).toThrow(CsvFormatError);
    expect(() => read("date,symbol,open,high,low,close\n")).toThrow(/lacks column volume/);
    expect(() => read("")).toThrow(/empty file/);
  });

  it("lays out symbols with different first and last days on one axis, NaN for a missing bar", () => {
    const { builder } = read(
      [
        "date,symbol,open,high,low,close,volume",
        "2024-01-02,OLD,5,5,5,5,10",
        "2024-01-03,OLD,5,5,5,5,10",
        "2024-01-03,IPO,20,21,19,20,10",
        "2024-01-04,IPO,20,21,19,20.5,10",
        "2024-01-02,GAP,1,1,1,1,1",
        "2024-01-04,GAP,1,1.25,1,1.25,1",
      ].join("\n"),
    );
    const { table } = builder.build();
    expect(table.days.length).toBe(3);
    const find = (s: string) => table.symbols.findIndex((x) => x.symbol === s);
    expect([table.start[find("IPO")], table.length[find("IPO")]]).toEqual([1, 2]);
    expect([table.start[find("OLD")], table.length[find("OLD")]]).toEqual([0, 2]);
    const gap = Array.from(seriesOf(table, "close", find("GAP")));
    expect(gap[0]).toBe(1);
    expect(gap[1], "a day the symbol did not trade is NaN").toBeNaN();
    expect(gap[2]).toBe(1.25);
  });
});
