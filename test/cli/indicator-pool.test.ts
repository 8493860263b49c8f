// The Node host's multi-threaded batch (one share of the shards per worker thread) must
// produce exactly the state and latest values of the single-threaded engine, so a daily
// update can continue from either.

import { afterAll, describe, expect, it } from "vitest";
import { IndicatorPool } from "../../cli/parallel/indicator-pool.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { indicatorSpecs } from "../../engine/indicators/registry.ts";
import { type DayBars, UniverseIndicators } from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import { demoShards } from "../support/demo-shards.ts";

const demo = () => demoShards({ symbols: 300, days: 260, seed: 5, shards: 6 });

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** Two new days for every shard: a move up on every symbol, then a day some symbols miss (NaN); with the benchmark's close. */
function nextDays(shards: readonly BarTable[]): [DayBars[], number][] {
  return (
    [
      [1.02, 0],
      [0.97, 7],
    ] as const
  ).map(([move, missingEvery]) => [
    shards.map((t) => {
      const n = t.symbols.length;
      const lastClose = (s: number) => t.close[(t.offset[s] as number) + (t.length[s] as number) - 1] as number;
      const pick = (f: (c: number) => number) =>
        Float64Array.from({ length: n }, (_, s) =>
          missingEvery && s % missingEvery === 0 ? Number.NaN : f(lastClose(s) * move),
        );
      return {
        open: pick((c) => c * 0.995),
        high: pick((c) => c * 1.01),
        low: pick((c) => c * 0.98),
        close: pick((c) => c),
        volume: pick(() => 1e6),
      };
    }),
    400 * move,
  ]);
}

describe("IndicatorPool (worker threads)", () => {
  const pool = new IndicatorPool(2);
  afterAll(() => pool.close());

  it("computes every shard exactly as the single-threaded engine does", async () => {
    const shards = IndicatorPool.share(await demo());
    const plan = planIndicators(indicatorSpecs().map((s) => ({ name: s.name })));
    const single = UniverseIndicators.compute(plan, shards);
    const parallel = await pool.compute(plan, shards);
    expect(parallel.states.length).toBe(6);
    single.states.forEach((s, k) =>
      expect(same(s, parallel.states[k] as Float64Array), `state of shard ${k}`).toBe(true),
    );
    single.latest.forEach((l, k) =>
      expect(same(l, parallel.latest[k] as Float64Array), `latest of shard ${k}`).toBe(true),
    );
    // And the values are real: the latest RSI of some symbol is a number in [0, 100].
    const rsi = plan.columns.findIndex((c) => c.name === "rsi_14");
    const values = Array.from({ length: shards[0]?.symbols.length ?? 0 }, (_, s) => parallel.latestValue(0, s, rsi));
    expect(values.some((v) => v >= 0 && v <= 100)).toBe(true);
  });

  it("advances a day on its threads exactly as the single-threaded daily update does", async () => {
    const shards = IndicatorPool.share(await demo());
    const plan = planIndicators(indicatorSpecs().map((s) => ({ name: s.name })));
    const single = UniverseIndicators.compute(plan, shards);
    const parallel = await pool.compute(plan, shards);
    // The threads update in wasm over shared memory; this thread (no kernels registered) in JS.
    expect(pool.updatesInWasm(parallel)).toBe(true);
    expect(single.updatesInWasm).toBe(false);
    for (const [bars, bench] of nextDays(shards)) {
      single.appendDay(bars, bench);
      await pool.appendDay(parallel, bars, bench);
    }
    single.states.forEach((s, k) =>
      expect(same(s, parallel.states[k] as Float64Array), `state of shard ${k}`).toBe(true),
    );
    single.latest.forEach((l, k) =>
      expect(same(l, parallel.latest[k] as Float64Array), `latest of shard ${k}`).toBe(true),
    );
    // The update moved the values: some latest close-based column changed from the batch's.
    const batch = UniverseIndicators.compute(plan, shards);
    expect(same(batch.latest[0] as Float64Array, parallel.latest[0] as Float64Array)).toBe(false);
    await pool.release(parallel);
    await expect(pool.appendDay(parallel, [], 1)).rejects.toThrow(/not computed by this pool/);
  });

  it("computes into a released universe's memory (`reuse`) exactly as into fresh memory", async () => {
    const shards = IndicatorPool.share(await demo());
    const small = planIndicators(["rsi_14"]);
    const all = planIndicators(indicatorSpecs().map((s) => ({ name: s.name })));
    const old = await pool.compute(small, shards);
    const reused = await pool.compute(all, shards, "SPY", { reuse: old });
    const single = UniverseIndicators.compute(all, shards);
    // Window slots not yet filled may keep the old universe's values (no kernel reads them
    // before writing them, engine/indicators/kernel.ts): the check is the values, today's
    // and the next days'.
    const sameLatest = () =>
      single.latest.forEach((l, k) =>
        expect(same(l, reused.latest[k] as Float64Array), `latest of shard ${k}`).toBe(true),
      );
    sameLatest();
    expect(pool.updatesInWasm(reused)).toBe(true);
    for (const [bars, bench] of nextDays(shards)) {
      single.appendDay(bars, bench);
      await pool.appendDay(reused, bars, bench);
      sameLatest();
    }
    await expect(pool.appendDay(old, [], 1)).rejects.toThrow(/not computed by this pool/);
    await expect(pool.compute(small, shards, "SPY", { reuse: old })).rejects.toThrow(/not computed by this pool/);
    await pool.release(reused);
  });

  it("reports a worker's failure as an error instead of hanging", async () => {
    const shards = IndicatorPool.share(await demo());
    const plan = planIndicators(["rsi_14"]);
    // A table without its bar offsets: the worker throws while computing.
    const broken = shards.map((t) => ({ ...t, offset: undefined as unknown as Int32Array }));
    await expect(pool.compute(plan, broken)).rejects.toThrow(/indicator worker failed/);
  });
});
