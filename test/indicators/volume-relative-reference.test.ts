// Independent checks for catalog-volume-relative.ts (docs/indicators.md):
//  - hand-worked examples, column names, defaults and warm-up lengths;
//  - on real data (~300 symbols, SPY as the benchmark), every indicator against a
//    straightforward window-by-window computation, and beta, correl and rs_change also
//    against TA-Lib (BETA, CORREL of the two return series, ROC of the ratio line) on the
//    days where both the symbol and the benchmark have a bar — with the symbol's own
//    missing bars and with missing benchmark days inserted;
//  - fast-check properties: cmf and correl in [-1, 1], high_dist ≤ 0 ≤ low_dist,
//    rvol ≥ 0, OBV moves by exactly +volume, -volume or 0.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { IndicatorRequest } from "../../engine/indicators/registry.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { type RealSeries, loadRealSeries, sampleSymbols } from "../support/real-series.ts";
import { hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";
import { computeSeries, firstMismatch, withGaps } from "./parity.ts";
import { talibRun } from "./talib-oracle.ts";

interface Bars {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  bench?: Float64Array;
}

const NAN = Number.NaN;

const nans = (n: number): Float64Array => new Float64Array(n).fill(NAN);
const pick = (xs: ArrayLike<number>, at: readonly number[]): Float64Array =>
  Float64Array.from(at, (i) => xs[i] as number);

/** Bars from [open, high, low, close, volume] rows. */
function rows(list: readonly (readonly number[])[], bench?: readonly number[]): Bars {
  const col = (k: number) => Float64Array.from(list, (r) => r[k] as number);
  return {
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: col(4),
    ...(bench ? { bench: Float64Array.from(bench) } : {}),
  };
}

function expectMatch(ours: ArrayLike<number>, reference: ArrayLike<number>, what: string, tolerance?: number): number {
  const bad = firstMismatch(ours, reference, tolerance);
  expect(
    bad,
    `${what}: first difference at bar ${bad?.index} (ours ${bad?.ours}, reference ${bad?.reference})`,
  ).toBeNull();
  let compared = 0;
  for (let i = 0; i < reference.length; i++) if (!Number.isNaN(reference[i] as number)) compared++;
  return compared;
}

// ---------------------------------------------------------------------------------------
// Straightforward references: one window at a time, over complete series (no NaN).

function cmfRef(b: Bars, n: number): Float64Array {
  const len = b.close.length;
  const out = nans(len);
  for (let t = n - 1; t < len; t++) {
    let flow = 0;
    let volume = 0;
    for (let i = t - n + 1; i <= t; i++) {
      const h = b.high[i] as number;
      const l = b.low[i] as number;
      const c = b.close[i] as number;
      const v = b.volume[i] as number;
      flow += h > l ? ((c - l - (h - c)) / (h - l)) * v : 0;
      volume += v;
    }
    out[t] = volume === 0 ? 0 : flow / volume;
  }
  return out;
}

function vwapRef(b: Bars, n: number): Float64Array {
  const len = b.close.length;
  const out = nans(len);
  for (let t = n - 1; t < len; t++) {
    let pv = 0;
    let volume = 0;
    let typical = 0;
    for (let i = t - n + 1; i <= t; i++) {
      const tp = ((b.high[i] as number) + (b.low[i] as number) + (b.close[i] as number)) / 3;
      pv += tp * (b.volume[i] as number);
      volume += b.volume[i] as number;
      typical += tp;
    }
    out[t] = volume === 0 ? typical / n : pv / volume;
  }
  return out;
}

function rvolRef(b: Bars, n: number): Float64Array {
  const len = b.close.length;
  const out = nans(len);
  for (let t = n; t < len; t++) {
    let volume = 0;
    for (let i = t - n; i < t; i++) volume += b.volume[i] as number;
    out[t] = volume > 0 ? (b.volume[t] as number) / (volume / n) : NAN;
  }
  return out;
}

function dollarVolumeRef(b: Bars, n: number): Float64Array {
  const len = b.close.length;
  const out = nans(len);
  for (let t = n - 1; t < len; t++) {
    let sum = 0;
    for (let i = t - n + 1; i <= t; i++) sum += (b.close[i] as number) * (b.volume[i] as number);
    out[t] = sum / n;
  }
  return out;
}

function extremeRef(xs: Float64Array, n: number, max: boolean): Float64Array {
  const out = nans(xs.length);
  for (let t = n - 1; t < xs.length; t++) {
    let e = xs[t] as number;
    for (let i = t - n + 1; i <= t; i++) e = max ? Math.max(e, xs[i] as number) : Math.min(e, xs[i] as number);
    out[t] = e;
  }
  return out;
}

const distanceRef = (close: Float64Array, level: Float64Array): Float64Array =>
  close.map((c, i) => (c / (level[i] as number) - 1) * 100);

function gapRef(b: Bars): Float64Array {
  const out = nans(b.close.length);
  for (let t = 1; t < out.length; t++) out[t] = ((b.open[t] as number) / (b.close[t - 1] as number) - 1) * 100;
  return out;
}

/** Simple returns; index 0 is NaN. */
const returns = (xs: Float64Array): Float64Array =>
  xs.map((x, i) => (i === 0 ? NAN : (x - (xs[i - 1] as number)) / (xs[i - 1] as number)));

/** Two-pass OLS slope of y on x, and Pearson r, over each window of n values of x and y (index 0 unused). */
function regressionRef(x: Float64Array, y: Float64Array, n: number): { beta: Float64Array; correl: Float64Array } {
  const beta = nans(x.length);
  const correl = nans(x.length);
  for (let t = n; t < x.length; t++) {
    let mx = 0;
    let my = 0;
    for (let i = t - n + 1; i <= t; i++) {
      mx += x[i] as number;
      my += y[i] as number;
    }
    mx /= n;
    my /= n;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = t - n + 1; i <= t; i++) {
      const dx = (x[i] as number) - mx;
      const dy = (y[i] as number) - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    beta[t] = sxx === 0 ? 0 : sxy / sxx;
    // TA-Lib's flat-series rule: 0 when (Σdx²)(Σdy²) < 1e-14.
    correl[t] = sxx * syy < 1e-14 ? 0 : sxy / Math.sqrt(sxx * syy);
  }
  return { beta, correl };
}

function percentChangeRef(xs: Float64Array, n: number): Float64Array {
  const out = nans(xs.length);
  for (let t = n; t < xs.length; t++) out[t] = ((xs[t] as number) / (xs[t - n] as number) - 1) * 100;
  return out;
}

// ---------------------------------------------------------------------------------------

describe("volume and relative indicators: examples, names and warm-up", () => {
  const defaults: IndicatorRequest[] = [
    "obv",
    "ad",
    "cmf",
    "vwap",
    "rvol",
    "dollar_volume",
    "beta",
    "correl",
    "rs",
    "high_dist",
    "low_dist",
    "high_n",
    "low_n",
    "gap",
  ].map((name) => ({ name }));

  it("names its columns <output>_<params> with the documented defaults", () => {
    expect(planIndicators(defaults).columns.map((c) => c.name)).toEqual([
      "obv",
      "ad",
      "cmf_20",
      "vwap_20",
      "rvol_20",
      "dollar_volume_20",
      "beta_60",
      "correl_60",
      "rs_ratio_63",
      "rs_change_63",
      "high_dist_252",
      "low_dist_252",
      "high_n_252",
      "low_n_252",
      "gap",
    ]);
  });

  it("starts each column on the documented bar (complete data)", () => {
    const n = 300;
    const list: number[][] = [];
    const bench: number[] = [];
    for (let t = 0; t < n; t++) {
      const c = 50 + 10 * Math.sin(t / 7) + t / 10;
      list.push([c * 0.99, c * 1.02, c * 0.97, c, 1000 + ((t * 37) % 500)]);
      bench.push(200 + 20 * Math.cos(t / 11));
    }
    const plan = planIndicators(defaults);
    const out = computeSeries(rows(list, bench), defaults);
    const firstValue = Object.fromEntries(
      plan.columns.map((c, i) => [c.name, (out[i] as Float64Array).findIndex((v) => !Number.isNaN(v))]),
    );
    expect(firstValue).toEqual({
      obv: 0,
      ad: 0,
      cmf_20: 19,
      vwap_20: 19,
      rvol_20: 20,
      dollar_volume_20: 19,
      beta_60: 60,
      correl_60: 60,
      rs_ratio_63: 0,
      rs_change_63: 63,
      high_dist_252: 251,
      low_dist_252: 251,
      high_n_252: 251,
      low_n_252: 251,
      gap: 1,
    });
  });

  it("shares kernels: rvol's SMA with sma_volume, the rolling max with high_n, the returns of beta and correl", () => {
    expect(planIndicators(["rvol_20", "sma_volume_20"]).kernels).toHaveLength(2);
    expect(planIndicators(["high_dist_252", "high_n_252"]).kernels).toHaveLength(2);
    expect(planIndicators(["beta_60", "correl_60"]).kernels).toHaveLength(3);
    // The ratio line does not depend on the period, so both names are one kernel (and the
    // planner skips the unrequested rs_change kernels).
    expect(planIndicators(["rs_ratio_63", "rs_ratio_20"]).kernels).toHaveLength(1);
  });

  it("works small examples by hand", () => {
    // open, high, low, close, volume
    const b = rows(
      [
        [10, 11, 9, 10, 100], // flat close: OBV starts at the first volume
        [11, 12, 10, 12, 200], // up
        [NAN, NAN, NAN, NAN, NAN], // missing day
        [11.4, 12, 11, 11, 0], // down, no volume
        [11, 11, 11, 11, 50], // high == low: no money flow
      ],
      [100, 101, NAN, 99, 99],
    );
    const [obv, ad, gap, rvol, cmf, vwap, rsRatio, rsChange] = computeSeries(b, [
      "obv",
      "ad",
      "gap",
      "rvol_2",
      "cmf_2",
      "vwap_2",
      "rs_ratio_2",
      "rs_change_2",
    ]) as Float64Array[];
    expect(Array.from(obv as Float64Array)).toEqual([100, 300, NAN, 300, 300]);
    expect(Array.from(ad as Float64Array)).toEqual([0, 200, NAN, 200, 200]);
    // The gap after a missing day is measured from the last close that exists.
    expect(Array.from(gap as Float64Array)).toEqual([NAN, (11 / 10 - 1) * 100, NAN, (11.4 / 12 - 1) * 100, 0]);
    // rvol: volume / mean of the previous 2 volumes; a previous mean of 0 is NaN.
    expect(Array.from(rvol as Float64Array)).toEqual([NAN, NAN, NAN, 0, 50 / 100]);
    // cmf: bar 4 has no range (multiplier 0) and bar 3 no volume: 0/50 = 0.
    expect(Array.from(cmf as Float64Array)).toEqual([NAN, 200 / 300, NAN, 200 / 200, 0]);
    expect((vwap as Float64Array)[1]).toBeCloseTo((10 * 100 + (34 / 3) * 200) / 300, 12);
    expect((vwap as Float64Array)[4]).toBeCloseTo(11, 12); // only bar 4 has volume in the window
    expect(Array.from(rsRatio as Float64Array)).toEqual([0.1, 12 / 101, NAN, 11 / 99, 11 / 99]);
    expect((rsChange as Float64Array)[4]).toBeCloseTo((11 / 99 / (12 / 101) - 1) * 100, 12);
  });

  it("uses the mean typical price for VWAP, and 0 for CMF, when the window has no volume", () => {
    const b = rows([
      [10, 12, 9, 11, 0],
      [11, 13, 10, 12, 0],
      [12, 14, 11, 13, 5],
    ]);
    const [vwap, cmf] = computeSeries(b, ["vwap_2", "cmf_2"]) as [Float64Array, Float64Array];
    expect(vwap[1]).toBeCloseTo((32 / 3 + 35 / 3) / 2, 12);
    expect(vwap[2]).toBeCloseTo(38 / 3, 12);
    expect(cmf[0]).toBeNaN();
    expect(cmf[1]).toBe(0);
    expect(cmf[2]).toBeCloseTo(1 / 3, 12);
  });

  it("treats a missing benchmark day as a missing bar for beta, correl and rs (state untouched)", () => {
    const n = 200;
    const list: number[][] = [];
    const bench: number[] = [];
    for (let t = 0; t < n; t++) {
      const c = 30 + 5 * Math.sin(t / 5) + ((t * 7919) % 13) / 10;
      list.push([c, c * 1.01, c * 0.99, c, 1000]);
      bench.push(100 + 3 * Math.sin(t / 9) + ((t * 104729) % 7) / 10);
    }
    const withHole = rows(
      list,
      bench.map((x, t) => (t % 9 === 4 ? NAN : x)),
    );
    const kept = list.map((_, t) => t).filter((t) => t % 9 !== 4);
    const without = rows(
      kept.map((t) => list[t] as number[]),
      kept.map((t) => bench[t] as number),
    );
    const columns = ["beta_20", "correl_20", "rs_ratio_10", "rs_change_10"];
    const a = computeSeries(withHole, columns);
    const b = computeSeries(without, columns);
    columns.forEach((column, k) => {
      const ours = a[k] as Float64Array;
      for (let t = 0; t < n; t++) if (t % 9 === 4) expect(ours[t], `${column} at ${t}`).toBeNaN();
      expect(Array.from(pick(ours, kept)), column).toEqual(Array.from(b[k] as Float64Array));
    });
  });
});

// ---------------------------------------------------------------------------------------

const AWKWARD = ["AAPL", "SPY", "BRK-B", "ACST", "AEY", "EVSTC", "FTSL", "ABR_A", "GOOG"];

describe.skipIf(!hasSharedData)(
  `volume and relative indicators on real data${hasSharedData ? "" : ` (${sharedDataSkipMessage()})`}`,
  () => {
    let series: RealSeries[] = [];
    let spy: Map<number, number> = new Map();

    beforeAll(async () => {
      const all = await loadRealSeries();
      const s = all.get("SPY") as RealSeries;
      spy = new Map(Array.from(s.days, (d, i) => [d, s.close[i] as number]));
      series = sampleSymbols(all.keys(), 25, AWKWARD)
        .map((name) => all.get(name) as RealSeries)
        .filter((x) => x.close.length >= 80);
      expect(series.length).toBeGreaterThan(250);
    }, 120_000);

    const benchOf = (s: RealSeries): Float64Array => Float64Array.from(s.days, (d) => spy.get(d) ?? NAN);
    const fields = (s: RealSeries): Bars => ({
      open: s.open,
      high: s.high,
      low: s.low,
      close: s.close,
      volume: s.volume,
    });

    const SIMPLE = [
      "cmf_20",
      "cmf_5",
      "vwap_20",
      "vwap_3",
      "rvol_20",
      "rvol_5",
      "dollar_volume_20",
      "high_dist_252",
      "low_dist_252",
      "high_dist_20",
      "low_dist_20",
      "high_n_252",
      "low_n_252",
      "gap",
    ];
    const simpleRefs = (b: Bars): Float64Array[] => {
      const hi252 = extremeRef(b.high, 252, true);
      const lo252 = extremeRef(b.low, 252, false);
      return [
        cmfRef(b, 20),
        cmfRef(b, 5),
        vwapRef(b, 20),
        vwapRef(b, 3),
        rvolRef(b, 20),
        rvolRef(b, 5),
        dollarVolumeRef(b, 20),
        distanceRef(b.close, hi252),
        distanceRef(b.close, lo252),
        distanceRef(b.close, extremeRef(b.high, 20, true)),
        distanceRef(b.close, extremeRef(b.low, 20, false)),
        hi252,
        lo252,
        gapRef(b),
      ];
    };

    it("cmf, vwap, rvol, dollar_volume, high/low distance and levels, gap = window-by-window computation", () => {
      let compared = 0;
      for (const s of series) {
        const b = fields(s);
        const ours = computeSeries(b, SIMPLE);
        const refs = simpleRefs(b);
        SIMPLE.forEach((column, k) => {
          compared += expectMatch(ours[k] as Float64Array, refs[k] as Float64Array, `${column} on ${s.symbol}`);
        });
      }
      expect(compared).toBeGreaterThan(100_000);
    });

    it("the same, with missing bars inserted: equal on the bars that exist, NaN on the others", () => {
      for (const s of series.slice(0, 80)) {
        const { gapped, present } = withGaps(fields(s) as unknown as Record<string, Float64Array>, 17);
        const ours = computeSeries(gapped as unknown as Bars, SIMPLE);
        const refs = simpleRefs(fields(s));
        const isPresent = new Uint8Array((gapped.close as Float64Array).length);
        for (const j of present) isPresent[j] = 1;
        SIMPLE.forEach((column, k) => {
          const o = ours[k] as Float64Array;
          expectMatch(pick(o, present), refs[k] as Float64Array, `${column} on ${s.symbol} with gaps`);
          expect(
            o.every((v, j) => isPresent[j] === 1 || Number.isNaN(v)),
            `${column}: a missing bar's value is NaN`,
          ).toBe(true);
        });
      }
    });

    const PAIRED = ["beta_60", "correl_60", "beta_20", "correl_20", "rs_ratio_63", "rs_change_63"];

    /** The symbol's bars with the benchmark, and the indices where both exist. */
    function paired(s: RealSeries, benchGapEvery: number, symbolGapEvery: number) {
      let b: Bars = { ...fields(s), bench: benchOf(s) };
      if (benchGapEvery > 0) b.bench = (b.bench as Float64Array).map((x, i) => (i % benchGapEvery === 3 ? NAN : x));
      if (symbolGapEvery > 0)
        b = withGaps(b as unknown as Record<string, Float64Array>, symbolGapEvery).gapped as unknown as Bars;
      const both: number[] = [];
      for (let i = 0; i < b.close.length; i++)
        if (!Number.isNaN(b.close[i] as number) && !Number.isNaN((b.bench as Float64Array)[i] as number)) both.push(i);
      return { b, both, close: pick(b.close, both), bench: pick(b.bench as Float64Array, both) };
    }

    const VARIANTS = [
      { name: "as is", bench: 0, symbol: 0 },
      { name: "missing benchmark days", bench: 11, symbol: 0 },
      { name: "missing bars and benchmark days", bench: 11, symbol: 17 },
    ];

    for (const variant of VARIANTS) {
      it(`beta, correl, rs vs TA-Lib BETA / CORREL / ROC and an OLS reference (${variant.name})`, () => {
        let compared = 0;
        for (const s of variant.name === "as is" ? series : series.slice(0, 80)) {
          const { b, both, close, bench } = paired(s, variant.bench, variant.symbol);
          if (both.length < 70) continue;
          const ours = computeSeries(b, PAIRED);
          const at = (k: number) => pick(ours[k] as Float64Array, both);
          const rClose = returns(close);
          const rBench = returns(bench);
          const ratio = close.map((c, i) => c / (bench[i] as number));
          const what = (column: string) => `${column} on ${s.symbol} (${variant.name})`;
          for (const [k, n] of [
            [0, 60],
            [2, 20],
          ] as const) {
            // TA-Lib BETA regresses inReal1's returns on inReal0's: benchmark first.
            const [talibBeta] = talibRun("BETA", { inReal0: bench, inReal1: close }, { optInTimePeriod: n }, [
              "outReal",
            ]) as [Float64Array];
            compared += expectMatch(at(k), talibBeta, what(`beta_${n} = TA-Lib BETA`));
            const [correl] = talibRun(
              "CORREL",
              { inReal0: rClose.subarray(1), inReal1: rBench.subarray(1) },
              { optInTimePeriod: n },
              ["outReal"],
            ) as [Float64Array];
            const talibCorrel = nans(close.length);
            talibCorrel.set(correl, 1);
            compared += expectMatch(at(k + 1), talibCorrel, what(`correl_${n} = TA-Lib CORREL of returns`));
            const ols = regressionRef(rBench, rClose, n);
            expectMatch(at(k), ols.beta, what(`beta_${n} = OLS slope`));
            expectMatch(at(k + 1), ols.correl, what(`correl_${n} = Pearson r`));
          }
          expect(Array.from(at(4)), what("rs_ratio = close / bench")).toEqual(Array.from(ratio));
          const [roc] = talibRun("ROC", { inReal: ratio }, { optInTimePeriod: 63 }, ["outReal"]) as [Float64Array];
          compared += expectMatch(at(5), roc, what("rs_change_63 = TA-Lib ROC of the ratio"));
          expectMatch(at(5), percentChangeRef(ratio, 63), what("rs_change_63 = ratio / ratio 63 bars ago"));
          const isBoth = new Uint8Array(b.close.length);
          for (const j of both) isBoth[j] = 1;
          PAIRED.forEach((column, k) => {
            expect(
              (ours[k] as Float64Array).every((v, j) => isBoth[j] === 1 || Number.isNaN(v)),
              what(`${column}: NaN where the symbol or the benchmark has no bar`),
            ).toBe(true);
          });
        }
        expect(compared).toBeGreaterThan(variant.name === "as is" ? 100_000 : 10_000);
      });
    }
  },
);

// ---------------------------------------------------------------------------------------

const barArb = fc.record({
  move: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
  openMove: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  up: fc.double({ min: 0, max: 0.05, noNaN: true }),
  down: fc.double({ min: 0, max: 0.05, noNaN: true }),
  flat: fc.integer({ min: 0, max: 5 }),
  volume: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })),
  missing: fc.integer({ min: 0, max: 9 }),
  benchMove: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
  benchMissing: fc.integer({ min: 0, max: 9 }),
});

