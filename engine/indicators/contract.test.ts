// The contract every indicator keeps, checked for all of them at once (new catalog
// entries are covered automatically):
//  - batch over n bars equals a fold of the streaming path, one bar at a time, bit for bit;
//  - a missing bar (NaN input) yields NaN and does not disturb the state;
//  - on complete data there is no NaN after the warm-up.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INPUT_FIELDS } from "./kernel.ts";
import { PlanRunner } from "./plan-runner.ts";
import { planIndicators } from "./plan.ts";
import { columnName, indicatorSpecs } from "./registry.ts";

type Bars = Record<(typeof INPUT_FIELDS)[number], Float64Array>;

/** A random walk with intraday ranges, volume, a correlated benchmark, and optional missing bars. */
function bars(n: number, seed: number, gapEvery = 0): Bars {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const out = Object.fromEntries(INPUT_FIELDS.map((f) => [f, new Float64Array(n)])) as Bars;
  let price = 20 + rand() * 80;
  let bench = 100;
  for (let t = 0; t < n; t++) {
    const m = (rand() - 0.5) * 0.02;
    bench *= 1 + m;
    const open = price * (1 + (rand() - 0.5) * 0.01);
    price *= 1 + m + (rand() - 0.5) * 0.03;
    const high = Math.max(open, price) * (1 + rand() * 0.01);
    const low = Math.min(open, price) * (1 - rand() * 0.01);
    const missing = gapEvery > 0 && t > 0 && t % gapEvery === 0;
    out.open[t] = missing ? Number.NaN : open;
    out.high[t] = missing ? Number.NaN : high;
    out.low[t] = missing ? Number.NaN : low;
    out.close[t] = missing ? Number.NaN : price;
    out.volume[t] = missing ? Number.NaN : Math.round(1e5 * (0.5 + rand()));
    out.bench[t] = bench;
  }
  return out;
}

function load(runner: PlanRunner, data: Bars, from: number, to: number, at = 0): void {
  for (const f of INPUT_FIELDS) runner.input(f).set(data[f].subarray(from, to), at);
}

const everyColumn = () => indicatorSpecs().map((spec) => ({ name: spec.name }));

