// Weighted moving average (TA-Lib WMA): weights 1..period, newest heaviest, divided by
// period*(period+1)/2. O(1) per bar with TA-Lib's two running sums, in its op order:
//   periodSub += x - trailing;  periodSum += x * period;  out = periodSum / divider;
//   periodSum -= periodSub
// where periodSub is the plain sum of the window and `trailing` the value about to leave
// it. During warm-up the i-th valid value is added with weight i, as TA-Lib does.
// Period 1 is excluded (TA-Lib copies the input there; the running sums would drift).
// State: [periodSum, periodSub, trailing, count, head, ring[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class WmaKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;
  readonly #divider: number;

  readonly wasm: WasmCall;

  constructor(input: SeriesRef, period: number) {
    this.wasm = { name: "wma", p0: period, p1: 0 };
    this.#period = period;
    this.#divider = (period * (period + 1)) / 2;
    this.key = `wma(${input},${keyNumber(period)})`;
    this.inputs = [input];
    this.stateSize = 5 + period;
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
    const x = inputs[0] as Float64Array;
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    const divider = this.#divider;
    const ring = at + 5;
    let periodSum = state[at] as number;
    let periodSub = state[at + 1] as number;
    let trailing = state[at + 2] as number;
    let count = state[at + 3] as number;
    let head = state[at + 4] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        out[t] = Number.NaN;
        continue;
      }
      if (count < n) count++;
      state[ring + head] = v;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) {
        periodSub += v;
        periodSum += v * count;
        out[t] = Number.NaN;
        continue;
      }
      periodSub += v;
      periodSub -= trailing;
      periodSum += v * n;
      // `head` now points at the oldest value of the window: it leaves with the next bar.
      trailing = state[ring + head] as number;
      out[t] = periodSum / divider;
      periodSum -= periodSub;
    }
    state[at] = periodSum;
    state[at + 1] = periodSub;
    state[at + 2] = trailing;
    state[at + 3] = count;
    state[at + 4] = head;
  }
}
