// Indicator catalog: trend and volatility indicators (see docs/indicators.md).
// Shared pieces dedupe by key: ATR(n) is one wilder(trange) node for atr, natr, keltner and
// supertrend; +DI, -DI, DX and ADX of one period are outputs of one dmsums + dmi pair; the
// Bollinger middle band is sma(source, n), the Keltner middle band ema(close, n).

import type { IndicatorSpec } from "./catalog-types.ts";
import { int, real } from "./catalog-types.ts";
import type { Graph } from "./graph.ts";
import type { SeriesRef } from "./kernel.ts";
import { BandsKernel } from "./kernels/bands.ts";
import { BinaryOpKernel } from "./kernels/binary-op.ts";
import { BollingerShapeKernel } from "./kernels/bollinger-shape.ts";
import { DirectionalIndexKernel, DirectionalSumsKernel } from "./kernels/directional-movement.ts";
import { EmaKernel } from "./kernels/ema.ts";
import { LogReturnKernel } from "./kernels/log-return.ts";
import { LogTrendKernel } from "./kernels/log-trend.ts";
import { MaxDrawdownKernel } from "./kernels/max-drawdown.ts";
import { MidpointKernel } from "./kernels/midpoint.ts";
import { RollingExtremeKernel } from "./kernels/rolling-extreme.ts";
import { SampleStddevKernel } from "./kernels/sample-stddev.ts";
import { SarKernel } from "./kernels/sar.ts";
import { ScaleKernel } from "./kernels/scale.ts";
import { SmaKernel } from "./kernels/sma.ts";
import { StddevKernel } from "./kernels/stddev.ts";
import { SupertrendKernel } from "./kernels/supertrend.ts";
import { TrueRangeKernel } from "./kernels/true-range.ts";
import { WilderKernel } from "./kernels/wilder.ts";

const p = (params: readonly number[], i: number): number => params[i] as number;

/** Trading days per year, for annualizing daily volatility. */
export const TRADING_DAYS = 252;

/** TA-Lib ATR: Wilder's average of the true range, seeded with the mean of the first `period` TRs. */
function atr(g: Graph, period: number): SeriesRef {
  return g.one(new WilderKernel(g.one(new TrueRangeKernel()), period));
}

/** [+DI, -DI, DX, ADX] of one period, sharing the Wilder sums of +DM, -DM and TR. */
function directional(g: Graph, period: number): SeriesRef[] {
  return g.add(new DirectionalIndexKernel(g.add(new DirectionalSumsKernel(period)), period));
}

