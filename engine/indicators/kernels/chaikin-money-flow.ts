// Chaikin money flow over the last `period` valid bars:
//   CMF = Σ(MFM × volume) / Σ volume,  MFM = ((close - low) - (high - close)) / (high - low)
// with MFM = 0 when high - low <= 0 (TA-Lib AD's zero-range rule, same operation order).
// A window without any volume gives 0 (0/0 → 0). Zero volume is detected with an exact
// count of the window's bars that have volume, not by testing a running sum that may
// carry rounding residue; when that count reaches 0 both sums are reset to exactly 0.
// The result is clamped to [-1, 1], which only ever removes rounding residue.
// Running sums over two ring buffers: O(1) per bar. First output on the `period`-th bar.
// State: [count, head, sumMfv, sumVolume, withVolume, mfv[period], volume[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class CmfKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(high: SeriesRef, low: SeriesRef, close: SeriesRef, volume: SeriesRef, period: number) {
    this.wasm = { name: "cmf", p0: period, p1: 0 };
    this.#period = period;
    this.key = `cmf(${high},${low},${close},${volume},${keyNumber(period)})`;
    this.inputs = [high, low, close, volume];
    this.stateSize = 5 + 2 * period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 5); // the header: ring slots are written before they are read (kernel.ts)
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
    const mfvRing = at + 5;
    const volRing = at + 5 + n;
    let count = state[at] as number;
    let head = state[at + 1] as number;
    let sumMfv = state[at + 2] as number;
    let sumVol = state[at + 3] as number;
    let withVolume = state[at + 4] as number;
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
        const oldVol = state[volRing + head] as number;
        sumMfv -= state[mfvRing + head] as number;
        sumVol -= oldVol;
        if (oldVol !== 0) withVolume--;
      } else count++;
      const range = h - l;
      const mfv = range > 0 ? ((c - l - (h - c)) / range) * v : 0;
      sumMfv += mfv;
      sumVol += v;
      if (v !== 0) withVolume++;
      state[mfvRing + head] = mfv;
      state[volRing + head] = v;
      head = head + 1 === n ? 0 : head + 1;
      if (withVolume === 0) {
        sumMfv = 0;
        sumVol = 0;
      }
      if (count < n) out[t] = Number.NaN;
      else if (withVolume === 0) out[t] = 0;
      else {
        const cmf = sumMfv / sumVol;
        out[t] = cmf > 1 ? 1 : cmf < -1 ? -1 : cmf;
      }
    }
    state[at] = count;
    state[at + 1] = head;
    state[at + 2] = sumMfv;
    state[at + 3] = sumVol;
    state[at + 4] = withVolume;
  }
}
