// Bollinger %B and bandwidth from the bands:
//   %B    = (x - lower) / (upper - lower)   (0 at the lower band, 1 at the upper band)
//   width = (upper - lower) / middle         (a fraction, not a percent: 0.1 = 10% of the middle)
// When the bands have zero width (a flat window, e.g. a halted stock or zero-volume days
// for bb on volume), %B is 0.5 — the value sits on the middle band — and width is 0,
// rather than 0/0. Width is also 0 when the middle is 0 (an all-zero window of a
// non-negative source, whose bands can only be cancellation noise). Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class BollingerShapeKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [%B, bandwidth] */
  readonly outputCount = 2;
  readonly stateSize = 0;

  readonly wasm: WasmCall;

  constructor(source: SeriesRef, upper: SeriesRef, lower: SeriesRef, middle: SeriesRef) {
    this.wasm = { name: "bollingerShape", p0: 0, p1: 0 };
    this.key = `bbshape(${source},${upper},${lower},${middle})`;
    this.inputs = [source, upper, lower, middle];
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
    const upper = inputs[1] as Float64Array;
    const lower = inputs[2] as Float64Array;
    const middle = inputs[3] as Float64Array;
    const outPctB = outputs[0] as Float64Array;
    const outWidth = outputs[1] as Float64Array;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      const l = lower[t] as number;
      const range = (upper[t] as number) - l;
      const m = middle[t] as number;
      if (v !== v || range !== range || m !== m) {
        outPctB[t] = Number.NaN;
        outWidth[t] = Number.NaN;
      } else if (range === 0) {
        outPctB[t] = 0.5;
        outWidth[t] = 0;
      } else {
        outPctB[t] = (v - l) / range;
        outWidth[t] = m === 0 ? 0 : range / m;
      }
    }
  }
}
