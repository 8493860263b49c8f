// Independent checks for catalog-momentum.ts (docs/indicators.md). TA-Lib parity
// on real data lives in talib-cases-momentum.ts; this file adds:
//  - column names, defaults and the documented warm-up lengths;
//  - shared kernels: ret and roc are one series, stoch and willr share the rolling
//    high/low, aroon and aroon_osc one node, stochrsi reuses rsi;
//  - hand-worked ret (N-bar return) examples and TA-Lib's zero rules on tiny series;
//  - fast-check properties: stoch, stochrsi, mfi, aroon in [0, 100], willr in [-100, 0],
//    aroon_osc in [-100, 100], on random bars with flat stretches, zero volume and gaps;
//  - Tulip (tulind) as a second reference on real data, where its conventions agree.

import fc from "fast-check";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { findIndicator, parseColumn } from "../../engine/indicators/registry.ts";
import { type RealSeries, loadRealSeries, sampleSymbols } from "../support/real-series.ts";
import { hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";
import { computeSeries, firstMismatch } from "./parity.ts";

const NAN = Number.NaN;

interface Bars {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Bars from [high, low, close, volume] rows (open = close). */
function rows(list: readonly (readonly number[])[]): Bars {
  const col = (k: number) => Float64Array.from(list, (r) => r[k] as number);
  return { open: col(2), high: col(0), low: col(1), close: col(2), volume: col(3) };
}

/** Bars whose close is `closes` (high = low = close, volume 1000). */
function closes(xs: readonly number[]): Bars {
  return rows(xs.map((c) => [c, c, c, 1000]));
}

/** A deterministic random walk with ranges and volume, no missing bars. */
function walk(n: number, seed: number): Bars {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const list: number[][] = [];
  let price = 50;
  for (let t = 0; t < n; t++) {
    price *= 1 + (rand() - 0.5) * 0.04;
    const high = price * (1 + rand() * 0.02);
    const low = price * (1 - rand() * 0.02);
    list.push([high, low, price, Math.round(1e5 * rand())]);
  }
  return rows(list);
}

const firstValue = (xs: Float64Array): number => xs.findIndex((x) => !Number.isNaN(x));

describe("momentum columns", () => {
  it("names default columns and parses them back", () => {
    const defaults: Record<string, string[]> = {
      wma: ["wma_20"],
      dema: ["dema_20"],
      tema: ["tema_20"],
      stoch: ["stoch_k_14_3_3", "stoch_d_14_3_3"],
      stochrsi: ["stochrsi_k_14_5_3", "stochrsi_d_14_5_3"],
      willr: ["willr_14"],
      cci: ["cci_20"],
      roc: ["roc_10"],
      ret: ["ret_21"],
      mfi: ["mfi_14"],
      aroon: ["aroon_up_25", "aroon_down_25"],
      aroon_osc: ["aroon_osc_25"],
    };
    for (const [name, columns] of Object.entries(defaults)) {
      expect(findIndicator(name), name).toBeDefined();
      expect(planIndicators([{ name }]).columns.map((c) => c.name)).toEqual(columns);
    }
    expect(planIndicators(["stoch_k", "stochrsi_d", "aroon_osc", "ret"]).columns.map((c) => c.name)).toEqual([
      "stoch_k_14_3_3",
      "stochrsi_d_14_5_3",
      "aroon_osc_25",
      "ret_21",
    ]);
    expect(parseColumn("wma_volume_9").source).toBe("volume");
    expect(parseColumn("stochrsi_k_14_14_3").params).toEqual([14, 14, 3]);
  });

  it("starts each column on the documented bar (complete data)", () => {
    const warmUp: Record<string, number> = {
      wma_20: 19,
      wma_2: 1,
      dema_20: 38,
      tema_20: 57,
      stoch_k_14_3_3: 17,
      stoch_d_14_3_3: 17,
      stoch_k_5_1_1: 4,
      stochrsi_k_14_5_3: 20,
      stochrsi_d_14_5_3: 20,
      stochrsi_k_14_14_3: 29,
      willr_14: 13,
      cci_20: 19,
      roc_10: 10,
      ret_21: 21,
      ret_63: 63,
      ret_126: 126,
      ret_252: 252,
      mfi_14: 14,
      aroon_up_25: 25,
      aroon_down_25: 25,
      aroon_osc_25: 25,
    };
    const bars = walk(400, 11);
    const names = Object.keys(warmUp);
    computeSeries(bars, names).forEach((values, i) => {
      const name = names[i] as string;
      expect(firstValue(values), name).toBe(warmUp[name]);
    });
  });

  it("rejects parameters TA-Lib rejects", () => {
    for (const column of ["wma_1", "dema_1", "tema_1", "willr_1", "cci_1", "mfi_1", "aroon_up_1", "stochrsi_k_1_5_3"])
      expect(() => planIndicators([column]), column).toThrow(/must be a whole number from 2/);
    expect(() => planIndicators(["ret_0"])).toThrow(/from 1/);
  });
});

describe("shared kernels", () => {
  const keys = (columns: string[]) => planIndicators(columns).kernels.map((k) => k.key);

  it("ret and roc of the same period are one kernel", () => {
    expect(keys(["ret_10", "roc_10"])).toEqual(["roc(close,10)"]);
    expect(keys(["ret_volume_5", "roc_volume_5"])).toEqual(["roc(volume,5)"]);
  });

  it("stoch and willr share the rolling high and low; aroon and aroon_osc one node; stochrsi reuses rsi", () => {
    const stochWillr = keys(["stoch_k_14_3_3", "stoch_d_14_3_3", "willr_14"]);
    expect(stochWillr.filter((k) => k === "max(high,14)")).toHaveLength(1);
    expect(stochWillr.filter((k) => k === "min(low,14)")).toHaveLength(1);
    expect(keys(["aroon_up_25", "aroon_down_25", "aroon_osc_25"])).toHaveLength(3);
    expect(keys(["rsi_14", "stochrsi_k_14_5_3"]).filter((k) => k.startsWith("rsi("))).toEqual(["rsi(close,14)"]);
    expect(keys(["ema_20", "dema_20", "tema_20"]).filter((k) => k.startsWith("ema("))).toHaveLength(3);
  });
});

describe("ret: N-bar return in percent", () => {
  it("matches hand-computed returns", () => {
    const bars = closes([50, 55, 44, 66, 60.5]);
    const [ret1, ret2, ret4] = computeSeries(bars, ["ret_1", "ret_2", "ret_4"]) as [
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    // 55/50 - 1 = +10%, 44/55 - 1 = -20%, 66/44 - 1 = +50%, 60.5/66 - 1 = -8.33…%
    expectClose(ret1, [NAN, 10, -20, 50, -100 / 12]);
    // 44/50 - 1 = -12%, 66/55 - 1 = +20%, 60.5/44 - 1 = +37.5%
    expectClose(ret2, [NAN, NAN, -12, 20, 37.5]);
    // 60.5/50 - 1 = +21%
    expectClose(ret4, [NAN, NAN, NAN, NAN, 21]);
  });

  it("counts bars that exist: a missing day is skipped, not a zero return", () => {
    const bars = closes([50, NAN, 55, 44, NAN, 66]);
    const [ret1, ret2] = computeSeries(bars, ["ret_1", "ret_2"]) as [Float64Array, Float64Array];
    expectClose(ret1, [NAN, NAN, 10, -20, NAN, 50]);
    expectClose(ret2, [NAN, NAN, NAN, -12, NAN, 20]);
  });

  it("gives the 21/63/126/252-bar returns of a steady 0.1% a day", () => {
    const bars = closes(Array.from({ length: 300 }, (_, t) => 100 * 1.001 ** t));
    const columns = ["ret_21", "ret_63", "ret_126", "ret_252"];
    computeSeries(bars, columns).forEach((values, i) => {
      const n = [21, 63, 126, 252][i] as number;
      expect(firstValue(values), columns[i]).toBe(n);
      for (let t = n; t < 300; t++) expect(values[t]).toBeCloseTo((1.001 ** n - 1) * 100, 9);
    });
  });

  it("is 0 when the earlier value is 0 (TA-Lib's rule), and works on any source", () => {
    const bars = closes([10, 11, 12]);
    bars.volume.set([0, 500, 750]);
    const [retVolume] = computeSeries(bars, ["ret_volume_1"]) as [Float64Array];
    expectClose(retVolume, [NAN, 0, 50]);
  });
});

describe("TA-Lib's zero rules", () => {
  it("flat ranges give stoch 0, willr 0, cci 0; zero volume gives mfi 0", () => {
    const flat = rows(Array.from({ length: 40 }, () => [10, 10, 10, 0]));
    const [k, d, willr, cci, mfi, up, down, osc] = computeSeries(flat, [
      "stoch_k_5_3_3",
      "stoch_d_5_3_3",
      "willr_5",
      "cci_5",
      "mfi_5",
      "aroon_up_5",
      "aroon_down_5",
      "aroon_osc_5",
    ]) as Float64Array[];
    for (const [name, values, start] of [
      ["stoch_k", k, 8],
      ["stoch_d", d, 8],
      ["willr", willr, 4],
      ["cci", cci, 4],
      ["mfi", mfi, 5],
      ["aroon_osc", osc, 5],
    ] as const) {
      expect(firstValue(values as Float64Array), name).toBe(start);
      for (let t = start; t < 40; t++) expect((values as Float64Array)[t], `${name} at ${t}`).toBe(0);
    }
    // Every bar ties for the high and the low: the newest wins, so both read 100.
    for (let t = 5; t < 40; t++) expect([up?.[t], down?.[t]]).toEqual([100, 100]);
  });

  it("mfi is 0 while the window's money flow is below 1 (TA-Lib), even if all of it is positive", () => {
    // Rising typical price on tiny volume: pos = sum(tp * volume) < 1.
    const bars = rows(Array.from({ length: 10 }, (_, t) => [1 + t * 0.01, 1 + t * 0.01, 1 + t * 0.01, 0.01]));
    const [mfi] = computeSeries(bars, ["mfi_3"]) as [Float64Array];
    expectClose(mfi, [NAN, NAN, NAN, 0, 0, 0, 0, 0, 0, 0]);
    bars.volume.fill(10);
    const [mfi2] = computeSeries(bars, ["mfi_3"]) as [Float64Array];
    expectClose(mfi2, [NAN, NAN, NAN, 100, 100, 100, 100, 100, 100, 100]);
  });
});

// ---------------------------------------------------------------------------------------
// Bounds, on random bars: flat stretches (zero range), zero volume, missing bars.

const barArb = fc.record({
  move: fc.double({ min: -0.15, max: 0.15, noNaN: true }),
  up: fc.double({ min: 0, max: 0.05, noNaN: true }),
  down: fc.double({ min: 0, max: 0.05, noNaN: true }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  volume: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e7 })),
  kind: fc.constantFrom("normal", "normal", "normal", "flat", "missing"),
});

type BarSpec = typeof barArb extends fc.Arbitrary<infer T> ? T : never;

function toBars(list: readonly BarSpec[]): Bars {
  let price = 20;
  const out: number[][] = [];
  for (const b of list) {
    price *= Math.exp(b.move);
    if (b.kind === "missing") out.push([NAN, NAN, NAN, NAN]);
    else if (b.kind === "flat") out.push([price, price, price, b.volume]);
    else {
      const high = price * (1 + b.up);
      const low = price * (1 - b.down);
      out.push([high, low, low + (high - low) * b.at, b.volume]);
    }
  }
  return rows(out);
}

/** Every value is NaN or within [lo, hi]; TA-Lib's arithmetic can overshoot by rounding, so 1e-9 is allowed. */
function expectWithin(values: Float64Array, lo: number, hi: number, what: string): void {
  for (let t = 0; t < values.length; t++) {
    const v = values[t] as number;
    if (Number.isNaN(v)) continue;
    if (!(v >= lo - 1e-9 && v <= hi + 1e-9)) expect.fail(`${what} at bar ${t} is ${v}, outside [${lo}, ${hi}]`);
  }
}

describe("bounds (fast-check)", () => {
  const bounded: [string, number, number][] = [
    ["stoch_k_5_3_3", 0, 100],
    ["stoch_d_5_3_3", 0, 100],
    ["stoch_k_14_1_1", 0, 100],
    ["stochrsi_k_5_5_3", 0, 100],
    ["stochrsi_d_5_5_3", 0, 100],
    ["stochrsi_k_2_3_1", 0, 100],
    ["willr_5", -100, 0],
    ["willr_14", -100, 0],
    ["mfi_3", 0, 100],
    ["mfi_14", 0, 100],
    ["aroon_up_5", 0, 100],
    ["aroon_down_5", 0, 100],
    ["aroon_osc_5", -100, 100],
    ["rsi_5", 0, 100],
  ];

  it("keeps every oscillator within its range", () => {
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 1, maxLength: 120 }), (list) => {
        const bars = toBars(list);
        computeSeries(
          bars,
          bounded.map(([c]) => c),
        ).forEach((values, i) => {
          const [column, lo, hi] = bounded[i] as [string, number, number];
          expectWithin(values, lo, hi, column);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("reaches the ends of the range: a close at the high reads 100 (stoch) and 0 (willr)", () => {
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 20, maxLength: 60 }), (list) => {
        const bars = toBars(list);
        const n = bars.close.length;
        // Make the last bar a new high, closing on it.
        let top = 0;
        for (let t = 0; t < n - 1; t++) if ((bars.high[t] as number) > top) top = bars.high[t] as number;
        bars.high[n - 1] = top * 1.1;
        bars.low[n - 1] = top;
        bars.close[n - 1] = top * 1.1;
        bars.volume[n - 1] = 1000;
        const [k, willr, up] = computeSeries(bars, ["stoch_k_5_1_1", "willr_5", "aroon_up_5"]) as Float64Array[];
        if (!Number.isNaN(k?.[n - 1] as number)) expect(k?.[n - 1]).toBeCloseTo(100, 9);
        if (!Number.isNaN(willr?.[n - 1] as number)) expect(willr?.[n - 1]).toBeCloseTo(0, 9);
        if (!Number.isNaN(up?.[n - 1] as number)) expect(up?.[n - 1]).toBe(100);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Tulip Indicators as a second reference (real data). Tulip starts its EMAs from the first
// value rather than an SMA (DEMA/TEMA converge instead of matching from the start), has
// no smoothing in STOCHRSI, returns ROC as a ratio, and starts CCI later; its MFI follows
// a different convention and is not compared.

interface Tulind {
  indicators: Record<
    string,
    { indicator(inputs: number[][], options: number[], done: (err: unknown, out: number[][]) => void): void }
  >;
}
const tulind = createRequire(import.meta.url)("tulind") as Tulind;

function tulip(name: string, inputs: Float64Array[], options: number[], n: number): Float64Array[] {
  let result: number[][] = [];
  tulind.indicators[name]?.indicator(
    inputs.map((a) => Array.from(a)),
    options,
    (err, out) => {
      if (err) throw err;
      result = out;
    },
  );
  return result.map((values) => {
    const aligned = new Float64Array(n).fill(NAN);
    aligned.set(values, n - values.length);
    return aligned;
  });
}

interface TulipCase {
  columns: string[];
  tulip: string;
  inputs: (s: RealSeries) => Float64Array[];
  options: number[];
  /** Our value / scale is Tulip's. */
  scale?: number;
  /** Compare from this bar on (Tulip's warm-up or EMA seeding differs before). */
  from?: number;
  tolerance?: number;
}

const TULIP_CASES: TulipCase[] = [
  { columns: ["wma_20"], tulip: "wma", inputs: (s) => [s.close], options: [20] },
  { columns: ["dema_20"], tulip: "dema", inputs: (s) => [s.close], options: [20], from: 250, tolerance: 1e-6 },
  { columns: ["tema_20"], tulip: "tema", inputs: (s) => [s.close], options: [20], from: 250, tolerance: 1e-6 },
  {
    columns: ["stoch_k_14_3_3", "stoch_d_14_3_3"],
    tulip: "stoch",
    inputs: (s) => [s.high, s.low, s.close],
    options: [14, 3, 3],
  },
  { columns: ["stochrsi_k_14_14_1"], tulip: "stochrsi", inputs: (s) => [s.close], options: [14], scale: 100 },
  { columns: ["willr_14"], tulip: "willr", inputs: (s) => [s.high, s.low, s.close], options: [14] },
  { columns: ["cci_20"], tulip: "cci", inputs: (s) => [s.high, s.low, s.close], options: [20] },
  { columns: ["roc_10"], tulip: "roc", inputs: (s) => [s.close], options: [10], scale: 100 },
  { columns: ["ret_63"], tulip: "roc", inputs: (s) => [s.close], options: [63], scale: 100 },
  { columns: ["aroon_down_25", "aroon_up_25"], tulip: "aroon", inputs: (s) => [s.high, s.low], options: [25] },
  { columns: ["aroon_osc_25"], tulip: "aroonosc", inputs: (s) => [s.high, s.low], options: [25] },
];

describe.skipIf(!hasSharedData)(
  `Tulip as a second reference on real data${hasSharedData ? "" : ` (${sharedDataSkipMessage()})`}`,
  () => {
    let series: RealSeries[] = [];

    beforeAll(async () => {
      const all = await loadRealSeries();
      series = sampleSymbols(all.keys(), 50, ["AAPL", "ACST", "AEY", "EVSTC", "FTSL"])
        .map((s) => all.get(s) as RealSeries)
        .filter((s) => s.close.length >= 300);
      expect(series.length).toBeGreaterThan(100);
    }, 120_000);

    for (const c of TULIP_CASES) {
      it(`${c.columns.join(", ")} = Tulip ${c.tulip}`, () => {
        let compared = 0;
        for (const s of series) {
          const n = s.close.length;
          const ours = computeSeries(s, c.columns);
          const refs = tulip(c.tulip, c.inputs(s), c.options, n);
          c.columns.forEach((column, k) => {
            const from = c.from ?? 0;
            const reference = (refs[k] as Float64Array).subarray(from);
            // Where Tulip starts later (CCI), compare only where it has values.
            const mine = Float64Array.from((ours[k] as Float64Array).subarray(from), (v, i) =>
              Number.isNaN(reference[i] as number) ? NAN : v / (c.scale ?? 1),
            );
            const bad = firstMismatch(mine, reference, c.tolerance);
            expect(bad, `${column} on ${s.symbol}: first difference at bar ${(bad?.index ?? 0) + from}`).toBeNull();
            compared += reference.filter((x) => !Number.isNaN(x)).length;
          });
        }
        expect(compared).toBeGreaterThan(10_000);
      });
    }
  },
);

function expectClose(actual: Float64Array, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, t) => {
    const a = actual[t] as number;
    if (Number.isNaN(e)) expect(a, `bar ${t}`).toBeNaN();
    else expect(a, `bar ${t}`).toBeCloseTo(e, 10);
  });
}
