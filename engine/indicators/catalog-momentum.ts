// Indicator catalog: momentum indicators and oscillators (see docs/indicators.md).
// Every entry matches TA-Lib's function of the same name (defaults as listed here), built
// from shared kernels wherever the math is the same: stoch and willr share the rolling
// high/low, stochrsi reuses rsi, ret and roc are one kernel, aroon and aroon_osc one node.

import type { Graph } from "./graph.ts";
import type { IndicatorSpec } from "./catalog-types.ts";
import { int } from "./catalog-types.ts";
import type { SeriesRef } from "./kernel.ts";
import { AroonKernel } from "./kernels/aroon.ts";
import { CciKernel } from "./kernels/cci.ts";
import { DemaCombineKernel, TemaCombineKernel } from "./kernels/dema-tema.ts";
import { EmaKernel } from "./kernels/ema.ts";
import { MaskKernel } from "./kernels/mask.ts";
import { MfiKernel } from "./kernels/mfi.ts";
import { RangePositionKernel } from "./kernels/range-position.ts";
import { RocKernel } from "./kernels/roc.ts";
import { RollingExtremeKernel } from "./kernels/rolling-extreme.ts";
import { RsiKernel } from "./kernels/rsi.ts";
import { SmaKernel } from "./kernels/sma.ts";
import { WmaKernel } from "./kernels/wma.ts";

const p = (params: readonly number[], i: number): number => params[i] as number;

/** Rolling highest of `high` and lowest of `low` over `period` bars (values only). */
function highLow(g: Graph, high: SeriesRef, low: SeriesRef, period: number): [SeriesRef, SeriesRef] {
  const highest = g.add(new RollingExtremeKernel(high, period, "max"))[0] as SeriesRef;
  const lowest = g.add(new RollingExtremeKernel(low, period, "min"))[0] as SeriesRef;
  return [highest, lowest];
}

/** Aroon up, down and oscillator: TA-Lib looks at period + 1 bars. */
function aroon(g: Graph, period: number): SeriesRef[] {
  const sinceHigh = g.add(new RollingExtremeKernel("high", period + 1, "max"))[1] as SeriesRef;
  const sinceLow = g.add(new RollingExtremeKernel("low", period + 1, "min"))[1] as SeriesRef;
  return g.add(new AroonKernel(sinceHigh, sinceLow, period));
}

export const MOMENTUM_INDICATORS: readonly IndicatorSpec[] = [
  {
    name: "wma",
    title: "Weighted moving average (linear weights, as TA-Lib)",
    params: [int("period", 20, 2)],
    outputs: ["wma"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => [g.one(new WmaKernel(source, p(params, 0)))],
  },
  {
    name: "dema",
    title: "Double exponential moving average (Mulloy): 2*EMA - EMA(EMA)",
    params: [int("period", 20, 2)],
    outputs: ["dema"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => {
      const n = p(params, 0);
      const ema1 = g.one(new EmaKernel(source, n));
      const ema2 = g.one(new EmaKernel(ema1, n));
      return [g.one(new DemaCombineKernel(ema1, ema2))];
    },
  },
  {
    name: "tema",
    title: "Triple exponential moving average (Mulloy): 3*EMA - 3*EMA2 + EMA3",
    params: [int("period", 20, 2)],
    outputs: ["tema"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => {
      const n = p(params, 0);
      const ema1 = g.one(new EmaKernel(source, n));
      const ema2 = g.one(new EmaKernel(ema1, n));
      const ema3 = g.one(new EmaKernel(ema2, n));
      return [g.one(new TemaCombineKernel(ema1, ema2, ema3))];
    },
  },
  {
    name: "stoch",
    title: "Slow stochastic %K and %D (SMA smoothing, as TA-Lib STOCH)",
    params: [int("fastk", 14), int("slowk", 3), int("slowd", 3)],
    outputs: ["stoch_k", "stoch_d"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => {
      const [highest, lowest] = highLow(g, "high", "low", p(params, 0));
      const fastK = g.one(new RangePositionKernel("stoch", "close", highest, lowest));
      const slowK = g.one(new SmaKernel(fastK, p(params, 1)));
      const slowD = g.one(new SmaKernel(slowK, p(params, 2)));
      return [g.one(new MaskKernel(slowK, slowD)), slowD];
    },
  },
  {
    name: "stochrsi",
    title: "Stochastic RSI fast %K and %D (as TA-Lib STOCHRSI, SMA %D)",
    params: [int("period", 14, 2), int("fastk", 5), int("fastd", 3)],
    outputs: ["stochrsi_k", "stochrsi_d"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => {
      const rsi = g.one(new RsiKernel(source, p(params, 0)));
      const [highest, lowest] = highLow(g, rsi, rsi, p(params, 1));
      const fastK = g.one(new RangePositionKernel("stoch", rsi, highest, lowest));
      const fastD = g.one(new SmaKernel(fastK, p(params, 2)));
      return [g.one(new MaskKernel(fastK, fastD)), fastD];
    },
  },
  {
    name: "willr",
    title: "Williams %R (-100 to 0)",
    params: [int("period", 14, 2)],
    outputs: ["willr"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => {
      const [highest, lowest] = highLow(g, "high", "low", p(params, 0));
      return [g.one(new RangePositionKernel("willr", "close", highest, lowest))];
    },
  },
  {
    name: "cci",
    title: "Commodity Channel Index (typical price, mean absolute deviation)",
    params: [int("period", 20, 2)],
    outputs: ["cci"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => [g.one(new CciKernel("high", "low", "close", p(params, 0)))],
  },
  {
    name: "roc",
    title: "Rate of change in percent: (x / x[period] - 1) * 100",
    params: [int("period", 10)],
    outputs: ["roc"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => [g.one(new RocKernel(source, p(params, 0)))],
  },
  {
    name: "ret",
    title: "N-bar return in percent (ret_21, ret_63, ret_126, ret_252); same series as roc",
    params: [int("period", 21)],
    outputs: ["ret"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => [g.one(new RocKernel(source, p(params, 0)))],
  },
  {
    name: "mfi",
    title: "Money Flow Index (volume-weighted RSI of the typical price)",
    params: [int("period", 14, 2)],
    outputs: ["mfi"],
    sourceable: false,
    reads: ["high", "low", "close", "volume"],
    build: (g, params) => [g.one(new MfiKernel("high", "low", "close", "volume", p(params, 0)))],
  },
  {
    name: "aroon",
    title: "Aroon up and down (0 to 100)",
    params: [int("period", 25, 2)],
    outputs: ["aroon_up", "aroon_down"],
    sourceable: false,
    reads: ["high", "low"],
    build: (g, params) => aroon(g, p(params, 0)).slice(0, 2),
  },
  {
    name: "aroon_osc",
    title: "Aroon oscillator: up - down (-100 to 100)",
    params: [int("period", 25, 2)],
    outputs: ["aroon_osc"],
    sourceable: false,
    reads: ["high", "low"],
    build: (g, params) => [aroon(g, p(params, 0))[2] as SeriesRef],
  },
];
