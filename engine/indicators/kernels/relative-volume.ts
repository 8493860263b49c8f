// Relative volume (RVOL): this bar's volume divided by the mean volume of the previous
// `period` valid bars, excluding this bar (the usual screener RVOL). It reads the volume
// and the SMA of volume (SmaKernel, shared with sma_volume_N) and remembers the previous
// bar's SMA, so the first value is on valid bar `period` (0-based). A previous mean of 0
// (no volume in the window) gives NaN. With integer volumes the SMA's running sum is
// exact, so "0" is exact. A NaN in either input (including the SMA's warm-up) is "no bar".
// State: [previousMean] (0 = none yet, which also yields NaN).

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class RvolKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 1;

  /** `mean` must be the SMA of `volume` over the wanted period. */
  readonly wasm: WasmCall;

  constructor(volume: SeriesRef, mean: SeriesRef) {
    this.wasm = { name: "rvol", p0: 0, p1: 0 };
    this.key = `rvol(${volume},${mean})`;
    this.inputs = [volume, mean];
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
    const volume = inputs[0] as Float64Array;
    const mean = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    let previous = state[at] as number;
    for (let t = from; t < to; t++) {
      const v = volume[t] as number;
      const m = mean[t] as number;
      if (v !== v || m !== m) {
        out[t] = Number.NaN;
        continue;
      }
      out[t] = previous > 0 ? v / previous : Number.NaN;
      previous = m;
    }
    state[at] = previous;
  }
}
