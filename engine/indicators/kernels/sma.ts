// Simple moving average of the last `period` valid values (TA-Lib SMA): a running sum
// over a ring buffer, added to before and subtracted from after each output, in the same
// order TA-Lib does, so results match it to the last bit.
// State: [sum, count, head, ring[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class SmaKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "sma", p0: period, p1: 0 };
    this.#period = period;
    this.key = `sma(${input},${keyNumber(period)})`;
    this.inputs = [input];
    this.stateSize = 3 + period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 3); // the header: ring slots are written before they are read (kernel.ts)
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
    const ring = at + 3;
    let sum = state[at] as number;
    let count = (state[at + 1] as number) | 0;
    let head = (state[at + 2] as number) | 0;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      sum += v;
      state[ring + head] = v;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) count++;
      if (count === n) {
        out[t] = sum / n;
        // `head` now points at the oldest value of the window, the one the next bar replaces.
        sum -= state[ring + head] as number;
      } else out[t] = Number.NaN;
    }
    state[at] = sum;
    state[at + 1] = count;
    state[at + 2] = head;
  }
}