export const TREND_VOLATILITY_INDICATORS: readonly IndicatorSpec[] = [
  {
    name: "atr",
    title: "Average True Range (Wilder, TA-Lib seeding)",
    params: [int("period", 14, 1)],
    outputs: ["atr"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => [atr(g, p(params, 0))],
  },
  {
    name: "natr",
    title: "Normalized ATR: 100 * ATR / close",
    params: [int("period", 14, 1)],
    outputs: ["natr"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => [
      g.one(new ScaleKernel(g.one(new BinaryOpKernel("div", atr(g, p(params, 0)), "close")), 100)),
    ],
  },
  {
    name: "adx",
    title: "Average Directional Index (Wilder)",
    params: [int("period", 14, 2)],
    outputs: ["adx"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => [directional(g, p(params, 0))[3] as SeriesRef],
  },
  {
    name: "plus_di",
    title: "Plus Directional Indicator (+DI)",
    params: [int("period", 14, 2)],
    outputs: ["plus_di"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => [directional(g, p(params, 0))[0] as SeriesRef],
  },
  {
    name: "minus_di",
    title: "Minus Directional Indicator (-DI)",
    params: [int("period", 14, 2)],
    outputs: ["minus_di"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => [directional(g, p(params, 0))[1] as SeriesRef],
  },
  {
    name: "dx",
    title: "Directional Movement Index (DX)",
    params: [int("period", 14, 2)],
    outputs: ["dx"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => [directional(g, p(params, 0))[2] as SeriesRef],
  },
  {
    name: "bb",
    title: "Bollinger Bands, %B and bandwidth",
    params: [int("period", 20, 2), real("mult", 2, 0, 10)],
    outputs: ["bb_upper", "bb_middle", "bb_lower", "bb_pctb", "bb_width"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => {
      const period = p(params, 0);
      const middle = g.one(new SmaKernel(source, period));
      const sd = g.one(new StddevKernel(source, period));
      const [upper, lower] = g.add(new BandsKernel(middle, sd, p(params, 1))) as [SeriesRef, SeriesRef];
      const [pctb, width] = g.add(new BollingerShapeKernel(source, upper, lower, middle)) as [SeriesRef, SeriesRef];
      return [upper, middle, lower, pctb, width];
    },
  },
  {
    name: "keltner",
    title: "Keltner Channels: EMA(close) ± mult × ATR (TradingView's default)",
    params: [int("period", 20, 1), real("mult", 2, 0, 10), int("atr_period", 10, 1)],
    outputs: ["kc_upper", "kc_middle", "kc_lower"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => {
      const middle = g.one(new EmaKernel("close", p(params, 0)));
      const [upper, lower] = g.add(new BandsKernel(middle, atr(g, p(params, 2)), p(params, 1))) as [
        SeriesRef,
        SeriesRef,
      ];
      return [upper, middle, lower];
    },
  },
  {
    name: "donchian",
    title: "Donchian Channels: highest high, lowest low and their midpoint",
    params: [int("period", 20, 1)],
    outputs: ["dc_upper", "dc_lower", "dc_middle"],
    sourceable: false,
    reads: ["high", "low"],
    build: (g, params) => {
      const upper = g.one(new RollingExtremeKernel("high", p(params, 0), "max"));
      const lower = g.one(new RollingExtremeKernel("low", p(params, 0), "min"));
      return [upper, lower, g.one(new MidpointKernel(upper, lower))];
    },
  },
  {
    name: "sar",
    title: "Parabolic SAR (TA-Lib)",
    params: [real("acceleration", 0.02, 0, 1), real("maximum", 0.2, 0, 1)],
    outputs: ["sar"],
    sourceable: false,
    reads: ["high", "low"],
    build: (g, params) => [g.one(new SarKernel(p(params, 0), p(params, 1)))],
  },
  {
    name: "supertrend",
    title: "Supertrend (TradingView's rules) and its direction (+1 up, -1 down)",
    params: [int("atr_period", 10, 1), real("mult", 3, 0, 100)],
    outputs: ["supertrend", "supertrend_dir"],
    sourceable: false,
    reads: ["high", "low", "close"],
    build: (g, params) => {
      const hl2 = g.one(new MidpointKernel("high", "low"));
      return g.add(new SupertrendKernel(hl2, atr(g, p(params, 0)), "close", p(params, 1)));
    },
  },
  {
    name: "trend_slope",
    title: "Least-squares slope of ln(close) per bar",
    params: [int("period", 63, 2)],
    outputs: ["trend_slope"],
    sourceable: false,
    reads: ["close"],
    build: (g, params) => [g.add(new LogTrendKernel("close", p(params, 0)))[0] as SeriesRef],
  },
  {
    name: "trend_r2",
    title: "R² of the least-squares line through ln(close)",
    params: [int("period", 63, 2)],
    outputs: ["trend_r2"],
    sourceable: false,
    reads: ["close"],
    build: (g, params) => [g.add(new LogTrendKernel("close", p(params, 0)))[1] as SeriesRef],
  },
  {
    name: "max_drawdown",
    title: "Largest peak-to-trough decline of the close within the window, in percent",
    params: [int("period", 252, 2)],
    outputs: ["max_drawdown"],
    sourceable: false,
    reads: ["close"],
    build: (g, params) => [g.one(new MaxDrawdownKernel("close", p(params, 0)))],
  },
  {
    name: "realized_vol",
    title: "Annualized realized volatility of daily log returns (sample stddev × √252), in percent",
    params: [int("period", 20, 2)],
    outputs: ["realized_vol"],
    sourceable: false,
    reads: ["close"],
    build: (g, params) => {
      const sd = g.one(new SampleStddevKernel(g.one(new LogReturnKernel("close")), p(params, 0)));
      return [g.one(new ScaleKernel(sd, Math.sqrt(TRADING_DAYS) * 100))];
    },
  },
];
