// Relative Strength Index with Wilder's smoothing, exactly as TA-Lib computes it: average
// gain and loss seeded as the plain mean of the first `period` changes, then
// avg = (avg * (period - 1) + change) / period. RSI = 100 * gain / (gain + loss), and 0
// when both are (nearly) zero, as TA-Lib's TA_IS_ZERO decides.
// Unlike WilderKernel and EmaKernel, the smoothing keeps TA-Lib's exact arithmetic (divide in
// the chain): Stochastic RSI normalizes RSI by its own 14-bar range, and on a flat stretch
// that range is a few ulps, so a one-ulp difference turns TA-Lib's 100 into 0 (measured on
// real symbols when this was tried).
// State: [prev, count, gain, loss].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

/** TA-Lib's TA_IS_ZERO threshold (TA_EPSILON in ta_utility.h). */
export const TA_EPSILON = 1e-14;

export class RsiKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 4;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "rsi", p0: period, p1: 0 };
    this.#period = period;
    this.key = `rsi(${input},${keyNumber(period)})`;
    this.inputs = [input];
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 4);
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
    const x = inputs[0] as Float64Array;
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    let prev = state[at] as number;
    let count = (state[at + 1] as number) | 0;
    let gain = state[at + 2] as number;
    let loss = state[at + 3] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      count++;
      if (count === 1) {
        prev = v;
        out[t] = Number.NaN;
        continue;
      }
      const change = v - prev;
      prev = v;
      // Branch-free (the sign is a coin flip on real data): adding a zero term leaves a sum
      // exactly as it was, so this is TA-Lib's arithmetic bit for bit.
      const fall = change * +(change < 0);
      const rise = change * +(change > 0);
      if (count <= n + 1) {
        loss -= fall;
        gain += rise;
        if (count < n + 1) {
          out[t] = Number.NaN;
          continue;
        }
        loss /= n;
        gain /= n;
      } else {
        loss *= n - 1;
        gain *= n - 1;
        loss -= fall;
        gain += rise;
        loss /= n;
        gain /= n;
      }
      const total = gain + loss;
      out[t] = total > -TA_EPSILON && total < TA_EPSILON ? 0 : 100 * (gain / total);
    }
    state[at] = prev;
    state[at + 1] = count;
    state[at + 2] = gain;
    state[at + 3] = loss;
  }
}
