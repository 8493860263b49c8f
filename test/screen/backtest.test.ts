// Screen backtests: the numbers a user reads (picks, hit rate, mean return, equity) checked
// against a direct computation, and no look-ahead.

import { beforeAll, describe, expect, it } from "vitest";
import { backtestScreen } from "../../engine/screen/backtest.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { evaluateScreen } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import type { Shard } from "../../engine/snapshot/shard-codec.ts";
import { demoShards } from "../support/demo-shards.ts";

let shards: Shard[] = [];
beforeAll(async () => {
  shards = await demoShards({ symbols: 300, days: 260, seed: 9, shards: 3 });
});

const SCREEN = "close > 5 and rsi(5) < 35 sort by rsi(5) top 10";

function closeOn(t: BarTable, s: number, d: number): number {
  const local = d - (t.start[s] as number);
  return local >= 0 && local < (t.length[s] as number)
    ? (t.close[(t.offset[s] as number) + local] as number)
    : Number.NaN;
}

describe("backtestScreen", () => {
  it("reports what the picks did, and a 1-day book compounds each day's average pick return", () => {
    const series = new IndicatorSeries(shards);
    const screen = compileScreen(SCREEN);
    const r = backtestScreen(screen, series, { fromDay: 60, toDay: 200, hold: 1 });
    let equity = 1;
    let picks = 0;
    const returns: number[] = [];
    for (let d = 60; d <= 200; d++) {
      const rows = evaluateScreen(screen, series, { day: d }).rows;
      picks += rows.length;
      let sum = 0;
      let n = 0;
      for (const row of rows) {
        const t = shards[row.shard] as BarTable;
        // A symbol without a bar the next day is held at its last close.
        let next = closeOn(t, row.index, d + 1);
        if (next !== next) next = closeOn(t, row.index, d);
        const ret = next / closeOn(t, row.index, d) - 1;
        if (ret === ret) {
          sum += ret;
          n++;
          returns.push(ret);
        }
      }
      if (n > 0) equity *= 1 + sum / n;
    }
    expect(r.picks).toBe(picks);
    expect(picks, "the screen picks something on the demo universe").toBeGreaterThan(100);
    expect(r.meanReturn).toBeCloseTo(returns.reduce((a, b) => a + b, 0) / returns.length, 12);
    const sorted = [...returns].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    expect(r.medianReturn).toBeCloseTo(median as number, 12);
    expect(r.hitRate).toBeCloseTo(returns.filter((x) => x > 0).length / returns.length, 12);
    const last = r.equity[r.equity.length - 1];
    expect(last?.day).toBe(201);
    expect(last?.strategy).toBeCloseTo(equity, 9);
    expect(r.turnover).toBeGreaterThan(0);
    expect(r.turnover).toBeLessThanOrEqual(1);
  });

  it("cannot see past each signal day: the same result on a snapshot cut after the last exit", () => {
    const screen = compileScreen(SCREEN);
    const toDay = 150;
    const hold = 10;
    const cutAt = toDay + hold;
    const cut: BarTable[] = shards.map((t) => ({
      ...t,
      days: t.days.subarray(0, cutAt + 1),
      length: t.length.map((n, s) => Math.max(0, Math.min(n, cutAt + 1 - (t.start[s] as number)))),
    }));
    const full = backtestScreen(screen, new IndicatorSeries(shards), { fromDay: 80, toDay, hold });
    const past = backtestScreen(screen, new IndicatorSeries(cut), { fromDay: 80, toDay, hold });
    expect(full).toEqual(past);
  });

  it("refuses a range the data cannot serve", () => {
    const series = new IndicatorSeries(shards);
    expect(() =>
      backtestScreen(compileScreen("close > close[30]"), series, { fromDay: 10, toDay: 100, hold: 5 }),
    ).toThrow(/looks back 30 bars: the backtest can start on day 30/);
    expect(() => backtestScreen(compileScreen("close > 1"), series, { fromDay: 50, toDay: 400, hold: 5 })).toThrow(
      /outside the snapshot/,
    );
    expect(() => backtestScreen(compileScreen("close > 1"), series, { fromDay: 50, toDay: 100, hold: 0 })).toThrow(
      /holding period must be 1 to 252/,
    );
  });
});

describe("IndicatorSeries memory budget", () => {
  it("drops the least recently used columns to stay under its budget, never the ones in use", async () => {
    const { IndicatorSeries: Series } = await import("../../engine/screen/cpu/indicator-series.ts");
    const oneColumn = shards.reduce((n, t) => n + t.days.length * t.symbols.length * 8, 0);
    const series = new Series(shards, "SPY", undefined, { maxBytes: 3 * oneColumn });
    series.ensure(["sma_10", "sma_20"]);
    series.ensure(["rsi_14"]);
    series.column("sma_10", 0); // sma_10 is now more recent than sma_20
    series.ensure(["ema_5"]);
    expect(series.has("sma_20"), "the least recently used column is dropped").toBe(false);
    expect(series.has("sma_10")).toBe(true);
    expect(series.has("ema_5")).toBe(true);
    expect(series.bytes).toBeLessThanOrEqual(3 * oneColumn);
    // A screen still gets every column it asked for, and a dropped one comes back on demand.
    const screen = compileScreen("sma(20) > sma(10) and rsi(14) > 50");
    expect(() => evaluateScreen(screen, series, { day: 200 })).not.toThrow();
    expect(series.has("sma_20")).toBe(true);
  });
});
