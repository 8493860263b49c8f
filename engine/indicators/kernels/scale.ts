// A series times a constant (NaN stays NaN), e.g. NATR = 100 * ATR / close and the
// annualization of realized volatility. Stateless.

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class ScaleKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;
  readonly #factor: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, factor: number) {
    this.wasm = { name: "scale", p0: factor, p1: 0 };
    this.#factor = factor;
    this.key = `scale(${input},${keyNumber(factor)})`;
    this.inputs = [input];
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
    const x = inputs[0] as Float64Array;
    const out = outputs[0] as Float64Array;
    const k = this.#factor;
    for (let t = from; t < to; t++) out[t] = (x[t] as number) * k;
  }
}
