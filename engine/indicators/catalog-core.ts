// Every indicator Technic computes, by name. Each entry wires kernels (see kernels/)
// into the graph; shared pieces are found by structural key, so requesting MACD and
// EMA(26) computes the 26-day EMA once.

import type { IndicatorSpec } from "./catalog-types.ts";
import { int } from "./catalog-types.ts";
import { BinaryOpKernel } from "./kernels/binary-op.ts";
import { EmaKernel } from "./kernels/ema.ts";
import { MacdOutputKernel } from "./kernels/macd.ts";
import { RsiKernel } from "./kernels/rsi.ts";
import { SmaKernel } from "./kernels/sma.ts";

const p = (params: readonly number[], i: number): number => params[i] as number;

export const CORE_INDICATORS: readonly IndicatorSpec[] = [
  {
    name: "sma",
    title: "Simple moving average",
    params: [int("period", 20)],
    outputs: ["sma"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => [g.one(new SmaKernel(source, p(params, 0)))],
  },
  {
    name: "ema",
    title: "Exponential moving average (SMA-seeded, as TA-Lib)",
    params: [int("period", 20)],
    outputs: ["ema"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => [g.one(new EmaKernel(source, p(params, 0)))],
  },
  {
    name: "rsi",
    title: "Relative Strength Index (Wilder)",
    params: [int("period", 14, 2)],
    outputs: ["rsi"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => [g.one(new RsiKernel(source, p(params, 0)))],
  },
  {
    name: "macd",
    title: "MACD line, signal and histogram",
    params: [int("fast", 12, 2), int("slow", 26, 2), int("signal", 9, 1)],
    outputs: ["macd", "macd_signal", "macd_hist"],
    sourceable: true,
    reads: [],
    build: (g, params, source) => {
      // TA-Lib swaps the periods when fast > slow.
      const fast = Math.min(p(params, 0), p(params, 1));
      const slow = Math.max(p(params, 0), p(params, 1));
      const slowEma = g.one(new EmaKernel(source, slow));
      const fastEma = g.one(new EmaKernel(source, fast, slow - fast));
      const line = g.one(new BinaryOpKernel("sub", fastEma, slowEma));
      const signal = g.one(new EmaKernel(line, p(params, 2)));
      return g.add(new MacdOutputKernel(line, signal));
    },
  },
];
