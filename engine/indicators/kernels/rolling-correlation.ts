// Pearson correlation of two series over the last `period` bars where both exist, as
// TA-Lib CORREL computes it, in its operation order (running sums; once the window is
// full the oldest pair is subtracted before the new one is added):
//   r = (Sxy - Sx·Sy/n) / sqrt((Sxx - Sx²/n) · (Syy - Sy²/n)), and 0 when that product
//   is below TA_EPSILON (a flat series).
// Deviation: the result is clamped to [-1, 1]; that only removes rounding residue of the
// running sums (TA-Lib can return 1 + 1e-15).
// O(1) per bar. First output on the `period`-th pair.
// State: [count, head, sumX, sumY, sumXY, sumXX, sumYY, x[period], y[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import { TA_EPSILON } from "./rsi.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class CorrelKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(x: SeriesRef, y: SeriesRef, period: number) {
    this.wasm = { name: "correl", p0: period, p1: 0 };
    this.#period = period;
    this.key = `correl(${x},${y},${keyNumber(period)})`;
    this.inputs = [x, y];
    this.stateSize = 7 + 2 * period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 7); // the header: ring slots are written before they are read (kernel.ts)
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
    const xs = inputs[0] as Float64Array;
    const ys = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    const xRing = at + 7;
    const yRing = at + 7 + n;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    let sumX = state[at + 2] as number;
    let sumY = state[at + 3] as number;
    let sumXY = state[at + 4] as number;
    let sumX2 = state[at + 5] as number;
    let sumY2 = state[at + 6] as number;
    for (let t = from; t < to; t++) {
      const x = xs[t] as number;
      const y = ys[t] as number;
      if (x !== x || y !== y) {
        out[t] = Number.NaN;
        continue;
      }
      if (count === n) {
        const tx = state[xRing + head] as number;
        const ty = state[yRing + head] as number;
        sumX -= tx;
        sumX2 -= tx * tx;
        sumXY -= tx * ty;
        sumY -= ty;
        sumY2 -= ty * ty;
      } else count++;
      sumX += x;
      sumX2 += x * x;
      sumXY += x * y;
      sumY += y;
      sumY2 += y * y;
      state[xRing + head] = x;
      state[yRing + head] = y;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) {
        out[t] = Number.NaN;
        continue;
      }
      const variance = (sumX2 - (sumX * sumX) / n) * (sumY2 - (sumY * sumY) / n);
      if (variance < TA_EPSILON) out[t] = 0;
      else {
        const r = (sumXY - (sumX * sumY) / n) / Math.sqrt(variance);
        out[t] = r > 1 ? 1 : r < -1 ? -1 : r;
      }
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = sumX;
    state[at + 3] = sumY;
    state[at + 4] = sumXY;
    state[at + 5] = sumX2;
    state[at + 6] = sumY2;
  }
}
