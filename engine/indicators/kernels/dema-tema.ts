// The output step of Mulloy's double and triple EMAs, from EMA1 = EMA(x), EMA2 = EMA(EMA1)
// and EMA3 = EMA(EMA2) (each an EmaKernel; the inner EMAs are seeded from the first
// outputs of the outer one because they skip its warm-up NaNs, exactly as TA-Lib does):
//   DEMA = (2 * EMA1) - EMA2
//   TEMA = EMA3 + ((3 * EMA1) - (3 * EMA2))
// in TA-Lib's op order (ta_DEMA.c, ta_TEMA.c). NaN while any input is NaN. Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class DemaCombineKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;

  readonly wasm: WasmCall;

  constructor(ema1: SeriesRef, ema2: SeriesRef) {
    this.wasm = { name: "demaCombine", p0: 0, p1: 0 };
    this.key = `dema(${ema1},${ema2})`;
    this.inputs = [ema1, ema2];
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
    const e1 = inputs[0] as Float64Array;
    const e2 = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    for (let t = from; t < to; t++) out[t] = 2.0 * (e1[t] as number) - (e2[t] as number);
  }
}

export class TemaCombineKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;

  readonly wasm: WasmCall;

  constructor(ema1: SeriesRef, ema2: SeriesRef, ema3: SeriesRef) {
    this.wasm = { name: "temaCombine", p0: 0, p1: 0 };
    this.key = `tema(${ema1},${ema2},${ema3})`;
    this.inputs = [ema1, ema2, ema3];
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
    const e1 = inputs[0] as Float64Array;
    const e2 = inputs[1] as Float64Array;
    const e3 = inputs[2] as Float64Array;
    const out = outputs[0] as Float64Array;
    for (let t = from; t < to; t++) out[t] = (e3[t] as number) + (3.0 * (e1[t] as number) - 3.0 * (e2[t] as number));
  }
}
