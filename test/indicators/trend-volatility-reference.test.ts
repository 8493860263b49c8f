// Independent checks for catalog-trend-volatility.ts (docs/indicators.md).
// TA-Lib parity of atr, natr, adx, ±di, dx, the Bollinger bands, kc_middle, donchian, sar
// and trend_slope is in talib-cases-trend-volatility.ts; here:
//  - column names, defaults, warm-up lengths, shared kernels, hand-worked examples;
//  - on real data (~300 symbols): bb_pctb / bb_width from TA-Lib's bands and the bands
//    against a two-pass stddev; keltner against a straightforward EMA ± mult × ATR;
//    supertrend against a line-by-line transcription of TradingView's pine_supertrend;
//    trend_slope / trend_r2 against a two-pass regression (and R² against TA-Lib CORREL²);
//    max_drawdown against a window-by-window scan; realized_vol against a two-pass sample
//    stddev and against TA-Lib STDDEV × √(N/(N-1)) × √252 × 100; missing bars skipped;
//  - fast-check properties: band order, ATR ≥ 0, ADX/DI/DX in [0, 100], R² in [0, 1],
//    max_drawdown in [0, 100] and equal to an all-pairs scan, realized_vol ≥ 0.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { findIndicator } from "../../engine/indicators/registry.ts";
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
}

const NAN = Number.NaN;
const nans = (n: number): Float64Array => new Float64Array(n).fill(NAN);

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

/** A deterministic random walk with intraday ranges (complete: no missing bars). */
function walk(n: number, seed: number): Bars {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const b: Bars = { open: nans(n), high: nans(n), low: nans(n), close: nans(n), volume: nans(n) };
  let price = 50;
  for (let t = 0; t < n; t++) {
    const open = price * (1 + (rand() - 0.5) * 0.01);
    price *= 1 + (rand() - 0.5) * 0.04;
    b.open[t] = open;
    b.close[t] = price;
    b.high[t] = Math.max(open, price) * (1 + rand() * 0.01);
    b.low[t] = Math.min(open, price) * (1 - rand() * 0.01);
    b.volume[t] = Math.round(1e5 * (0.5 + rand()));
  }
  return b;
}

// ---------------------------------------------------------------------------------------
// Straightforward references over complete series (no NaN), written from the definitions.

/** TA-Lib's true range: none on the first bar. */
function trueRangeRef(b: Bars): Float64Array {
  const out = nans(b.close.length);
  for (let t = 1; t < out.length; t++) {
    const h = b.high[t] as number;
    const l = b.low[t] as number;
    const pc = b.close[t - 1] as number;
    out[t] = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
  }
  return out;
}

/** Wilder's average (RMA): the mean of the first n values that exist, then (prev·(n-1) + x)/n. */
function wilderRef(x: Float64Array, n: number): Float64Array {
  const out = nans(x.length);
  const first = x.findIndex((v) => !Number.isNaN(v));
  if (first < 0 || first + n > x.length) return out;
  let avg = 0;
  for (let t = first; t < first + n; t++) avg += x[t] as number;
  avg /= n;
  out[first + n - 1] = avg;
  for (let t = first + n; t < x.length; t++) {
    avg = (avg * (n - 1) + (x[t] as number)) / n;
    out[t] = avg;
  }
  return out;
}

/** EMA seeded with the SMA of the first n values (TA-Lib's seeding). */
function emaRef(x: Float64Array, n: number): Float64Array {
  const out = nans(x.length);
  if (x.length < n) return out;
  let ema = 0;
  for (let t = 0; t < n; t++) ema += x[t] as number;
  ema /= n;
  out[n - 1] = ema;
  const k = 2 / (n + 1);
  for (let t = n; t < x.length; t++) {
    ema = k * (x[t] as number) + (1 - k) * ema;
    out[t] = ema;
  }
  return out;
}

