// How far one series is from another, in percent: (a / b - 1) * 100, NaN when either is
// NaN; e.g. the close's distance from the rolling highest high (high_dist). Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class PercentDistanceKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;

  readonly wasm: WasmCall;

  constructor(a: SeriesRef, b: SeriesRef) {
    this.wasm = { name: "percentDistance", p0: 0, p1: 0 };
    this.key = `pctdist(${a},${b})`;
    this.inputs = [a, b];
  }

  reset(): void {}

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
    _state: Float64Array,
    _at: number,
    inputs: readonly Float64Array[],
    outputs: readonly Float64Array[],
    from: number,
    to: number,
  ): void {
    const a = inputs[0] as Float64Array;
    const b = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    for (let t = from; t < to; t++) out[t] = ((a[t] as number) / (b[t] as number) - 1) * 100;
  }
}
