// Opening gap in percent: (open / previous close - 1) * 100, where the previous close is
// the last valid bar's (a missing day in between is skipped, not a reason for NaN).
// The first bar has no previous close and gives NaN.
// State: [prevClose, started].

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class GapKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 2;

  readonly wasm: WasmCall;

  constructor(open: SeriesRef, close: SeriesRef) {
    this.wasm = { name: "gap", p0: 0, p1: 0 };
    this.key = `gap(${open},${close})`;
    this.inputs = [open, close];
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 2);
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
    const open = inputs[0] as Float64Array;
    const close = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    let prev = state[at] as number;
    let started = state[at + 1] as number;
    for (let t = from; t < to; t++) {
      const o = open[t] as number;
      const c = close[t] as number;
      if (o !== o || c !== c) {
        out[t] = Number.NaN;
        continue;
      }
      out[t] = started === 0 ? Number.NaN : (o / prev - 1) * 100;
      started = 1;
      prev = c;
    }
    state[at] = prev;
    state[at + 1] = started;
  }
}