describe("indicator contract", () => {
  it("registers at least 30 indicators, each name once", () => {
    const names = indicatorSpecs().map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(new Set(names).size, "indicator names are unique").toBe(names.length);
    const outputs = indicatorSpecs().flatMap((s) => s.outputs);
    expect(new Set(outputs).size, "output column prefixes are unique").toBe(outputs.length);
  });

  for (const gapEvery of [0, 7]) {
    it(`batch equals a fold of streaming for every indicator (${gapEvery ? "with missing bars" : "complete data"})`, () => {
      const n = 400;
      const data = bars(n, 7 + gapEvery, gapEvery);
      const plan = planIndicators(everyColumn());
      const batch = new PlanRunner(plan, n);
      load(batch, data, 0, n);
      const batchState = new Float64Array(plan.stateSize);
      batch.batch(batchState, 0, n);

      const stream = new PlanRunner(plan, 1);
      const state = new Float64Array(plan.stateSize);
      stream.reset(state, 0);
      for (let t = 0; t < n; t++) {
        load(stream, data, t, t + 1);
        stream.resume(state, 0, 0, 1);
        plan.columns.forEach((col, i) => {
          const a = batch.column(i)[t] as number;
          const b = stream.column(i)[0] as number;
          if (!Object.is(a, b) && !(Number.isNaN(a) && Number.isNaN(b)))
            expect.fail(`${col.name} at bar ${t}: batch ${a}, streaming ${b}`);
        });
      }
      expect(Array.from(state), "the streamed state ends where the batch state does").toEqual(Array.from(batchState));
    });
  }

  it("a batch over a state full of another symbol's leftovers gives what a fresh state gives", () => {
    const plan = planIndicators(everyColumn());
    const n = 400;
    const fresh = new PlanRunner(plan, n);
    const reused = new PlanRunner(plan, n);
    const freshState = new Float64Array(plan.stateSize);
    const reusedState = new Float64Array(plan.stateSize);
    // Leftovers: a real run of another series, then garbage over every slot the header reset may skip.
    load(reused, bars(n, 99, 5), 0, n);
    reused.batch(reusedState, 0, n);
    let s = 12345;
    const garbage = [Number.NaN, 1e300, -7, 0, 3.5];
    for (let i = 0; i < reusedState.length; i += 3)
      reusedState[i] = garbage[(s = (s * 48271) % 2147483647) % 5] as number;
    for (const gapEvery of [0, 7]) {
      const data = bars(n + 50, 31 + gapEvery, gapEvery);
      for (const [runner, state] of [
        [fresh, freshState],
        [reused, reusedState],
      ] as const) {
        load(runner, data, 0, n);
        runner.batch(state, 0, n);
      }
      const compare = (bar: (t: number) => number, count: number, what: string) =>
        plan.columns.forEach((col, i) => {
          for (let t = 0; t < count; t++) {
            const a = fresh.column(i)[bar(t)] as number;
            const b = reused.column(i)[bar(t)] as number;
            if (!Object.is(a, b)) expect.fail(`${col.name} ${what} ${t}: fresh state ${a}, reused state ${b}`);
          }
        });
      compare((t) => t, n, "at bar");
      // And the streaming update continues alike from both.
      for (let t = n; t < n + 50; t++) {
        for (const [runner, state] of [
          [fresh, freshState],
          [reused, reusedState],
        ] as const) {
          load(runner, data, t, t + 1);
          runner.resume(state, 0, 0, 1);
        }
        compare(() => 0, 1, `streamed at bar ${t}, output`);
      }
    }
  });

  it("a missing bar gives NaN and leaves the state as it was", () => {
    const plan = planIndicators(everyColumn());
    const runner = new PlanRunner(plan, 300);
    const data = bars(300, 3);
    load(runner, data, 0, 300);
    const state = new Float64Array(plan.stateSize);
    runner.batch(state, 0, 300);
    const before = Float64Array.from(state);
    const one = new PlanRunner(plan, 1);
    for (const f of INPUT_FIELDS) one.input(f)[0] = f === "bench" ? 100 : Number.NaN;
    one.resume(state, 0, 0, 1);
    plan.columns.forEach((col, i) => {
      if (col.request.spec.reads.length === 1 && col.request.spec.reads[0] === "bench") return;
      expect(one.column(i)[0], `${col.name} on a missing bar`).toBeNaN();
    });
    expect(Array.from(state)).toEqual(Array.from(before));
  });

  it("has no NaN after the warm-up on complete data, for any series", () => {
    const plan = planIndicators(everyColumn());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const n = 600;
        const runner = new PlanRunner(plan, n);
        load(runner, bars(n, seed), 0, n);
        runner.batch(new Float64Array(plan.stateSize), 0, n);
        plan.columns.forEach((col, i) => {
          const values = runner.column(i).subarray(0, n);
          const first = values.findIndex((v) => !Number.isNaN(v));
          expect(first, `${col.name} never produces a value in ${n} bars`).toBeGreaterThanOrEqual(0);
          const late = values.subarray(first).findIndex(Number.isNaN);
          expect(late, `${col.name} has NaN at bar ${first + late} after its warm-up ended at ${first}`).toBe(-1);
        });
      }),
      { numRuns: 20 },
    );
  });

  it("names every column by the documented scheme and parses it back", () => {
    for (const spec of indicatorSpecs()) {
      const params = spec.params.map((q) => q.default);
      spec.outputs.forEach((_, o) => {
        const name = columnName(spec, o, params, "close");
        const plan = planIndicators([name]);
        expect(plan.columns.map((c) => c.name)).toEqual([name]);
      });
    }
  });
});

describe("planner", () => {
  it("computes only what the requested columns need, and shares what they have in common", () => {
    const upperOnly = planIndicators(["bb_upper_20_2"]);
    expect(
      upperOnly.kernels.some((k) => k.key.startsWith("bbshape")),
      "%B and bandwidth are not computed for bb_upper alone",
    ).toBe(false);
    const both = planIndicators(["macd_hist_12_26_9", "ema_26"]);
    expect(
      both.kernels.filter((k) => k.key === "ema(close,26)"),
      "MACD's slow EMA and ema_26 are one kernel",
    ).toHaveLength(1);
    const upper = planIndicators(["dc_upper_20"]);
    expect(
      upper.kernels.map((k) => k.key),
      "the Donchian upper band needs only the rolling max",
    ).toEqual(["max(high,20)"]);
  });
});
