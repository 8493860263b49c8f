// Where a value sits in its recent high-low range, from the rolling highest and lowest
// (RollingExtremeKernel outputs), in TA-Lib's exact arithmetic:
//   "stoch" (STOCH/STOCHF raw %K): diff = (highest - lowest) / 100;  (value - lowest) / diff
//   "willr" (WILLR):               diff = (highest - lowest) / -100; (highest - value) / diff
// and 0 when diff is exactly 0 (a flat range), as TA-Lib does. NaN when any input is NaN.
// Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export type RangePosition = "stoch" | "willr";

export class RangePositionKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;
  readonly #willr: boolean;

  readonly wasm: WasmCall;

  constructor(kind: RangePosition, value: SeriesRef, highest: SeriesRef, lowest: SeriesRef) {
    this.wasm = { name: "rangePosition", p0: kind === "willr" ? 1 : 0, p1: 0 };
    this.#willr = kind === "willr";
    this.key = `${kind === "willr" ? "willr" : "stochk"}(${value},${highest},${lowest})`;
    this.inputs = [value, highest, lowest];
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
    const value = inputs[0] as Float64Array;
    const highest = inputs[1] as Float64Array;
    const lowest = inputs[2] as Float64Array;
    const out = outputs[0] as Float64Array;
    if (this.#willr) {
      for (let t = from; t < to; t++) {
        const v = value[t] as number;
        const h = highest[t] as number;
        const l = lowest[t] as number;
        if (v !== v || h !== h || l !== l) {
          out[t] = Number.NaN;
          continue;
        }
        const diff = (h - l) / -100.0;
        out[t] = diff !== 0.0 ? (h - v) / diff : 0.0;
      }
    } else {
      for (let t = from; t < to; t++) {
        const v = value[t] as number;
        const h = highest[t] as number;
        const l = lowest[t] as number;
        if (v !== v || h !== h || l !== l) {
          out[t] = Number.NaN;
          continue;
        }
        const diff = (h - l) / 100.0;
        out[t] = diff !== 0.0 ? (v - l) / diff : 0.0;
      }
    }
  }
}
