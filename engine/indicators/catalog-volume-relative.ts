// Indicator catalog: volume, relative strength, range and gaps (see
// docs/indicators.md). `bench` is the benchmark's close on the same day
// (NaN when the benchmark has no bar), so beta, correl and rs see a missing benchmark day
// as a missing bar.

import type { IndicatorSpec } from "./catalog-types.ts";
import { int } from "./catalog-types.ts";
import { AdKernel } from "./kernels/accumulation-distribution.ts";
import { BinaryOpKernel } from "./kernels/binary-op.ts";
import { CmfKernel } from "./kernels/chaikin-money-flow.ts";
import { GapKernel } from "./kernels/gap.ts";
import { ObvKernel } from "./kernels/obv.ts";
import { PairReturnsKernel } from "./kernels/pair-returns.ts";
import { PercentDistanceKernel } from "./kernels/percent-distance.ts";
import { RvolKernel } from "./kernels/relative-volume.ts";
import { RocKernel } from "./kernels/roc.ts";
import { BetaKernel } from "./kernels/rolling-beta.ts";
import { CorrelKernel } from "./kernels/rolling-correlation.ts";
import { RollingExtremeKernel } from "./kernels/rolling-extreme.ts";
import { RollingVwapKernel } from "./kernels/rolling-vwap.ts";
import { SmaKernel } from "./kernels/sma.ts";

const p = (params: readonly number[], i: number): number => params[i] as number;

export const VOLUME_RELATIVE_INDICATORS: readonly IndicatorSpec[] = [
  {
    name: "obv",
    title: "On-balance volume (TA-Lib OBV: starts at the first bar's volume)",
    params: [],
    outputs: ["obv"],
    sourceable: false,
    reads: ["close", "volume"],
    build: (g) => [g.one(new ObvKernel("close", "volume"))],
  },
  {
    name: "ad",
    title: "Chaikin accumulation/distribution line (TA-Lib AD)",
    params: [],
    outputs: ["ad"],
    sourceable: false,
    reads: ["high", "low", "close", "volume"],
    build: (g) => [g.one(new AdKernel("high", "low", "close", "volume"))],
  },
  {
    name: "cmf",
    title: "Chaikin money flow: Σ(money-flow multiplier × volume) / Σ volume over N bars",
    params: [int("period", 20)],
    outputs: ["cmf"],
    sourceable: false,
    reads: ["high", "low", "close", "volume"],
    build: (g, params) => [g.one(new CmfKernel("high", "low", "close", "volume", p(params, 0)))],
  },
  {
    name: "vwap",
    title: "Rolling VWAP: Σ(typical price × volume) / Σ volume over N bars",
    params: [int("period", 20)],
    outputs: ["vwap"],
    sourceable: false,
    reads: ["high", "low", "close", "volume"],
    build: (g, params) => [g.one(new RollingVwapKernel("high", "low", "close", "volume", p(params, 0)))],
  },
  {
    name: "rvol",
    title: "Relative volume: today's volume / mean volume of the previous N bars",
    params: [int("period", 20)],
    outputs: ["rvol"],
    sourceable: false,
    reads: ["volume"],
    build: (g, params) => {
      const mean = g.one(new SmaKernel("volume", p(params, 0)));
      return [g.one(new RvolKernel("volume", mean))];
    },
  },
  {
    name: "dollar_volume",
    title: "Average dollar volume: mean of close × volume over N bars",
    params: [int("period", 20)],
    outputs: ["dollar_volume"],
    sourceable: false,
    reads: ["close", "volume"],
    build: (g, params) => {
      const dollars = g.one(new BinaryOpKernel("mul", "close", "volume"));
      return [g.one(new SmaKernel(dollars, p(params, 0)))];
    },
  },
  {
    name: "beta",
    title: "Beta vs the benchmark: OLS slope of daily returns over N bars (TA-Lib BETA)",
    params: [int("period", 60, 2)],
    outputs: ["beta"],
    sourceable: false,
    reads: ["close", "bench"],
    build: (g, params) => {
      const [symbol, bench] = g.add(new PairReturnsKernel("close", "bench")) as [string, string];
      return [g.one(new BetaKernel(bench, symbol, p(params, 0)))];
    },
  },
  {
    name: "correl",
    title: "Correlation of daily returns with the benchmark over N bars (TA-Lib CORREL)",
    params: [int("period", 60, 2)],
    outputs: ["correl"],
    sourceable: false,
    reads: ["close", "bench"],
    build: (g, params) => {
      const [symbol, bench] = g.add(new PairReturnsKernel("close", "bench")) as [string, string];
      return [g.one(new CorrelKernel(symbol, bench, p(params, 0)))];
    },
  },
  {
    name: "rs",
    title: "Relative strength line (close / benchmark) and its percent change over N bars",
    params: [int("period", 63)],
    outputs: ["rs_ratio", "rs_change"],
    sourceable: false,
    reads: ["close", "bench"],
    build: (g, params) => {
      const ratio = g.one(new BinaryOpKernel("div", "close", "bench"));
      return [ratio, g.one(new RocKernel(ratio, p(params, 0)))];
    },
  },
  {
    name: "high_dist",
    title: "Distance of the close below the highest high of N bars, in percent (≤ 0)",
    params: [int("period", 252)],
    outputs: ["high_dist"],
    sourceable: false,
    reads: ["high", "close"],
    build: (g, params) => {
      const [highest] = g.add(new RollingExtremeKernel("high", p(params, 0), "max")) as [string];
      return [g.one(new PercentDistanceKernel("close", highest))];
    },
  },
  {
    name: "low_dist",
    title: "Distance of the close above the lowest low of N bars, in percent (≥ 0)",
    params: [int("period", 252)],
    outputs: ["low_dist"],
    sourceable: false,
    reads: ["low", "close"],
    build: (g, params) => {
      const [lowest] = g.add(new RollingExtremeKernel("low", p(params, 0), "min")) as [string];
      return [g.one(new PercentDistanceKernel("close", lowest))];
    },
  },
  {
    name: "high_n",
    title: "Highest high of N bars (TA-Lib MAX of high)",
    params: [int("period", 252)],
    outputs: ["high_n"],
    sourceable: false,
    reads: ["high"],
    build: (g, params) => [g.add(new RollingExtremeKernel("high", p(params, 0), "max"))[0] as string],
  },
  {
    name: "low_n",
    title: "Lowest low of N bars (TA-Lib MIN of low)",
    params: [int("period", 252)],
    outputs: ["low_n"],
    sourceable: false,
    reads: ["low"],
    build: (g, params) => [g.add(new RollingExtremeKernel("low", p(params, 0), "min"))[0] as string],
  },
  {
    name: "gap",
    title: "Opening gap: open / previous close - 1, in percent",
    params: [],
    outputs: ["gap"],
    sourceable: false,
    reads: ["open", "close"],
    build: (g) => [g.one(new GapKernel("open", "close"))],
  },
];