/** TradingView's ta.atr: the first bar's true range is high - low, then ta.rma (SMA-seeded). */
function tradingViewAtr(b: Bars, n: number): Float64Array {
  const tr = trueRangeRef(b);
  tr[0] = (b.high[0] as number) - (b.low[0] as number);
  return wilderRef(tr, n);
}

/**
 * TradingView's pine_supertrend, line by line (direction in TradingView's sign: -1 up, +1 down),
 * over a given ATR series (na where NaN).
 */
function pineSupertrend(b: Bars, atr: Float64Array, factor: number): [Float64Array, Float64Array] {
  const n = b.close.length;
  const upperBand = nans(n);
  const lowerBand = nans(n);
  const superTrend = nans(n);
  const direction = nans(n);
  const nz = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 0 : v);
  for (let i = 0; i < n; i++) {
    const a = atr[i] as number;
    if (Number.isNaN(a)) continue;
    const src = ((b.high[i] as number) + (b.low[i] as number)) / 2;
    let upper = src + factor * a;
    let lower = src - factor * a;
    const prevLower = nz(lowerBand[i - 1]);
    const prevUpper = nz(upperBand[i - 1]);
    const close1 = b.close[i - 1] as number; // bar i - 1 exists: the ATR starts after bar 0
    lower = lower > prevLower || close1 < prevLower ? lower : prevLower;
    upper = upper < prevUpper || close1 > prevUpper ? upper : prevUpper;
    let dir: number;
    if (Number.isNaN(atr[i - 1] as number)) dir = 1;
    else if (superTrend[i - 1] === upperBand[i - 1]) dir = (b.close[i] as number) > upper ? -1 : 1;
    else dir = (b.close[i] as number) < lower ? 1 : -1;
    lowerBand[i] = lower;
    upperBand[i] = upper;
    superTrend[i] = dir === -1 ? lower : upper;
    direction[i] = dir;
  }
  return [superTrend, direction];
}

/** Least-squares line through ln(close) of each window, two-pass: [slope, R²]. */
function trendRef(close: Float64Array, n: number): [Float64Array, Float64Array] {
  const slope = nans(close.length);
  const r2 = nans(close.length);
  const xMean = (n - 1) / 2;
  for (let t = n - 1; t < close.length; t++) {
    let yMean = 0;
    for (let i = 0; i < n; i++) yMean += Math.log(close[t - n + 1 + i] as number);
    yMean /= n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const dy = Math.log(close[t - n + 1 + i] as number) - yMean;
      sxy += (i - xMean) * dy;
      sxx += (i - xMean) * (i - xMean);
      syy += dy * dy;
    }
    slope[t] = sxy / sxx;
    r2[t] = syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  }
  return [slope, r2];
}

/** Largest (peak - trough) / peak of each window in percent, scanning with the running peak. */
function maxDrawdownRef(close: ArrayLike<number>, n: number): Float64Array {
  const out = nans(close.length);
  for (let t = n - 1; t < close.length; t++) {
    let peak = close[t - n + 1] as number;
    let worst = 0;
    for (let i = t - n + 1; i <= t; i++) {
      const v = close[i] as number;
      if (v > peak) peak = v;
      worst = Math.max(worst, (peak - v) / peak);
    }
    out[t] = 100 * worst;
  }
  return out;
}

/** All pairs i ≤ j of the window: the definition itself (O(n²) per window, for small tests). */
function maxDrawdownPairs(close: readonly number[], n: number): Float64Array {
  const out = nans(close.length);
  for (let t = n - 1; t < close.length; t++) {
    let worst = 0;
    for (let i = t - n + 1; i <= t; i++)
      for (let j = i; j <= t; j++)
        worst = Math.max(worst, ((close[i] as number) - (close[j] as number)) / (close[i] as number));
    out[t] = 100 * worst;
  }
  return out;
}

