// Wilder's smoothing (TradingView's RMA) as TA-Lib's ATR does it: the first output is the
// plain mean of the first `period` valid values, then
//   avg = (avg * (period - 1) + x) / period
// in exactly that operation order (multiply, add, divide). ATR = wilder(trange, period).
// State: [avg, count, sum].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class WilderKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 3;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "wilder", p0: period, p1: 0 };
    this.#period = period;
    this.key = `wilder(${input},${keyNumber(period)})`;
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
    // avg * (1 - 1/n) + v / n instead of TA-Lib's (avg * (n - 1) + v) / n: within ~1e-16
    // relative of it, and the loop-carried chain is a multiply and an add, not a divide
    // (measured ~3x shorter latency; the same change as EmaKernel's).
    const keep = 1 - 1 / n;
    const inv = 1 / n;
    let avg = state[at] as number;
    let count = state[at + 1] as number;
    let sum = state[at + 2] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      if (count >= n) {
        avg = avg * keep + v * inv;
        out[t] = avg;
        continue;
      }
      count++;
      sum += v;
      if (count === n) {
        avg = sum / n;
        out[t] = avg;
      } else out[t] = Number.NaN;
    }
    state[at] = avg;
    state[at + 1] = count;
    state[at + 2] = sum;
  }
}
