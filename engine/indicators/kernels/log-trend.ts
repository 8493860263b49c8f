// Least-squares trend of ln(close) over the last `period` valid bars: the slope (change of
// ln(close) per bar; ×100 ≈ percent per bar) and R², from running sums updated in O(1).
// With x = 0 (oldest) .. N-1 (newest) and y = ln(close) - ref:
//   S = Σy, Q = Σxy, R = Σy². Sliding the window (drop y_old at x = 0, shift x down by one,
//   add y_new at x = N-1):  Q' = Q - (S - y_old) + (N-1)·y_new,  S' = S - y_old + y_new,
//   R' = R - y_old² + y_new².
//   Sxy = Q - (N-1)/2 · S,  Sxx = N(N²-1)/12,  Syy = R - S²/N
//   slope = Sxy / Sxx (= TA-Lib LINEARREG_SLOPE of ln(close)),  R² = Sxy² / (Sxx · Syy).
// `ref` is ln of the first valid close, a constant that keeps y near 0 so Σy² - (Σy)²/N
// loses fewer digits (the slope and R² are unchanged by the shift). R² is clamped to [0, 1]
// and is 0 for a flat window (Syy at rounding level: <= 1e-14 · Σy²). A close that is not
// positive (no logarithm) is treated like a missing bar.
// State: [count, head, ref, S, Q, R, ring[period]] (the ring holds y).

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class LogTrendKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [slope, r2] */
  readonly outputCount = 2;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "logTrend", p0: period, p1: 0 };
    this.#period = period;
    this.key = `logtrend(${input},${keyNumber(period)})`;
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
    const outSlope = outputs[0] as Float64Array;
    const outR2 = outputs[1] as Float64Array;
    const n = this.#period;
    const last = n - 1;
    const half = (n - 1) / 2;
    const sxx = (n * (n * n - 1)) / 12;
    const ring = at + 6;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    let ref = state[at + 2] as number;
    let s = state[at + 3] as number;
    let q = state[at + 4] as number;
    let r = state[at + 5] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (!(v > 0)) {
        outSlope[t] = Number.NaN;
        outR2[t] = Number.NaN;
        continue;
      }
      const lv = Math.log(v);
      if (count === 0) ref = lv;
      const y = lv - ref;
      if (count < n) {
        q += count * y;
        s += y;
        r += y * y;
        count++;
      } else {
        const old = state[ring + head] as number;
        q = q - (s - old) + last * y;
        s = s - old + y;
        r = r - old * old + y * y;
      }
      state[ring + head] = y;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) {
        outSlope[t] = Number.NaN;
        outR2[t] = Number.NaN;
        continue;
      }
      const sxy = q - half * s;
      const syy = r - (s * s) / n;
      outSlope[t] = sxy / sxx;
      if (syy > 1e-14 * r) {
        const r2 = (sxy * sxy) / (sxx * syy);
        outR2[t] = r2 > 1 ? 1 : r2;
      } else outR2[t] = 0;
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = ref;
    state[at + 3] = s;
    state[at + 4] = q;
    state[at + 5] = r;
  }
}
