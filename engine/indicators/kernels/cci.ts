// Commodity Channel Index (TA-Lib CCI) over the typical price tp = (high + low + close) / 3:
//   avg = mean(tp over period);  dev = sum(|tp - avg|) / period
//   CCI = (tp - avg) / (0.015 * dev), and 0 when tp - avg or dev is exactly 0, as TA-Lib.
//   (Computed as (tp - avg) / (sum|tp - avg| * (0.015 / period)): one division, not two.)
// O(period) per bar, the one exception to O(1): the mean absolute deviation is taken
// around the current mean, so every value of the window changes its term each bar and no
// running sum exists for it. The mean itself is a running sum (re-added from the ring every
// `period` bars, so rounding cannot drift); where the answer hinges on its last digits (tp
// within 1e-4 of the mean, or an almost flat window) the mean is summed again in the
// ring's physical order exactly as TA-Lib's circular buffer is (the ring starts at slot 0
// with the first valid bar in both), which makes those bars match TA-Lib bit for bit.
// State: [count, head, sum, ring[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

/**
 * How close (relative to the mean) tp - mean or the mean deviation may come to 0 before
 * the running mean is not trusted. Its error is a few ulps of the window's values, so
 * outside this margin CCI is within ~1e-11 relative of TA-Lib's.
 */
const CLOSE_CALL = 1e-4;

/** The window mean summed in the ring's physical order, as TA-Lib's circular buffer is. */
function exactMean(state: Float64Array, ring: number, end: number, n: number): number {
  let sum = 0;
  for (let j = ring; j < end; j++) sum += state[j] as number;
  return sum / n;
}

/** The window sum in four independent chains (a fresh start for the running sum). */
function windowSum(state: Float64Array, ring: number, end: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = ring;
  for (; j + 3 < end; j += 4) {
    s0 += state[j] as number;
    s1 += state[j + 1] as number;
    s2 += state[j + 2] as number;
    s3 += state[j + 3] as number;
  }
  for (; j < end; j++) s0 += state[j] as number;
  return s0 + s1 + (s2 + s3);
}

/**
 * Sum of |x - average| over the window in four independent chains: the value only scales
 * CCI, so a different summation order moves it by ulps (and a sum of |.| is 0 exactly when
 * every term is, in any order).
 */
function deviationSum(state: Float64Array, ring: number, end: number, average: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let j = ring;
  for (; j + 3 < end; j += 4) {
    d0 += Math.abs((state[j] as number) - average);
    d1 += Math.abs((state[j + 1] as number) - average);
    d2 += Math.abs((state[j + 2] as number) - average);
    d3 += Math.abs((state[j + 3] as number) - average);
  }
  for (; j < end; j++) d0 += Math.abs((state[j] as number) - average);
  return d0 + d1 + (d2 + d3);
}

export class CciKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(high: SeriesRef, low: SeriesRef, close: SeriesRef, period: number) {
    this.wasm = { name: "cci", p0: period, p1: 0 };
    this.#period = period;
    this.key = `cci(${high},${low},${close},${keyNumber(period)})`;
    this.inputs = [high, low, close];
    this.stateSize = 3 + period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 3); // the header: ring slots are written before they are read (kernel.ts)
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
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    const ring = at + 3;
    const end = ring + n;
    let count = (state[at] as number) | 0;
    let head = (state[at + 1] as number) | 0;
    let sum = state[at + 2] as number;
    // Multiplications where TA-Lib divides (a division is ~4x a multiply's cost): the running
    // mean is already a few ulps from TA-Lib's, and the close calls recompute it exactly.
    const inverse = 1 / n;
    const scale = 0.015 / n;
    for (let t = from; t < to; t++) {
      const h = high[t] as number;
      const l = low[t] as number;
      const c = close[t] as number;
      if (h !== h || l !== l || c !== c) {
        out[t] = Number.NaN;
        continue;
      }
      const tp = (h + l + c) / 3;
      // Until the window is full the slot holds whatever reset left (kernel.ts); the sum is
      // summed afresh from the ring when the window first fills, before the first output.
      sum += tp - (state[ring + head] as number);
      state[ring + head] = tp;
      head = head + 1 === n ? 0 : head + 1;
      if (head === 0) sum = windowSum(state, ring, end);
      if (count < n) count++;
      if (count < n) {
        out[t] = Number.NaN;
        continue;
      }
      let average = sum * inverse;
      let deviation = deviationSum(state, ring, end, average);
      const margin = CLOSE_CALL * Math.abs(average);
      if (Math.abs(tp - average) <= margin || deviation <= margin * n) {
        average = exactMean(state, ring, end, n);
        deviation = deviationSum(state, ring, end, average);
      }
      const d = tp - average;
      out[t] = d !== 0.0 && deviation !== 0.0 ? d / (deviation * scale) : 0.0;
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = sum;
  }
}
