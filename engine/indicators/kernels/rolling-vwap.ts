// Rolling volume-weighted average price over the last `period` valid bars:
//   VWAP = Σ(typical × volume) / Σ volume,  typical = (high + low + close) / 3
// (typical price in TA-Lib TYPPRICE's operation order). When the window has no volume at
// all, the plain mean of the typical prices is used instead. "No volume" is an exact
// count of the window's bars with volume, not a test of a running sum that may carry
// rounding residue; when that count reaches 0 the volume sums are reset to exactly 0.
// Running sums over two ring buffers: O(1) per bar. First output on the `period`-th bar.
// State: [count, head, sumPv, sumVolume, sumTypical, withVolume, typical[period], volume[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class RollingVwapKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(high: SeriesRef, low: SeriesRef, close: SeriesRef, volume: SeriesRef, period: number) {
    this.wasm = { name: "vwap", p0: period, p1: 0 };
    this.#period = period;
    this.key = `vwap(${high},${low},${close},${volume},${keyNumber(period)})`;
    this.inputs = [high, low, close, volume];
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
    const high = inputs[0] as Float64Array;
    const low = inputs[1] as Float64Array;
    const close = inputs[2] as Float64Array;
    const volume = inputs[3] as Float64Array;
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    const tpRing = at + 6;
    const volRing = at + 6 + n;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    let sumPv = state[at + 2] as number;
    let sumVol = state[at + 3] as number;
    let sumTp = state[at + 4] as number;
    let withVolume = state[at + 5] as number;
    for (let t = from; t < to; t++) {
      const h = high[t] as number;
      const l = low[t] as number;
      const c = close[t] as number;
      const v = volume[t] as number;
      if (h !== h || l !== l || c !== c || v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      if (count === n) {
        // The window is full: the oldest bar (at `head`) leaves before this one enters.
        const oldTp = state[tpRing + head] as number;
        const oldVol = state[volRing + head] as number;
        sumPv -= oldTp * oldVol;
        sumVol -= oldVol;
        sumTp -= oldTp;
        if (oldVol !== 0) withVolume--;
      } else count++;
      const tp = (h + l + c) / 3;
      sumPv += tp * v;
      sumVol += v;
      sumTp += tp;
      if (v !== 0) withVolume++;
      state[tpRing + head] = tp;
      state[volRing + head] = v;
      head = head + 1 === n ? 0 : head + 1;
      if (withVolume === 0) {
        sumPv = 0;
        sumVol = 0;
      }
      if (count < n) out[t] = Number.NaN;
      else out[t] = withVolume === 0 ? sumTp / n : sumPv / sumVol;
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = sumPv;
    state[at + 3] = sumVol;
    state[at + 4] = sumTp;
    state[at + 5] = withVolume;
  }
}
