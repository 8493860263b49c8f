// Element-wise arithmetic on two series (NaN when either is missing): the glue between
// kernels, e.g. the MACD line is sub(ema12, ema26). Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

/** In the order the wasm twin numbers them. */
const BINARY_OPS = ["sub", "add", "mul", "div"] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export class BinaryOpKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 0;
  readonly #op: BinaryOp;

  readonly wasm: WasmCall;

  constructor(op: BinaryOp, a: SeriesRef, b: SeriesRef) {
    this.wasm = { name: "binary", p0: BINARY_OPS.indexOf(op), p1: 0 };
    this.#op = op;
    this.key = `${op}(${a},${b})`;
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
    switch (this.#op) {
      case "sub":
        for (let t = from; t < to; t++) out[t] = (a[t] as number) - (b[t] as number);
        break;
      case "add":
        for (let t = from; t < to; t++) out[t] = (a[t] as number) + (b[t] as number);
        break;
      case "mul":
        for (let t = from; t < to; t++) out[t] = (a[t] as number) * (b[t] as number);
        break;
      case "div":
        for (let t = from; t < to; t++) out[t] = (a[t] as number) / (b[t] as number);
        break;
    }
  }
}