/** Valid bars (low ≤ open, close ≤ high), with flat stretches, zero volume and missing days. */
type BarRow = typeof barArb extends fc.Arbitrary<infer T> ? T : never;

function build(list: readonly BarRow[]): Bars {
  const n = list.length;
  const b: Bars = {
    open: nans(n),
    high: nans(n),
    low: nans(n),
    close: nans(n),
    volume: nans(n),
    bench: nans(n),
  };
  let price = 20;
  let bench = 100;
  list.forEach((r, t) => {
    bench *= 1 + r.benchMove;
    if (r.benchMissing !== 0) (b.bench as Float64Array)[t] = bench;
    if (r.missing === 0) return;
    if (r.flat === 0) {
      b.open[t] = b.high[t] = b.low[t] = b.close[t] = price;
    } else {
      const open = price * (1 + r.openMove);
      price *= 1 + r.move;
      b.open[t] = open;
      b.close[t] = price;
      b.high[t] = Math.max(open, price) * (1 + r.up);
      b.low[t] = Math.min(open, price) * (1 - r.down);
    }
    b.volume[t] = r.volume;
  });
  return b;
}

describe("volume and relative indicators: properties", () => {
  it("cmf and correl stay in [-1, 1], high_dist ≤ 0 ≤ low_dist, rvol ≥ 0", () => {
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 1, maxLength: 150 }), fc.integer({ min: 2, max: 12 }), (list, n) => {
        const [cmf, correl, highDist, lowDist, rvol] = computeSeries(build(list), [
          `cmf_${n}`,
          `correl_${n}`,
          `high_dist_${n}`,
          `low_dist_${n}`,
          `rvol_${n}`,
        ]) as Float64Array[];
        for (const v of cmf as Float64Array) if (!Number.isNaN(v)) expect(Math.abs(v)).toBeLessThanOrEqual(1);
        for (const v of correl as Float64Array) if (!Number.isNaN(v)) expect(Math.abs(v)).toBeLessThanOrEqual(1);
        for (const v of highDist as Float64Array) if (!Number.isNaN(v)) expect(v).toBeLessThanOrEqual(0);
        for (const v of lowDist as Float64Array) if (!Number.isNaN(v)) expect(v).toBeGreaterThanOrEqual(0);
        for (const v of rvol as Float64Array) if (!Number.isNaN(v)) expect(v).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it("correl of a symbol that moves exactly with its benchmark is 1, never above (running-sum residue is clamped)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 30, maxLength: 120 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (moves, scale) => {
          const bench = new Float64Array(moves.length);
          let level = 100;
          for (let t = 0; t < moves.length; t++) {
            level *= 1 + (moves[t] as number);
            bench[t] = level;
          }
          const close = bench.map((x) => x * scale);
          const [correl] = computeSeries({ open: close, high: close, low: close, close, volume: close, bench }, [
            "correl_20",
          ]) as [Float64Array];
          for (const v of correl.subarray(20)) {
            expect(v).toBeLessThanOrEqual(1);
            // A window of (nearly) constant returns is flat: TA-Lib's rule gives 0 there.
            if (v !== 0) expect(v).toBeCloseTo(1, 9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("OBV starts at the first volume, then moves by exactly +volume, -volume or 0 with the close", () => {
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 1, maxLength: 150 }), (list) => {
        const b = build(list);
        const [obv] = computeSeries(b, ["obv"]) as [Float64Array];
        let last = -1;
        for (let t = 0; t < obv.length; t++) {
          const c = b.close[t] as number;
          if (Number.isNaN(c)) {
            expect(obv[t]).toBeNaN();
            continue;
          }
          const v = b.volume[t] as number;
          if (last < 0) expect(obv[t]).toBe(v);
          else {
            const step = (obv[t] as number) - (obv[last] as number);
            const prev = b.close[last] as number;
            const expected = c > prev ? v : c < prev ? -v : 0;
            expect(step === expected, `OBV step ${step} at bar ${t}, expected ${expected}`).toBe(true);
          }
          last = t;
        }
      }),
      { numRuns: 300 },
    );
  });
});
