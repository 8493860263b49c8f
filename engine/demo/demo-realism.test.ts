import { describe, expect, it } from "vitest";
import { IngestReport } from "../bars/ingest-report.ts";
import { type BarTable, seriesOf } from "../snapshot/bar-table.ts";
import { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { generateDemoUniverse } from "./index.ts";

// The statistical fingerprints a trader would look for in daily data: fat tails,
// volatility clustering, co-movement with the index and volume that follows news.

function build(symbols: number): BarTable {
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, { symbols });
  return builder.build().table;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Pearson kurtosis (3 for a normal distribution). */
function kurtosis(xs: readonly number[]): number {
  const m = mean(xs);
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= xs.length;
  m4 /= xs.length;
  return m4 / (m2 * m2);
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

interface StockReturns {
  /** Daily log returns on days with a bar on both days, and the matching SPY return and volume. */
  returns: number[];
  spy: number[];
  volume: number[];
}

function stockReturns(table: BarTable, spyReturns: readonly number[]): StockReturns[] {
  const out: StockReturns[] = [];
  table.symbols.forEach((info, s) => {
    if (info.type !== "stock") return;
    const close = seriesOf(table, "close", s);
    const volume = seriesOf(table, "volume", s);
    const start = table.start[s] ?? 0;
    const r: StockReturns = { returns: [], spy: [], volume: [] };
    for (let i = 1; i < close.length; i++) {
      const a = close[i] as number;
      const b = close[i - 1] as number;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      r.returns.push(Math.log(a / b));
      r.spy.push(spyReturns[start + i - 1] as number);
      r.volume.push(volume[i] as number);
    }
    if (r.returns.length >= 60) out.push(r);
  });
  return out;
}

const table = build(600);
const spyIndex = table.symbols.findIndex((s) => s.symbol === "SPY");
const spyClose = seriesOf(table, "close", spyIndex);
const spyReturns: number[] = [];
for (let i = 1; i < spyClose.length; i++)
  spyReturns.push(Math.log((spyClose[i] as number) / (spyClose[i - 1] as number)));
const stocks = stockReturns(table, spyReturns);

describe("demo universe: realism", () => {
  it("moves stocks with the market, but far from in lockstep", () => {
    const avg = mean(stocks.map((s) => correlation(s.returns, s.spy)));
    expect(avg, "average correlation of daily stock returns with SPY").toBeGreaterThan(0.2);
    expect(avg, "average correlation of daily stock returns with SPY").toBeLessThan(0.7);
  });

  it("has fat-tailed daily returns", () => {
    const k = median(stocks.map((s) => kurtosis(s.returns)));
    expect(k, "median kurtosis of a stock's daily returns (normal: 3)").toBeGreaterThan(3);
    expect(kurtosis(spyReturns), "kurtosis of SPY's daily returns").toBeGreaterThan(3);
  });

  it("clusters volatility: big market days follow big market days", () => {
    const squared = spyReturns.map((r) => r * r);
    const lag1 = correlation(squared.slice(1), squared.slice(0, -1));
    expect(lag1, "autocorrelation of squared SPY returns").toBeGreaterThan(0);
  });

  it("has SPY's annualised volatility in a market-like range", () => {
    const vol = Math.sqrt(mean(spyReturns.map((r) => r * r)) * 252);
    expect(vol, "SPY annualised volatility").toBeGreaterThan(0.1);
    expect(vol, "SPY annualised volatility").toBeLessThan(0.35);
  });

  it("trades more on big moves", () => {
    const avg = mean(
      stocks
        .map((s) =>
          correlation(
            s.volume,
            s.returns.map((r) => Math.abs(r)),
          ),
        )
        .filter(Number.isFinite),
    );
    expect(avg, "average correlation of volume with |return|").toBeGreaterThan(0.1);
  });

  it("spreads stock volatility widely, from utilities to penny stocks", () => {
    const vols = stocks.map((s) => Math.sqrt(mean(s.returns.map((r) => r * r)) * 252)).sort((a, b) => a - b);
    const p10 = vols[Math.floor(vols.length * 0.1)] as number;
    const p90 = vols[Math.floor(vols.length * 0.9)] as number;
    expect(p10, "10th percentile of annualised stock volatility").toBeGreaterThan(0.12);
    expect(p10, "10th percentile of annualised stock volatility").toBeLessThan(0.45);
    expect(p90, "90th percentile of annualised stock volatility").toBeGreaterThan(0.5);
    expect(p90, "90th percentile of annualised stock volatility").toBeLessThan(1.6);
  });

  it("gaps: opens away from the previous close, sometimes by a lot", () => {
    let gaps = 0;
    let bigGaps = 0;
    table.symbols.forEach((info, s) => {
      if (info.type !== "stock") return;
      const open = seriesOf(table, "open", s);
      const close = seriesOf(table, "close", s);
      for (let i = 1; i < open.length; i++) {
        const g = Math.abs(Math.log((open[i] as number) / (close[i - 1] as number)));
        if (Number.isNaN(g)) continue;
        gaps++;
        if (g > 0.05) bigGaps++;
      }
    });
    // Earnings alone give ~4 a year per stock; a share of them gap more than 5%.
    expect(bigGaps / gaps, "share of stock-days opening more than 5% away from the previous close").toBeGreaterThan(
      0.003,
    );
    expect(bigGaps / gaps, "share of big gaps").toBeLessThan(0.05);
  });
});
