// An envelope around a middle series: upper = middle + width * k, lower = middle - width * k,
// with the product formed first as TA-Lib BBANDS and TradingView's Keltner Channels do.
// Bollinger: width = population stddev; Keltner: width = ATR. Stateless.

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class BandsKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [upper, lower] */
  readonly outputCount = 2;
  readonly stateSize = 0;
  readonly #k: number;

  readonly wasm: WasmCall;

  constructor(middle: SeriesRef, width: SeriesRef, k: number) {
    this.wasm = { name: "bands", p0: k, p1: 0 };
    this.#k = k;
    this.key = `bands(${middle},${width},${keyNumber(k)})`;
    this.inputs = [middle, width];
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
    const middle = inputs[0] as Float64Array;
    const width = inputs[1] as Float64Array;
    const upper = outputs[0] as Float64Array;
    const lower = outputs[1] as Float64Array;
    const k = this.#k;
    for (let t = from; t < to; t++) {
      const d = (width[t] as number) * k;
      const m = middle[t] as number;
      upper[t] = m + d;
      lower[t] = m - d;
    }
  }
}
