// Simple returns of two series over the bars where both exist, e.g. a symbol's close and
// its benchmark's: r = (x - xPrev) / xPrev, where xPrev is the value on the previous bar
// that had both. A bar where either is missing is "no bar" for the pair (NaN, state
// untouched), so both returns always span the same interval. The first pair gives NaN.
// As TA-Lib BETA does, a previous value within TA_EPSILON of 0 gives a return of 0.
// State: [prevA, prevB, started].

import { type Kernel, type SeriesRef } from "../kernel.ts";
import { TA_EPSILON } from "./rsi.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class PairReturnsKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [return of a, return of b] */
  readonly outputCount = 2;
  readonly stateSize = 3;

  readonly wasm: WasmCall;

  constructor(a: SeriesRef, b: SeriesRef) {
    this.wasm = { name: "pairReturns", p0: 0, p1: 0 };
    this.key = `returns(${a},${b})`;
    this.inputs = [a, b];
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
    const a = inputs[0] as Float64Array;
    const b = inputs[1] as Float64Array;
    const outA = outputs[0] as Float64Array;
    const outB = outputs[1] as Float64Array;
    let prevA = state[at] as number;
    let prevB = state[at + 1] as number;
    let started = state[at + 2] as number;
    for (let t = from; t < to; t++) {
      const x = a[t] as number;
      const y = b[t] as number;
      if (x !== x || y !== y) {
        outA[t] = Number.NaN;
        outB[t] = Number.NaN;
        continue;
      }
      if (started === 0) {
        started = 1;
        outA[t] = Number.NaN;
        outB[t] = Number.NaN;
      } else {
        outA[t] = prevA > -TA_EPSILON && prevA < TA_EPSILON ? 0 : (x - prevA) / prevA;
        outB[t] = prevB > -TA_EPSILON && prevB < TA_EPSILON ? 0 : (y - prevB) / prevB;
      }
      prevA = x;
      prevB = y;
    }
    state[at] = prevA;
    state[at + 1] = prevB;
    state[at + 2] = started;
  }
}
