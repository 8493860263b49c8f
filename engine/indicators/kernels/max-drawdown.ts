// Largest peak-to-trough decline within the last `period` valid values, as a positive
// percent: max over i <= j in the window of 100 * (x_i - x_j) / x_i (0 when the window only
// rises). First output on the `period`-th valid value.
//
// There is no O(1) update for a sliding-window drawdown, so this uses the block (van
// Herk / Gil-Werman) scheme on the drawdown monoid: a segment is summarised by
// (max, min, dd), and segment A followed by segment B combines to
//   max(A.max, B.max), min(A.min, B.min), max(A.dd, B.dd, (A.max - B.min) / A.max).
// The stream is cut into blocks of `period` values. The current block keeps a running
// prefix summary (O(1) per value); when a block completes, suffix summaries of it are built
// right to left in one O(period) pass. A window always spans "suffix of the previous block"
// + "prefix of the current one", so each output is one combine: amortised O(1) per bar,
// with an O(period) pass every `period`-th valid bar. Every candidate is (peak - trough) /
// peak of an actual pair (the peak being the highest value before the trough), so the
// result equals a brute-force scan over all pairs to the last bit or two.
// A value that is not positive is treated like a missing bar.
// State: [count, head, preMax, preMin, preDD, ring[period], sufMax[period], sufDD[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class MaxDrawdownKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "maxDrawdown", p0: period, p1: 0 };
    this.#period = period;
    this.key = `maxdd(${input},${keyNumber(period)})`;
    this.inputs = [input];
    this.stateSize = 5 + 3 * period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 5); // the header: the block arrays are written before they are read (kernel.ts)
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
    const ring = at + 5;
    const sufMax = ring + n;
    const sufDD = sufMax + n;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    let preMax = state[at + 2] as number;
    let preMin = state[at + 3] as number;
    let preDD = state[at + 4] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (!(v > 0)) {
        out[t] = Number.NaN;
        continue;
      }
      state[ring + head] = v;
      if (head === 0) {
        preMax = v;
        preMin = v;
        preDD = 0;
      } else {
        if (v > preMax) preMax = v;
        if (v < preMin) preMin = v;
        const d = (preMax - v) / preMax;
        if (d > preDD) preDD = d;
      }
      if (count < n) count++;
      if (head === n - 1) {
        // The window is exactly the current block.
        out[t] = 100 * preDD;
        // It becomes the previous block: build its suffix summaries, right to left.
        let runMax = v;
        let runMin = v;
        let dd = 0;
        for (let k = n - 1; k >= 0; k--) {
          const w = state[ring + k] as number;
          if (w < runMin) runMin = w;
          if (w > runMax) runMax = w;
          const d = (w - runMin) / w;
          if (d > dd) dd = d;
          state[sufMax + k] = runMax;
          state[sufDD + k] = dd;
        }
        head = 0;
      } else {
        if (count === n) {
          const m = state[sufMax + head + 1] as number;
          let dd = state[sufDD + head + 1] as number;
          if (preDD > dd) dd = preDD;
          const cross = (m - preMin) / m;
          if (cross > dd) dd = cross;
          out[t] = 100 * dd;
        } else out[t] = Number.NaN;
        head++;
      }
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = preMax;
    state[at + 3] = preMin;
    state[at + 4] = preDD;
  }
}
