import { describe, expect, it } from "vitest";
import { IngestReport } from "../bars/ingest-report.ts";
import { isoDay, parseIsoDay, type UnixDay } from "../calendar/unix-day.ts";
import { tradingDaysEnding } from "../calendar/us-market-calendar.ts";
import { type BarTable, fundamentalOf, seriesOf } from "../snapshot/bar-table.ts";
import { FUNDAMENTAL_FIELDS } from "../snapshot/fundamentals.ts";
import { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { DEMO_DEFAULTS, type DemoOptions, generateDemoUniverse } from "./index.ts";

const SECTOR_ETFS = ["XLK", "XLF", "XLV", "XLE", "XLI", "XLY", "XLP", "XLU", "XLB", "XLRE", "XLC"];

function demo(options: DemoOptions = {}): { table: BarTable; report: IngestReport } {
  const report = new IngestReport();
  const builder = new UniverseBuilder(report);
  generateDemoUniverse(builder, options);
  const { table } = builder.build();
  return { table, report };
}

function indexOf(table: BarTable, symbol: string): number {
  return table.symbols.findIndex((s) => s.symbol === symbol);
}

function lastClose(table: BarTable, s: number): number {
  const c = seriesOf(table, "close", s);
  for (let i = c.length - 1; i >= 0; i--) if (!Number.isNaN(c[i] ?? Number.NaN)) return c[i] as number;
  return Number.NaN;
}

function stockIndices(table: BarTable): number[] {
  return table.symbols.flatMap((s, i) => (s.type === "stock" ? [i] : []));
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const small = demo({ symbols: 600 });

describe("demo universe: determinism", () => {
  it("gives bit-identical bars, symbols and fundamentals for the same seed and options", () => {
    const again = demo({ symbols: 600 });
    expect(again.table.symbols, "same symbols and metadata").toEqual(small.table.symbols);
    for (const field of ["open", "high", "low", "close", "volume"] as const)
      expect(sameArray(again.table[field], small.table[field]), `${field} column identical`).toBe(true);
    expect(sameArray(again.table.fundamentals, small.table.fundamentals), "fundamentals identical").toBe(true);
  });

  it("gives different data for a different seed", () => {
    const other = demo({ symbols: 600, seed: 43 });
    const spyA = seriesOf(small.table, "close", indexOf(small.table, "SPY"));
    const spyB = seriesOf(other.table, "close", indexOf(other.table, "SPY"));
    expect(sameArray(spyA, spyB), "SPY's closes differ between seeds 42 and 43").toBe(false);
    const tickersA = small.table.symbols.map((s) => s.symbol).join();
    const tickersB = other.table.symbols.map((s) => s.symbol).join();
    expect(tickersA, "the generated tickers differ too").not.toBe(tickersB);
  });
});

describe("demo universe: bars a user can trust", () => {
  it("passes the shared bar validation with zero rejections", () => {
    expect(small.report.rowsRejected, JSON.stringify(small.report.toJSON().rejected)).toBe(0);
    expect(small.report.rowsKept, "every generated bar was kept").toBe(small.report.rowsRead);
  });

  it("has high >= max(open, close), low <= min(open, close), positive prices and non-negative volume", () => {
    const { open, high, low, close, volume } = small.table;
    let bad = 0;
    for (let i = 0; i < close.length; i++) {
      const o = open[i] as number;
      const c = close[i] as number;
      if (Number.isNaN(c)) continue;
      const h = high[i] as number;
      const l = low[i] as number;
      if (!(h >= Math.max(o, c) && l <= Math.min(o, c) && l > 0 && (volume[i] as number) >= 0)) bad++;
    }
    expect(bad, "bars breaking OHLC consistency").toBe(0);
  });

  it("uses unique 1-5 letter tickers and puts 'Demo' in every name", () => {
    const tickers = small.table.symbols.map((s) => s.symbol);
    expect(new Set(tickers).size, "tickers are unique").toBe(tickers.length);
    for (const s of small.table.symbols) {
      expect(s.symbol, "ticker shape").toMatch(/^[A-Z]{1,5}$/);
      expect(s.name, `${s.symbol}'s name says it is demo data`).toContain("Demo");
      expect(s.sector, `${s.symbol} has a sector`).not.toBe("");
      expect(s.industry, `${s.symbol} has an industry`).not.toBe("");
    }
    const exchanges = new Set(small.table.symbols.map((s) => s.exchange));
    for (const ex of ["NYSE", "NASDAQ", "AMEX", "NYSE Arca"]) expect(exchanges.has(ex), `lists on ${ex}`).toBe(true);
  });

  it("includes SPY and the eleven sector ETFs, complete and typed etf", () => {
    const spy = indexOf(small.table, "SPY");
    expect(spy, "SPY is present").toBeGreaterThanOrEqual(0);
    expect(small.table.symbols[spy]?.name).toBe("Demo Market Index ETF");
    for (const symbol of ["SPY", ...SECTOR_ETFS]) {
      const s = indexOf(small.table, symbol);
      expect(s, `${symbol} is present`).toBeGreaterThanOrEqual(0);
      expect(small.table.symbols[s]?.type, `${symbol} is an ETF`).toBe("etf");
      expect(small.table.length[s], `${symbol} has a bar every day`).toBe(small.table.days.length);
      expect(seriesOf(small.table, "close", s).some(Number.isNaN), `${symbol} has no missing bar`).toBe(false);
    }
    const spyVolume = [...seriesOf(small.table, "volume", spy)].sort((a, b) => a - b);
    expect(spyVolume[spyVolume.length >> 1], "SPY trades tens of millions of shares a day").toBeGreaterThan(20e6);
    const etfShare = small.table.symbols.filter((s) => s.type === "etf").length / small.table.symbols.length;
    expect(etfShare, "about 10% of symbols are ETFs").toBeCloseTo(0.1, 2);
  });

  it("has IPOs, delistings and a few missing bars inside runs", () => {
    const { table } = small;
    const stocks = stockIndices(table);
    const ipos = stocks.filter((s) => (table.start[s] ?? 0) > 0).length;
    const delisted = stocks.filter((s) => (table.start[s] ?? 0) + (table.length[s] ?? 0) < table.days.length).length;
    expect(ipos / stocks.length, `IPO share (${ipos} of ${stocks.length})`).toBeGreaterThan(0.03);
    expect(ipos / stocks.length, "IPO share").toBeLessThan(0.1);
    expect(delisted / stocks.length, `delisting share (${delisted})`).toBeGreaterThan(0.015);
    expect(delisted / stocks.length, "delisting share").toBeLessThan(0.07);
    let missing = 0;
    for (const v of table.close) if (Number.isNaN(v)) missing++;
    expect(missing, "some halts and missing bars").toBeGreaterThan(0);
    expect(missing / table.close.length, "missing bars stay rare").toBeLessThan(0.003);
  });

  it("gives stocks consistent fundamentals and ETFs none", () => {
    const { table } = small;
    for (const s of stockIndices(table)) {
      const cap = fundamentalOf(table, "market_cap", s);
      const eps = fundamentalOf(table, "eps", s);
      const pe = fundamentalOf(table, "pe", s);
      const symbol = table.symbols[s]?.symbol;
      expect(cap, `${symbol} market cap in USD`).toBeGreaterThan(1e6);
      expect(cap, `${symbol} market cap in USD`).toBeLessThan(1e13);
      expect(Number.isFinite(eps), `${symbol} has EPS`).toBe(true);
      if (eps > 0) expect(pe / (lastClose(table, s) / eps), `${symbol} P/E = close / EPS`).toBeCloseTo(1, 2);
      else expect(pe, `${symbol} loses money: P/E is not meaningful`).toBeNaN();
      for (const f of ["roe", "gross_margin", "net_margin", "dividend_yield", "debt_to_equity"] as const)
        expect(Number.isFinite(fundamentalOf(table, f, s)), `${symbol} ${f}`).toBe(true);
    }
    for (const [s, info] of table.symbols.entries())
      if (info.type === "etf")
        for (const f of FUNDAMENTAL_FIELDS) expect(fundamentalOf(table, f, s), `${info.symbol} ${f}`).toBeNaN();
    const losers = stockIndices(table).filter((s) => Number.isNaN(fundamentalOf(table, "pe", s))).length;
    expect(losers, "some companies lose money").toBeGreaterThan(0);
    const payers = stockIndices(table).filter((s) => fundamentalOf(table, "dividend_yield", s) > 0).length;
    expect(payers, "some pay dividends").toBeGreaterThan(0);
  });
});

describe("demo universe: options", () => {
  it("ends on the last trading day on or before endDate", () => {
    // 2025-07-05 is a Saturday and 2025-07-04 a holiday.
    const { table } = demo({ symbols: 20, days: 30, endDate: "2025-07-05" });
    expect(isoDay(table.days[table.days.length - 1] as UnixDay)).toBe("2025-07-03");
    expect(table.days.length).toBe(30);
    expect(table.symbols.length).toBe(20);
  });

  it("refuses invalid options with a one-line message", () => {
    const bad: [DemoOptions, RegExp][] = [
      [{ symbols: 10 }, /symbols must be an integer from 20 to 50,000/],
      [{ symbols: 60_000 }, /symbols/],
      [{ symbols: 100.5 }, /symbols/],
      [{ days: 0 }, /days must be an integer from 30 to 5,000/],
      [{ days: Number.NaN }, /days/],
      [{ seed: -1 }, /seed/],
      [{ seed: 1.5 }, /seed/],
      [{ endDate: "2025-02-30" }, /endDate must be a valid YYYY-MM-DD/],
      [{ endDate: "31/12/2025" }, /endDate/],
    ];
    for (const [options, message] of bad) {
      const builder = new UniverseBuilder(new IngestReport());
      expect(() => generateDemoUniverse(builder, options), JSON.stringify(options)).toThrow(message);
    }
  });

  it("reports progress up to the total", () => {
    const calls: [number, number][] = [];
    generateDemoUniverse(new UniverseBuilder(new IngestReport()), { symbols: 250, days: 30 }, (done, total) =>
      calls.push([done, total]),
    );
    expect(calls.length, "called every 100 symbols and at the end").toBe(3);
    expect(calls[calls.length - 1]).toEqual([250, 250]);
  });
});

describe("demo universe: defaults", () => {
  const full = demo();

  it("builds 6,000 symbols over 504 trading days ending 2025-12-31 (build time is measured by `npm run bench -- import`)", () => {
    const { table, report } = full;
    expect(table.symbols.length).toBe(DEMO_DEFAULTS.symbols);
    expect(table.days.length).toBe(DEMO_DEFAULTS.days);
    const expected = tradingDaysEnding(parseIsoDay(DEMO_DEFAULTS.endDate) as UnixDay, DEMO_DEFAULTS.days);
    expect(Array.from(table.days), "the axis is every trading day per the calendar").toEqual(expected);
    expect(isoDay(table.days[table.days.length - 1] as UnixDay)).toBe("2025-12-31");
    expect(report.rowsRejected, "zero rejections").toBe(0);
  });

  it("spans penny stocks to four-digit prices", () => {
    const { table } = full;
    const closes = stockIndices(table).map((s) => lastClose(table, s));
    const penny = closes.filter((c) => c < 1).length;
    const expensive = closes.filter((c) => c > 1000).length;
    expect(penny / closes.length, `share under $1 (${penny})`).toBeGreaterThan(0.015);
    expect(penny / closes.length, "share under $1").toBeLessThan(0.1);
    expect(expensive, "a handful above $1,000").toBeGreaterThanOrEqual(3);
    expect(expensive, "only a handful above $1,000").toBeLessThan(100);
  });

  it("covers 11 sectors with 3-6 industries each", () => {
    const industries = new Map<string, Set<string>>();
    for (const s of full.table.symbols)
      if (s.type === "stock") industries.set(s.sector, (industries.get(s.sector) ?? new Set()).add(s.industry));
    expect(industries.size, [...industries.keys()].join(", ")).toBe(11);
    for (const [sector, set] of industries) {
      expect(set.size, `${sector} industries`).toBeGreaterThanOrEqual(3);
      expect(set.size, `${sector} industries`).toBeLessThanOrEqual(6);
    }
  });
});
