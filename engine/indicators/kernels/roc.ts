// Rate of change in percent over `period` valid bars (TA-Lib ROC), which is also the
// N-bar return (`ret`): ((x / x[period bars ago]) - 1) * 100, and 0 when that earlier
// value is exactly 0, as TA-Lib. First output on the (period + 1)-th valid bar.
// State: [count, head, ring[period]] — ring[head] is the value `period` bars back.

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class RocKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "roc", p0: period, p1: 0 };
    this.#period = period;
    this.key = `roc(${input},${keyNumber(period)})`;
    this.inputs = [input];
    this.stateSize = 2 + period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 2); // the header: ring slots are written before they are read (kernel.ts)
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
    const ring = at + 2;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      if (count < n) {
        count++;
        out[t] = Number.NaN;
      } else {
        const before = state[ring + head] as number;
        out[t] = before !== 0.0 ? (v / before - 1.0) * 100.0 : 0.0;
      }
      state[ring + head] = v;
      head = head + 1 === n ? 0 : head + 1;
    }
    state[at] = count;
    state[at + 1] = head;
  }
}
