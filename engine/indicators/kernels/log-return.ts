// Log return between consecutive valid values: ln(x / prevX). The first valid value has no
// return (NaN); a missing bar is skipped, so a return spans the gap. A value that is not
// positive (no logarithm) is treated like a missing bar.
// State: [prev, seen].

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class LogReturnKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 2;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef) {
    this.wasm = { name: "logReturn", p0: 0, p1: 0 };
    this.key = `logret(${input})`;
    this.inputs = [input];
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
    const x = inputs[0] as Float64Array;
    const out = outputs[0] as Float64Array;
    let prev = state[at] as number;
    let seen = state[at + 1] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (!(v > 0)) {
        out[t] = Number.NaN;
        continue;
      }
      if (seen === 0) {
        seen = 1;
        out[t] = Number.NaN;
      } else out[t] = Math.log(v / prev);
      prev = v;
    }
    state[at] = prev;
    state[at + 1] = seen;
  }
}
