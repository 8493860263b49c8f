// The Node host's multi-threaded batch (one share of the shards per worker thread) must
// produce exactly the state and latest values of the single-threaded engine, so a daily
// update can continue from either.

import { afterAll, describe, expect, it } from "vitest";
import { IndicatorPool } from "../../cli/parallel/indicator-pool.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { indicatorSpecs } from "../../engine/indicators/registry.ts";
import { UniverseIndicators } from "../../engine/indicators/universe-indicators.ts";
import { demoShards } from "../support/demo-shards.ts";

const demo = () => demoShards({ symbols: 300, days: 260, seed: 5, shards: 6 });

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

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

  it("reports a worker's failure as an error instead of hanging", async () => {
    const shards = IndicatorPool.share(await demo());
    const plan = planIndicators(["rsi_14"]);
    // A table without its day axis: the worker throws while preparing.
    const broken = shards.map((t) => ({ ...t, days: undefined as unknown as Int32Array }));
    await expect(pool.compute(plan, broken)).rejects.toThrow(/indicator worker failed/);
  });
});
