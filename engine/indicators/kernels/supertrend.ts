// Supertrend with TradingView's band rules (ta.supertrend / pine_supertrend):
//   basic upper = hl2 + mult * atr,  basic lower = hl2 - mult * atr
//   lower = basic lower > prevLower or prevClose < prevLower ? basic lower : prevLower
//   upper = basic upper < prevUpper or prevClose > prevUpper ? basic upper : prevUpper
//   on the first bar (no previous ATR): down; else if the previous supertrend was the
//   previous upper band: up when close > upper, else down; otherwise down when
//   close < lower, else up.
//   supertrend = lower band when up, upper band when down.
// Direction is +1 up / -1 down — the opposite sign of TradingView's, whose -1 means up.
// TradingView's nz() makes the first bar's "previous bands" 0, so a first basic lower band
// <= 0 becomes 0 (with positive prices); we keep that. `prevClose` is the close of the
// previous valid bar on which the supertrend ran (the kernel starts with its ATR input).
// State: [started, prevUpper, prevLower, prevSupertrend, prevClose].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class SupertrendKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [supertrend, direction] */
  readonly outputCount = 2;
  readonly stateSize = 5;
  readonly #mult: number;

  readonly wasm: WasmCall;

  constructor(hl2: SeriesRef, atr: SeriesRef, close: SeriesRef, mult: number) {
    this.wasm = { name: "supertrend", p0: mult, p1: 0 };
    this.#mult = mult;
    this.key = `supertrend(${hl2},${atr},${close},${keyNumber(mult)})`;
    this.inputs = [hl2, atr, close];
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 5);
  }

  runAcross(
    state: Float64Array,
    at: number,
    stride: number,
    inputs: readonly Float64Array[],
    outputs: readonly Float64Array[],
    count: number,
  ): void {
    for (let i = 0; i < count; i++) this.run(state, at + i * stride, inputs, outputs, i, i + 1);
  }

  run(
    state: Float64Array,
    at: number,
    inputs: readonly Float64Array[],
    outputs: readonly Float64Array[],
    from: number,
    to: number,
  ): void {
    const hl2 = inputs[0] as Float64Array;
    const atr = inputs[1] as Float64Array;
    const close = inputs[2] as Float64Array;
    const outValue = outputs[0] as Float64Array;
    const outDir = outputs[1] as Float64Array;
    const mult = this.#mult;
    let started = state[at] as number;
    let prevUpper = state[at + 1] as number;
    let prevLower = state[at + 2] as number;
    let prevValue = state[at + 3] as number;
    let prevClose = state[at + 4] as number;
    for (let t = from; t < to; t++) {
      const mid = hl2[t] as number;
      const a = atr[t] as number;
      const c = close[t] as number;
      if (mid !== mid || a !== a || c !== c) {
        outValue[t] = Number.NaN;
        outDir[t] = Number.NaN;
        continue;
      }
      let upper = mid + mult * a;
      let lower = mid - mult * a;
      let dir: number;
      if (started === 0) {
        // TradingView: both previous bands are nz(na) = 0 and the previous close is a
        // price (> 0), so the upper band stays and a lower band <= 0 becomes 0.
        if (!(lower > 0)) lower = 0;
        dir = -1;
        started = 1;
      } else {
        if (!(lower > prevLower || prevClose < prevLower)) lower = prevLower;
        if (!(upper < prevUpper || prevClose > prevUpper)) upper = prevUpper;
        if (prevValue === prevUpper) dir = c > upper ? 1 : -1;
        else dir = c < lower ? -1 : 1;
      }
      const value = dir === 1 ? lower : upper;
      outValue[t] = value;
      outDir[t] = dir;
      prevUpper = upper;
      prevLower = lower;
      prevValue = value;
      prevClose = c;
    }
    state[at] = started;
    state[at + 1] = prevUpper;
    state[at + 2] = prevLower;
    state[at + 3] = prevValue;
    state[at + 4] = prevClose;
  }
}
