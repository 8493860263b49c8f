// Sample standard deviation (n - 1 denominator) of the last `period` valid values, updated
// in O(1) with Welford's sliding-window recurrence on the mean and the sum of squared
// deviations M2 (no Σx² - (Σx)²/n cancellation):
//   filling:  d = x - mean,  mean += d / count,  M2 += d * (x - mean)
//   sliding:  d = x - old,   mean' = mean + d / n,  M2 += d * (x - mean' + old - mean)
//   stddev = sqrt(max(M2, 0) / (n - 1))
// A window of identical values (counted as a run of equal values) gives exactly 0, not
// rounding residue left in M2 by earlier, larger values. Used for realized volatility,
// where it deliberately differs from TA-Lib STDDEV (population: n denominator, Σx²-based,
// zeroed below a variance of 1e-14).
// State: [count, head, mean, m2, run, last, ring[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class SampleStddevKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "sampleStddev", p0: period, p1: 0 };
    this.#period = period;
    this.key = `sstddev(${input},${keyNumber(period)})`;
    this.inputs = [input];
    this.stateSize = 6 + period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 6); // the header: ring slots are written before they are read (kernel.ts)
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
    const ring = at + 6;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    let mean = state[at + 2] as number;
    let m2 = state[at + 3] as number;
    let run = state[at + 4] as number;
    let last = state[at + 5] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      if (count > 0 && v === last) {
        if (run < n) run++;
      } else run = 1;
      last = v;
      if (count < n) {
        count++;
        const d = v - mean;
        mean += d / count;
        m2 += d * (v - mean);
      } else {
        const old = state[ring + head] as number;
        const d = v - old;
        const next = mean + d / n;
        m2 += d * (v - next + old - mean);
        mean = next;
      }
      state[ring + head] = v;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) out[t] = Number.NaN;
      else if (run >= n || !(m2 > 0)) out[t] = 0;
      else out[t] = Math.sqrt(m2 / (n - 1));
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = mean;
    state[at + 3] = m2;
    state[at + 4] = run;
    state[at + 5] = last;
  }
}
