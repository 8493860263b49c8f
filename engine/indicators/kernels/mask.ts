// `value` where `when` has a value, NaN elsewhere. TA-Lib reports a two-line indicator
// (STOCH's %K and %D, STOCHRSI's fastK and fastD) only from the bar its last line
// exists, so the first line is masked to the second's warm-up. Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class MaskKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;

  readonly wasm: WasmCall;

  constructor(value: SeriesRef, when: SeriesRef) {
    this.wasm = { name: "mask", p0: 0, p1: 0 };
    this.key = `mask(${value},${when})`;
    this.inputs = [value, when];
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
    const when = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    for (let t = from; t < to; t++) {
      const w = when[t] as number;
      out[t] = w === w ? (value[t] as number) : Number.NaN;
    }
  }
}