/** Daily log returns (NaN on the first bar). */
function logReturns(close: Float64Array): Float64Array {
  const out = nans(close.length);
  for (let t = 1; t < close.length; t++) out[t] = Math.log((close[t] as number) / (close[t - 1] as number));
  return out;
}

/** Annualized sample stddev of the last n log returns, in percent, two-pass. */
function realizedVolRef(close: Float64Array, n: number): Float64Array {
  const r = logReturns(close);
  const out = nans(close.length);
  for (let t = n; t < close.length; t++) {
    let mean = 0;
    for (let i = t - n + 1; i <= t; i++) mean += r[i] as number;
    mean /= n;
    let ss = 0;
    for (let i = t - n + 1; i <= t; i++) ss += ((r[i] as number) - mean) ** 2;
    out[t] = Math.sqrt(ss / (n - 1)) * Math.sqrt(252) * 100;
  }
  return out;
}

/** Population stddev of each window, two-pass. */
function stddevRef(x: Float64Array, n: number): Float64Array {
  const out = nans(x.length);
  for (let t = n - 1; t < x.length; t++) {
    let mean = 0;
    for (let i = t - n + 1; i <= t; i++) mean += x[i] as number;
    mean /= n;
    let ss = 0;
    for (let i = t - n + 1; i <= t; i++) ss += ((x[i] as number) - mean) ** 2;
    out[t] = Math.sqrt(ss / n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------

describe("trend and volatility indicators: names, defaults, warm-up", () => {
  it("names columns by the documented scheme with the documented defaults", () => {
    const names = planIndicators([
      { name: "atr" },
      { name: "natr" },
      { name: "adx" },
      { name: "plus_di" },
      { name: "minus_di" },
      { name: "dx" },
      { name: "bb" },
      { name: "keltner" },
      { name: "donchian" },
      { name: "sar" },
      { name: "supertrend" },
      { name: "trend_slope" },
      { name: "trend_r2" },
      { name: "max_drawdown" },
      { name: "realized_vol" },
      { name: "realized_vol", params: [60] },
      { name: "bb", source: "volume" },
    ]).columns.map((c) => c.name);
    expect(names).toEqual([
      "atr_14",
      "natr_14",
      "adx_14",
      "plus_di_14",
      "minus_di_14",
      "dx_14",
      "bb_upper_20_2",
      "bb_middle_20_2",
      "bb_lower_20_2",
      "bb_pctb_20_2",
      "bb_width_20_2",
      "kc_upper_20_2_10",
      "kc_middle_20_2_10",
      "kc_lower_20_2_10",
      "dc_upper_20",
      "dc_lower_20",
      "dc_middle_20",
      "sar_0.02_0.2",
      "supertrend_10_3",
      "supertrend_dir_10_3",
      "trend_slope_63",
      "trend_r2_63",
      "max_drawdown_252",
      "realized_vol_20",
      "realized_vol_60",
      "bb_upper_volume_20_2",
      "bb_middle_volume_20_2",
      "bb_lower_volume_20_2",
      "bb_pctb_volume_20_2",
      "bb_width_volume_20_2",
    ]);
    expect(findIndicator("bb")?.sourceable).toBe(true);
    expect(findIndicator("keltner")?.sourceable).toBe(false);
  });

  it("starts each column on the documented bar (first value on complete data)", () => {
    const expected: Record<string, number> = {
      atr_14: 14,
      atr_1: 1,
      natr_14: 14,
      adx_14: 27,
      adx_5: 9,
      plus_di_14: 14,
      minus_di_14: 14,
      dx_14: 14,
      bb_upper_20_2: 19,
      bb_middle_20_2: 19,
      bb_lower_20_2: 19,
      bb_pctb_20_2: 19,
      bb_width_20_2: 19,
      kc_upper_20_2_10: 19,
      kc_middle_20_2_10: 19,
      kc_lower_20_2_10: 19,
      kc_upper_5_2_10: 10,
      dc_upper_20: 19,
      dc_lower_20: 19,
      dc_middle_20: 19,
      "sar_0.02_0.2": 1,
      supertrend_10_3: 10,
      supertrend_dir_10_3: 10,
      trend_slope_63: 62,
      trend_r2_63: 62,
      max_drawdown_252: 251,
      realized_vol_20: 20,
      realized_vol_60: 60,
    };
    const columns = Object.keys(expected);
    const out = computeSeries(walk(400, 11), columns);
    columns.forEach((column, k) => {
      const values = out[k] as Float64Array;
      const first = values.findIndex((v) => !Number.isNaN(v));
      expect(first, column).toBe(expected[column]);
      expect(
        values.subarray(first).every((v) => !Number.isNaN(v)),
        `${column}: no NaN after the warm-up`,
      ).toBe(true);
    });
  });

  it("computes shared pieces once: one DM/TR smoothing for adx, ±di and dx; one ATR for atr, natr, keltner, supertrend", () => {
    const dmi = planIndicators(["adx_14", "plus_di_14", "minus_di_14", "dx_14"]);
    expect(dmi.kernels.filter((k) => k.key.startsWith("dmsums(")).length).toBe(1);
    expect(dmi.kernels.filter((k) => k.key.startsWith("dmi(")).length).toBe(1);
    expect(dmi.kernels.length).toBe(2);
    const atr = planIndicators([
      "atr_10",
      "natr_10",
      "kc_upper_20_2_10",
      "supertrend_10_3",
      "ema_20",
      "sma_20",
      "bb_upper_20_2",
    ]);
    const keys = atr.kernels.map((k) => k.key);
    expect(keys.filter((k) => k.startsWith("trange(")).length).toBe(1);
    expect(keys.filter((k) => k.startsWith("wilder(")).length).toBe(1);
    expect(keys.filter((k) => k.startsWith("ema(")).length, "kc_middle is ema_20").toBe(1);
    expect(keys.filter((k) => k.startsWith("sma(")).length, "bb_middle is sma_20").toBe(1);
  });

  it("worked examples", () => {
    const close = Float64Array.from([100, 120, 90, 110, 60, 70, 130, 125]);
    const bars: Bars = { open: close, high: close, low: close, close, volume: close.map(() => 1) };
    const [dd5, dd3] = computeSeries(bars, ["max_drawdown_5", "max_drawdown_3"]);
    // [100,120,90,110,60] and [120,90,110,60,70]: 120→60 = 50%; then 110→60 = 45.45%.
    expect(Number.isNaN(dd5?.[3] as number)).toBe(true);
    [50, 50, (50 / 110) * 100, (50 / 110) * 100].forEach((v, i) => expect(dd5?.[4 + i]).toBeCloseTo(v, 12));
    // [90,110,60]: 110→60; [110,60,70]: 110→60; [60,70,130]: 0; [70,130,125]: 130→125.
    expect(dd3?.[4]).toBeCloseTo((50 / 110) * 100, 12);
    expect(dd3?.[6]).toBe(0);
    expect(dd3?.[7]).toBeCloseTo((5 / 130) * 100, 12);

    // A perfect exponential: slope = ln(1.01) per bar, R² = 1; realized vol of constant returns = 0.
    const growth = Float64Array.from({ length: 80 }, (_, i) => 10 * 1.01 ** i);
    const g: Bars = { open: growth, high: growth, low: growth, close: growth, volume: growth };
    const [slope, r2, vol] = computeSeries(g, ["trend_slope_20", "trend_r2_20", "realized_vol_10"]);
    expect(slope?.[79]).toBeCloseTo(Math.log(1.01), 12);
    expect(r2?.[79]).toBeCloseTo(1, 12);
    expect(vol?.[79]).toBeCloseTo(0, 9);

    // A flat window: R² 0, %B 0.5, bandwidth 0.
    const flat = new Float64Array(30).fill(7);
    const f: Bars = { open: flat, high: flat, low: flat, close: flat, volume: flat };
    const [flatR2, pctb, width] = computeSeries(f, ["trend_r2_10", "bb_pctb_10_2", "bb_width_10_2"]);
    expect(flatR2?.[29]).toBe(0);
    expect(pctb?.[29]).toBe(0.5);
    expect(width?.[29]).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------

const AWKWARD = ["AAPL", "SPY", "BRK-B", "ACST", "AEY", "EVSTC", "FTSL", "ABR_A", "GOOG"];
const SQRT252 = Math.sqrt(252);

describe.skipIf(!hasSharedData)(
  `trend and volatility indicators on real data${hasSharedData ? "" : ` (${sharedDataSkipMessage()})`}`,
  () => {
    let series: RealSeries[] = [];

    beforeAll(async () => {
      const all = await loadRealSeries();
      series = sampleSymbols(all.keys(), 25, AWKWARD)
        .map((s) => all.get(s) as RealSeries)
        .filter((s) => s.close.length >= 60);
      expect(series.length).toBeGreaterThan(250);
    }, 120_000);

    it("bb_pctb and bb_width equal (close - lower)/(upper - lower) and (upper - lower)/middle of TA-Lib's bands", () => {
      let compared = 0;
      for (const s of series) {
        for (const [period, mult] of [
          [20, 2],
          [10, 1.5],
        ] as const) {
          const suffix = `${period}_${mult}`;
          const [pctb, width] = computeSeries(s, [`bb_pctb_${suffix}`, `bb_width_${suffix}`]);
          const [upper, middle, lower] = talibRun(
            "BBANDS",
            { inReal: s.close },
            { optInTimePeriod: period, optInNbDevUp: mult, optInNbDevDn: mult, optInMAType: 0 },
            ["outRealUpperBand", "outRealMiddleBand", "outRealLowerBand"],
          ) as [Float64Array, Float64Array, Float64Array];
          const refPctb = nans(s.close.length);
          const refWidth = nans(s.close.length);
          for (let t = 0; t < s.close.length; t++) {
            const range = (upper[t] as number) - (lower[t] as number);
            if (Number.isNaN(range)) continue;
            refPctb[t] = range === 0 ? 0.5 : ((s.close[t] as number) - (lower[t] as number)) / range;
            refWidth[t] = range / (middle[t] as number);
          }
          compared += expectMatch(pctb as Float64Array, refPctb, `bb_pctb_${suffix} on ${s.symbol}`, 1e-12);
          compared += expectMatch(width as Float64Array, refWidth, `bb_width_${suffix} on ${s.symbol}`, 1e-12);
        }
      }
      expect(compared).toBeGreaterThan(100_000);
    });

    it("Bollinger bands stay within 1e-9 of the price of bands from a two-pass stddev (TA-Lib's Σx² - (Σx)² cancellation is small)", () => {
      let worst = 0;
      for (const s of series) {
        const [upper, middle] = computeSeries(s, ["bb_upper_20_2", "bb_middle_20_2"]) as [Float64Array, Float64Array];
        const sd = stddevRef(s.close, 20);
        for (let t = 19; t < s.close.length; t++) {
          const m = middle[t] as number;
          const err = Math.abs((upper[t] as number) - (m + 2 * (sd[t] as number))) / m;
          if (err > worst) worst = err;
        }
      }
      expect(worst).toBeLessThan(1e-9);
    });

    it("keltner = EMA(close, period) ± mult × ATR(atr period), from straightforward loops", () => {
      let compared = 0;
      for (const s of series) {
        for (const [period, mult, atrPeriod] of [
          [20, 2, 10],
          [50, 1.5, 20],
        ] as const) {
          const suffix = `${period}_${mult}_${atrPeriod}`;
          const ours = computeSeries(s, [`kc_upper_${suffix}`, `kc_middle_${suffix}`, `kc_lower_${suffix}`]);
          const ema = emaRef(s.close, period);
          const atr = wilderRef(trueRangeRef(s), atrPeriod);
          const upper = ema.map((e, t) => e + mult * (atr[t] as number));
          const lower = ema.map((e, t) => e - mult * (atr[t] as number));
          compared += expectMatch(ours[0] as Float64Array, upper, `kc_upper_${suffix} on ${s.symbol}`);
          compared += expectMatch(ours[1] as Float64Array, ema, `kc_middle_${suffix} on ${s.symbol}`);
          compared += expectMatch(ours[2] as Float64Array, lower, `kc_lower_${suffix} on ${s.symbol}`);
        }
      }
      expect(compared).toBeGreaterThan(100_000);
    });

    it("atr equals a straightforward Wilder loop, and TradingView's ta.atr converges to it", () => {
      let late = 0;
      for (const s of series) {
        const [ours] = computeSeries(s, ["atr_10"]) as [Float64Array];
        expectMatch(ours, wilderRef(trueRangeRef(s), 10), `atr_10 on ${s.symbol}`);
        const tv = tradingViewAtr(s, 10);
        // TradingView starts one bar earlier (bar 9) and includes bar 0's high - low; the
        // seed's influence decays by 0.9 per bar.
        expect(Number.isNaN(tv[9] as number)).toBe(false);
        for (let t = 200; t < s.close.length; t++) {
          const rel = Math.abs((ours[t] as number) - (tv[t] as number)) / Math.max(ours[t] as number, 1e-9);
          if (rel > late) late = rel;
        }
      }
      expect(late, "TradingView's ATR vs ours after 200 bars").toBeLessThan(1e-6);
    });

    it("supertrend equals TradingView's pine_supertrend over the same ATR, with the direction sign flipped", () => {
      let compared = 0;
      let flips = 0;
      for (const s of series) {
        for (const [atrPeriod, factor] of [
          [10, 3],
          [7, 2.5],
        ] as const) {
          const [value, dir] = computeSeries(s, [
            `supertrend_${atrPeriod}_${factor}`,
            `supertrend_dir_${atrPeriod}_${factor}`,
          ]);
          const atr = talibRun("ATR", { high: s.high, low: s.low, close: s.close }, { optInTimePeriod: atrPeriod }, [
            "outReal",
          ])[0] as Float64Array;
          const [refValue, refDirTv] = pineSupertrend(s, atr, factor);
          compared += expectMatch(value as Float64Array, refValue, `supertrend on ${s.symbol}`);
          expectMatch(
            dir as Float64Array,
            refDirTv.map((d) => -d),
            `supertrend_dir on ${s.symbol}`,
            0,
          );
          for (let t = 1; t < refDirTv.length; t++) if (refDirTv[t] !== refDirTv[t - 1]) flips++;
        }
      }
      expect(compared).toBeGreaterThan(100_000);
      expect(flips, "the sample exercises direction changes").toBeGreaterThan(1000);
    });

    it("trend_slope and trend_r2 equal a two-pass regression of ln(close); R² also equals TA-Lib CORREL(x, ln close)²", () => {
      let compared = 0;
      for (const s of series) {
        for (const n of [63, 20]) {
          const [slope, r2] = computeSeries(s, [`trend_slope_${n}`, `trend_r2_${n}`]) as [Float64Array, Float64Array];
          const [refSlope, refR2] = trendRef(s.close, n);
          compared += expectMatch(slope, refSlope, `trend_slope_${n} on ${s.symbol}`, 1e-12);
          compared += expectMatch(r2, refR2, `trend_r2_${n} on ${s.symbol}`, 1e-9);
          const x = Float64Array.from(s.close, (_, i) => i);
          const [correl] = talibRun("CORREL", { inReal0: x, inReal1: s.close.map(Math.log) }, { optInTimePeriod: n }, [
            "outReal",
          ]) as [Float64Array];
          // CORREL works on raw running sums of x (the bar index) and ln(close), so it loses
          // digits on near-flat windows (up to ~2e-5 on EVSTC); the two-pass check above is the tight one.
          expectMatch(
            r2,
            correl.map((c) => c * c),
            `trend_r2_${n} vs CORREL² on ${s.symbol}`,
            1e-4,
          );
        }
      }
      expect(compared).toBeGreaterThan(100_000);
    });

    it("max_drawdown equals a window-by-window scan", () => {
      let compared = 0;
      for (const s of series) {
        for (const n of [252, 20]) {
          const [ours] = computeSeries(s, [`max_drawdown_${n}`]) as [Float64Array];
          compared += expectMatch(ours, maxDrawdownRef(s.close, n), `max_drawdown_${n} on ${s.symbol}`, 1e-12);
        }
      }
      expect(compared).toBeGreaterThan(100_000);
    });

    it("realized_vol equals a two-pass sample stddev of log returns × √252 × 100, and TA-Lib STDDEV × √(N/(N-1)) × √252 × 100", () => {
      let compared = 0;
      for (const s of series) {
        for (const n of [20, 60]) {
          const [ours] = computeSeries(s, [`realized_vol_${n}`]) as [Float64Array];
          compared += expectMatch(ours, realizedVolRef(s.close, n), `realized_vol_${n} on ${s.symbol}`, 1e-9);
          // TA-Lib cannot take the leading NaN: run it on returns from bar 1 and shift back.
          const r = logReturns(s.close).subarray(1);
          const [sd] = talibRun(
            "STDDEV",
            { inReal: r },
            { optInTimePeriod: n, optInNbDev: Math.sqrt(n / (n - 1)) * SQRT252 * 100 },
            ["outReal"],
          ) as [Float64Array];
          const aligned = nans(s.close.length);
          aligned.set(sd, 1);
          expectMatch(ours, aligned, `realized_vol_${n} vs TA-Lib STDDEV on ${s.symbol}`, 1e-8);
        }
      }
      expect(compared).toBeGreaterThan(100_000);
    });

    it("skips missing bars: on the bars that exist, every column equals its value on the series without gaps", () => {
      const columns = [
        "bb_pctb_20_2",
        "bb_width_20_2",
        "kc_upper_20_2_10",
        "kc_lower_20_2_10",
        "supertrend_10_3",
        "supertrend_dir_10_3",
        "trend_slope_63",
        "trend_r2_63",
        "max_drawdown_252",
        "max_drawdown_20",
        "realized_vol_20",
        "realized_vol_60",
      ];
      for (const s of series.slice(0, 60)) {
        const complete = computeSeries(s, columns);
        for (const every of [17, 5]) {
          const { gapped, present } = withGaps(
            { open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume },
            every,
          );
          const ours = computeSeries(gapped, columns);
          columns.forEach((column, k) => {
            const at = Float64Array.from(present, (j) => (ours[k] as Float64Array)[j] as number);
            expectMatch(at, complete[k] as Float64Array, `${column} on ${s.symbol} with a gap every ${every}`, 0);
            const isPresent = new Uint8Array(gapped.close.length);
            for (const j of present) isPresent[j] = 1;
            expect((ours[k] as Float64Array).every((v, j) => isPresent[j] === 1 || Number.isNaN(v))).toBe(true);
          });
        }
      }
    });
  },
);

// ---------------------------------------------------------------------------------------

const barArb = fc.record({
  move: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
  openMove: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  up: fc.double({ min: 0, max: 0.05, noNaN: true }),
  down: fc.double({ min: 0, max: 0.05, noNaN: true }),
  flat: fc.integer({ min: 0, max: 5 }),
  missing: fc.integer({ min: 0, max: 9 }),
});
type BarRow = typeof barArb extends fc.Arbitrary<infer T> ? T : never;

/** Valid bars (low ≤ open, close ≤ high) with flat bars and missing days. */
function build(list: readonly BarRow[]): Bars {
  const n = list.length;
  const b: Bars = { open: nans(n), high: nans(n), low: nans(n), close: nans(n), volume: nans(n) };
  let price = 20;
  list.forEach((r, t) => {
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
    b.volume[t] = 1000;
  });
  return b;
}

const ordered = (hi: Float64Array, mid: Float64Array, lo: Float64Array) =>
  hi.every((h, t) => Number.isNaN(h) || (h >= (mid[t] as number) && (mid[t] as number) >= (lo[t] as number)));
const within = (xs: Float64Array, min: number, max: number) =>
  xs.every((v) => Number.isNaN(v) || (v >= min && v <= max));

describe("trend and volatility indicators: properties", () => {
  it("bands are ordered; ATR ≥ 0; ADX, ±DI, DX in [0, 100]; R² in [0, 1]; max_drawdown in [0, 100]; realized_vol ≥ 0", () => {
    fc.assert(
      fc.property(
        fc.array(barArb, { minLength: 1, maxLength: 150 }),
        fc.integer({ min: 2, max: 12 }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        (list, n, mult) => {
          const m = String(mult);
          const out = computeSeries(build(list), [
            `bb_upper_${n}_${m}`,
            `bb_middle_${n}_${m}`,
            `bb_lower_${n}_${m}`,
            `kc_upper_${n}_${m}_${n}`,
            `kc_middle_${n}_${m}_${n}`,
            `kc_lower_${n}_${m}_${n}`,
            `dc_upper_${n}`,
            `dc_middle_${n}`,
            `dc_lower_${n}`,
            `atr_${n}`,
            `natr_${n}`,
            `adx_${n}`,
            `plus_di_${n}`,
            `minus_di_${n}`,
            `dx_${n}`,
            `trend_r2_${n}`,
            `max_drawdown_${n}`,
            `realized_vol_${n}`,
            `supertrend_dir_${n}_${m}`,
          ]) as Float64Array[];
          const [bbU, bbM, bbL, kcU, kcM, kcL, dcU, dcM, dcL, atr, natr, adx, pdi, mdi, dx, r2, dd, vol, dir] = out as [
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
          ];
          expect(ordered(bbU, bbM, bbL), "bb_upper ≥ bb_middle ≥ bb_lower").toBe(true);
          expect(ordered(kcU, kcM, kcL), "kc_upper ≥ kc_middle ≥ kc_lower").toBe(true);
          expect(ordered(dcU, dcM, dcL), "dc_upper ≥ dc_middle ≥ dc_lower").toBe(true);
          expect(within(atr, 0, Infinity) && within(natr, 0, Infinity), "ATR ≥ 0").toBe(true);
          for (const [name, xs] of [
            ["adx", adx],
            ["plus_di", pdi],
            ["minus_di", mdi],
            ["dx", dx],
          ] as const)
            expect(within(xs, 0, 100), `${name} in [0, 100]`).toBe(true);
          expect(within(r2, 0, 1), "trend_r2 in [0, 1]").toBe(true);
          expect(within(dd, 0, 100), "max_drawdown in [0, 100]").toBe(true);
          expect(within(vol, 0, Infinity), "realized_vol ≥ 0").toBe(true);
          expect(
            dir.every((d) => Number.isNaN(d) || d === 1 || d === -1),
            "supertrend_dir is ±1",
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("max_drawdown equals the all-pairs definition on the bars that exist", () => {
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 1, maxLength: 120 }), fc.integer({ min: 2, max: 30 }), (list, n) => {
        const b = build(list);
        const [ours] = computeSeries(b, [`max_drawdown_${n}`]) as [Float64Array];
        const present = Array.from(b.close.keys()).filter((t) => !Number.isNaN(b.close[t] as number));
        const closes = present.map((t) => b.close[t] as number);
        const ref = maxDrawdownPairs(closes, n);
        const at = Float64Array.from(present, (t) => ours[t] as number);
        expect(firstMismatch(at, ref, 1e-12)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
