// Exponential moving average with TA-Lib's seeding: the first output is the SMA of the
// first `period` valid values, then ema += (x - ema) * 2 / (period + 1).
// `skip` ignores that many leading valid values before seeding; TA-Lib's MACD seeds its
// fast EMA that late so both EMAs start on the same bar (see docs/indicators.md).
// State: [ema, count, sum].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class EmaKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 3;
  readonly #period: number;
  readonly #k: number;
  readonly #skip: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number, skip = 0) {
    this.wasm = { name: "ema", p0: period, p1: skip };
    this.#period = period;
    this.#k = 2 / (period + 1);
    this.#skip = skip;
    this.key = `ema(${input},${keyNumber(period)}${skip ? `,skip${skip}` : ""})`;
    this.inputs = [input];
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 3);
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
    const k = this.#k;
    const keep = 1 - k;
    const ready = this.#skip + n;
    let ema = state[at] as number;
    let count = state[at + 1] as number;
    let sum = state[at + 2] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      if (count >= ready) {
        // ema*(1-k) + v*k rather than TA-Lib's (v-ema)*k + ema: the same value to ~1e-16, but
        // the loop-carried chain is one multiply and one add instead of three operations.
        ema = ema * keep + v * k;
        out[t] = ema;
        continue;
      }
      count++;
      if (count <= this.#skip) {
        out[t] = Number.NaN;
        continue;
      }
      sum += v;
      if (count === ready) {
        ema = sum / n;
        out[t] = ema;
      } else out[t] = Number.NaN;
    }
    state[at] = ema;
    state[at + 1] = count;
    state[at + 2] = sum;
  }
}
