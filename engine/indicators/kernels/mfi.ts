// Money Flow Index (TA-Lib MFI). tp = (high + low + close) / 3; the bar's money flow
// tp * volume counts as positive when tp rose from the previous valid bar, negative when
// it fell, and neither when unchanged. Over the last `period` flows:
//   MFI = 100 * (pos / (pos + neg)), and 0 when pos + neg < 1 (TA-Lib's rule: it also
//   covers zero-volume stretches, where both sums are 0).
// Running sums over a ring of the last `period` flows, in TA-Lib's op order (subtract the
// leaving flow, then add the new one). First output on the (period + 1)-th valid bar.
// State: [prevTp, count, pos, neg, head, posRing[period], negRing[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class MfiKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(high: SeriesRef, low: SeriesRef, close: SeriesRef, volume: SeriesRef, period: number) {
    this.wasm = { name: "mfi", p0: period, p1: 0 };
    this.#period = period;
    this.key = `mfi(${high},${low},${close},${volume},${keyNumber(period)})`;
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
    const posRing = at + 5;
    const negRing = at + 5 + n;
    let prevTp = state[at] as number;
    let count = (state[at + 1] as number) | 0;
    let pos = state[at + 2] as number;
    let neg = state[at + 3] as number;
    let head = (state[at + 4] as number) | 0;
    for (let t = from; t < to; t++) {
      const h = high[t] as number;
      const l = low[t] as number;
      const c = close[t] as number;
      const vol = volume[t] as number;
      if (h !== h || l !== l || c !== c || vol !== vol) {
        out[t] = Number.NaN;
        continue;
      }
      const tp = (h + l + c) / 3.0;
      // count: valid bars seen, capped at period + 2 (= "the window is full and rolling").
      if (count < n + 2) count++;
      if (count === 1) {
        prevTp = tp;
        out[t] = Number.NaN;
        continue;
      }
      if (count > n + 1) {
        pos -= state[posRing + head] as number;
        neg -= state[negRing + head] as number;
      }
      const change = tp - prevTp;
      prevTp = tp;
      const flow = tp * vol;
      // Branch-free: the sign of the change is a coin flip on real data, and a mispredicted
      // branch per bar cost more than both multiplies (flow is finite: inputs are not NaN).
      const up = flow * +(change > 0);
      const down = flow * +(change < 0);
      state[posRing + head] = up;
      state[negRing + head] = down;
      pos += up;
      neg += down;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n + 1) {
        out[t] = Number.NaN;
        continue;
      }
      const total = pos + neg;
      // The running sums drift by ulps as flows leave the window (as TA-Lib's do), so a sum
      // that should be 0 can be a hair below it and the index a hair outside [0, 100]:
      // clamped, which moves nothing that was inside.
      const index = total < 1.0 ? 0.0 : 100.0 * (pos / total);
      out[t] = index > 100.0 ? 100.0 : index < 0.0 ? 0.0 : index;
    }
    state[at] = prevTp;
    state[at + 1] = count;
    state[at + 2] = pos;
    state[at + 3] = neg;
    state[at + 4] = head;
  }
}
