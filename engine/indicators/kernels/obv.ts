// On-balance volume, as TA-Lib OBV: the first value is the first bar's volume, then each
// bar adds its volume when the close rose, subtracts it when the close fell, and keeps
// the total when the close is unchanged. "Previous close" is the previous valid bar's.
// State: [prevClose, obv, started].

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class ObvKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 3;

  readonly wasm: WasmCall;

  constructor(close: SeriesRef, volume: SeriesRef) {
    this.wasm = { name: "obv", p0: 0, p1: 0 };
    this.key = `obv(${close},${volume})`;
    this.inputs = [close, volume];
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 3);
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
    const close = inputs[0] as Float64Array;
    const volume = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    let prev = state[at] as number;
    let obv = state[at + 1] as number;
    let started = state[at + 2] as number;
    for (let t = from; t < to; t++) {
      const c = close[t] as number;
      const v = volume[t] as number;
      if (c !== c || v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      if (started === 0) {
        obv = v;
        started = 1;
      } else {
        // Branch-free (up or down is a coin flip on real data): v × (+1, -1 or 0) is exactly
        // v, -v or 0, and adding a zero leaves the sum exactly as it was.
        obv += v * (+(c > prev) - +(c < prev));
      }
      prev = c;
      out[t] = obv;
    }
    state[at] = prev;
    state[at + 1] = obv;
    state[at + 2] = started;
  }
}
