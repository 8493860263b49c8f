// Population standard deviation of the last `period` valid values, exactly as TA-Lib's
// STDDEV (nbDev 1) and the BBANDS band width compute it: running sums of x and x² over a
// ring buffer (added to before and subtracted from after each output, as TA-Lib),
//   var = Σx²/n - (Σx/n)²,   stddev = var < 1e-14 ? 0 : sqrt(var)   (TA_IS_ZERO_OR_NEG).
// E[x²] - E[x]² loses digits when the spread is tiny against the level (catastrophic
// cancellation: a flat window can come out as ~1e-8 × price instead of 0); TA-Lib has the
// same error, and we keep its arithmetic so the bands match it bit for bit. Σx/n is the
// same double as SmaKernel's output, so Bollinger's middle band can be that SMA.
// State: [sum, sum2, count, head, ring[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import { TA_EPSILON } from "./rsi.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class StddevKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "stddev", p0: period, p1: 0 };
    this.#period = period;
    this.key = `stddev(${input},${keyNumber(period)})`;
    this.inputs = [input];
    this.stateSize = 4 + period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 4); // the header: ring slots are written before they are read (kernel.ts)
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
    const x = inputs[0] as Float64Array;
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    const ring = at + 4;
    let sum = state[at] as number;
    let sum2 = state[at + 1] as number;
    let count = state[at + 2] as number;
    let head = state[at + 3] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      sum += v;
      sum2 += v * v;
      state[ring + head] = v;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) count++;
      if (count === n) {
        const mean = sum / n;
        let variance = sum2 / n;
        variance -= mean * mean;
        out[t] = variance < TA_EPSILON ? 0 : Math.sqrt(variance);
        // `head` now points at the oldest value of the window, the one the next bar replaces.
        const old = state[ring + head] as number;
        sum -= old;
        sum2 -= old * old;
      } else out[t] = Number.NaN;
    }
    state[at] = sum;
    state[at + 1] = sum2;
    state[at + 2] = count;
    state[at + 3] = head;
  }
}
