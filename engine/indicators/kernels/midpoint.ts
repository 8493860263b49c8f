// The midpoint of two series, (a + b) / 2 (NaN when either is missing): hl2 / TA-Lib
// MEDPRICE from high and low, and TA-Lib MIDPRICE (the Donchian middle) from the highest
// high and the lowest low. Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class MidpointKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;

  readonly wasm: WasmCall;

  constructor(a: SeriesRef, b: SeriesRef) {
    this.wasm = { name: "midpoint", p0: 0, p1: 0 };
    this.key = `midpoint(${a},${b})`;
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
    for (let t = from; t < to; t++) out[t] = ((a[t] as number) + (b[t] as number)) / 2;
  }
}
