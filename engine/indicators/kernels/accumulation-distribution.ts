// Chaikin accumulation/distribution line, as TA-Lib AD: a running total of
// ((close - low) - (high - close)) / (high - low) * volume, where a bar with
// high - low <= 0 adds nothing (TA-Lib's zero-range rule). Starts at the first bar.
// State: [ad].

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class AdKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 1;

  readonly wasm: WasmCall;

  constructor(high: SeriesRef, low: SeriesRef, close: SeriesRef, volume: SeriesRef) {
    this.wasm = { name: "ad", p0: 0, p1: 0 };
    this.key = `ad(${high},${low},${close},${volume})`;
    this.inputs = [high, low, close, volume];
  }

  reset(state: Float64Array, at: number): void {
    state[at] = 0;
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
    const high = inputs[0] as Float64Array;
    const low = inputs[1] as Float64Array;
    const close = inputs[2] as Float64Array;
    const volume = inputs[3] as Float64Array;
    const out = outputs[0] as Float64Array;
    let ad = state[at] as number;
    for (let t = from; t < to; t++) {
      const h = high[t] as number;
      const l = low[t] as number;
      const c = close[t] as number;
      const v = volume[t] as number;
      if (h !== h || l !== l || c !== c || v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      const range = h - l;
      if (range > 0) ad += ((c - l - (h - c)) / range) * v;
      out[t] = ad;
    }
    state[at] = ad;
  }
}
