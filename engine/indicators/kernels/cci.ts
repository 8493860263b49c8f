// Commodity Channel Index (TA-Lib CCI) over the typical price tp = (high + low + close) / 3:
//   avg = mean(tp over period);  dev = sum(|tp - avg|) / period
//   CCI = (tp - avg) / (0.015 * dev), and 0 when tp - avg or dev is exactly 0, as TA-Lib.
// O(period) per bar, the one exception to O(1): the mean absolute deviation is taken
// around the current mean, so every value of the window changes its term each bar and no
// running sum exists. Two tight loops over the ring, summed in the ring's physical order
// exactly as TA-Lib's circular buffer is (the ring starts at slot 0 with the first valid
// bar in both), so results match it bit for bit.
// State: [count, head, ring[period]].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";

export class CciKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize: number;
  readonly #period: number;

  constructor(high: SeriesRef, low: SeriesRef, close: SeriesRef, period: number) {
    this.#period = period;
    this.key = `cci(${high},${low},${close},${keyNumber(period)})`;
    this.inputs = [high, low, close];
    this.stateSize = 2 + period;
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
    const high = inputs[0] as Float64Array;
    const low = inputs[1] as Float64Array;
    const close = inputs[2] as Float64Array;
    const out = outputs[0] as Float64Array;
    const n = this.#period;
    const ring = at + 2;
    const end = ring + n;
    let count = (state[at] as number) | 0;
    let head = (state[at + 1] as number) | 0;
    for (let t = from; t < to; t++) {
      const h = high[t] as number;
      const l = low[t] as number;
      const c = close[t] as number;
      if (h !== h || l !== l || c !== c) {
        out[t] = Number.NaN;
        continue;
      }
      const tp = (h + l + c) / 3;
      state[ring + head] = tp;
      head = head + 1 === n ? 0 : head + 1;
      if (count < n) count++;
      if (count < n) {
        out[t] = Number.NaN;
        continue;
      }
      // Both sums run over the ring in memory order, as TA-Lib's do, so results match it to the
      // bit; unrolled by four (still one accumulator, the same order) to cut loop overhead.
      let average = 0;
      let j = ring;
      for (; j + 3 < end; j += 4)
        average =
          average +
          (state[j] as number) +
          (state[j + 1] as number) +
          (state[j + 2] as number) +
          (state[j + 3] as number);
      for (; j < end; j++) average += state[j] as number;
      average /= n;
      // The deviation sum runs in four independent chains: its value only scales CCI, so a
      // different summation order moves it by ulps (and a sum of |.| is 0 exactly when every
      // term is, in any order), while the average above must keep TA-Lib's order because
      // tp - average is compared with 0.
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      j = ring;
      for (; j + 3 < end; j += 4) {
        d0 += Math.abs((state[j] as number) - average);
        d1 += Math.abs((state[j + 1] as number) - average);
        d2 += Math.abs((state[j + 2] as number) - average);
        d3 += Math.abs((state[j + 3] as number) - average);
      }
      for (; j < end; j++) d0 += Math.abs((state[j] as number) - average);
      const deviation = d0 + d1 + (d2 + d3);
      const d = tp - average;
      out[t] = d !== 0.0 && deviation !== 0.0 ? d / (0.015 * (deviation / n)) : 0.0;
    }
    state[at] = count;
    state[at + 1] = head;
  }
}
