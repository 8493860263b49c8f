// Highest (or lowest) value of the last `period` valid bars, and how many valid bars ago
// it occurred (0 = this bar), as TA-Lib's MAX/MIN and AROON see it: on ties the most
// recent bar wins. A monotonic deque kept in the state makes each bar amortised O(1).
// First output on the `period`-th valid bar.
// State: [count, front, length, values[period], positions[period]] — the deque is a ring.

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";

export type Extreme = "max" | "min";

export class RollingExtremeKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [extreme value, valid bars since it] */
  readonly outputCount = 2;
  readonly stateSize: number;
  readonly #period: number;
  readonly #max: boolean;

  constructor(input: SeriesRef, period: number, extreme: Extreme) {
    this.#period = period;
    this.#max = extreme === "max";
    this.key = `${extreme}(${input},${keyNumber(period)})`;
    this.inputs = [input];
    this.stateSize = 3 + 2 * period;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + this.stateSize);
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
    const outValue = outputs[0] as Float64Array;
    const outSince = outputs[1] as Float64Array;
    const n = this.#period;
    const max = this.#max;
    const values = at + 3;
    const positions = at + 3 + n;
    let count = state[at] as number;
    let front = state[at + 1] as number;
    let length = state[at + 2] as number;
    for (let t = from; t < to; t++) {
      const v = x[t] as number;
      if (v !== v) {
        outValue[t] = Number.NaN;
        outSince[t] = Number.NaN;
        continue;
      }
      // First drop from the front what leaves the window with this bar, so the ring never overflows.
      if (length > 0 && (state[positions + front] as number) <= count - n) {
        front = front + 1 === n ? 0 : front + 1;
        length--;
      }
      // Drop from the back every entry this bar dominates (ties too: the newest wins).
      while (length > 0) {
        let back = front + length - 1;
        if (back >= n) back -= n;
        const b = state[values + back] as number;
        if (max ? b <= v : b >= v) length--;
        else break;
      }
      let slot = front + length;
      if (slot >= n) slot -= n;
      state[values + slot] = v;
      state[positions + slot] = count;
      length++;
      count++;
      if (count >= n) {
        outValue[t] = state[values + front] as number;
        outSince[t] = count - 1 - (state[positions + front] as number);
      } else {
        outValue[t] = Number.NaN;
        outSince[t] = Number.NaN;
      }
    }
    state[at] = count;
    state[at + 1] = front;
    state[at + 2] = length;
  }
}
