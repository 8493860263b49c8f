// Beta: the least-squares slope of y on x over the last `period` bars where both exist,
// as TA-Lib BETA computes it from the two return series, in its operation order (running
// sums; the new pair is added, the value written, then the oldest pair subtracted):
//   beta = (n·Sxy - Sx·Sy) / (n·Sxx - Sx²), and 0 when the denominator is within TA_EPSILON of 0.
// Fed x = benchmark returns and y = the symbol's returns (PairReturnsKernel) this is the
// usual beta, cov(symbol, benchmark) / var(benchmark), and equals TA-Lib
// BETA(inReal0 = benchmark, inReal1 = symbol) — TA-Lib regresses inReal1 on inReal0.
// O(1) per bar. First output on the `period`-th pair.
// State: [count, head, sumX, sumY, sumXY, sumXX, x[period], y[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import { TA_EPSILON } from "./rsi.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class BetaKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  /** Slope of `y` regressed on `x`. */
  constructor(x: SeriesRef, y: SeriesRef, period: number) {
    this.wasm = { name: "beta", p0: period, p1: 0 };
    this.#period = period;
    this.key = `beta(${x},${y},${keyNumber(period)})`;
    this.inputs = [x, y];
    this.stateSize = 6 + 2 * period;
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
    const xs = inputs[0] as Float64Array;
    const ys = inputs[1] as Float64Array;
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    const xRing = at + 6;
    const yRing = at + 6 + n;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    let sumX = state[at + 2] as number;
    let sumY = state[at + 3] as number;
    let sumXY = state[at + 4] as number;
    let sumXX = state[at + 5] as number;
    for (let t = from; t < to; t++) {
      const x = xs[t] as number;
      const y = ys[t] as number;
      if (x !== x || y !== y) {
        out[t] = Number.NaN;
        continue;
      }
      sumXX += x * x;
      sumXY += x * y;
      sumX += x;
      sumY += y;
      state[xRing + head] = x;
      state[yRing + head] = y;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) count++;
      if (count < n) {
        out[t] = Number.NaN;
        continue;
      }
      const denominator = n * sumXX - sumX * sumX;
      out[t] = denominator > -TA_EPSILON && denominator < TA_EPSILON ? 0 : (n * sumXY - sumX * sumY) / denominator;
      // `head` now points at the oldest pair of the window, the one the next bar replaces.
      const tx = state[xRing + head] as number;
      const ty = state[yRing + head] as number;
      sumXX -= tx * tx;
      sumXY -= tx * ty;
      sumX -= tx;
      sumY -= ty;
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = sumX;
    state[at + 3] = sumY;
    state[at + 4] = sumXY;
    state[at + 5] = sumXX;
  }
}
