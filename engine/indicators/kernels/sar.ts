// Parabolic SAR, exactly as TA-Lib's SAR (ta_SAR.c):
//  - the first valid bar only seeds: no output;
//  - on the second, the initial direction is short when that bar's -DM1 is positive
//    (prevLow - low > 0 and larger than high - prevHigh), long otherwise (ties are long);
//    a long starts with sar = first bar's low and ep = second bar's high, a short with
//    sar = first bar's high and ep = second bar's low;
//  - each bar outputs the SAR computed on the previous bar, unless the bar penetrates it
//    (long: low <= sar; short: high >= sar), in which case the position reverses, the output
//    is the old ep clamped outside yesterday's and today's range, af resets and ep becomes
//    today's extreme;
//  - otherwise a new extreme raises af by `acceleration` up to `maximum`;
//  - next sar = sar + af * (ep - sar), kept outside yesterday's and today's range.
// An acceleration above the maximum is lowered to it, as TA-Lib does.
// State: [count, isLong, af, ep, sar, prevHigh, prevLow].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class SarKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 7;
  readonly #acceleration: number;
  readonly #maximum: number;

  readonly wasm: WasmCall;

  constructor(acceleration: number, maximum: number, high: SeriesRef = "high", low: SeriesRef = "low") {
    this.#acceleration = Math.min(acceleration, maximum);
    this.#maximum = maximum;
    this.wasm = { name: "sar", p0: this.#acceleration, p1: maximum };
    this.key = `sar(${high},${low},${keyNumber(acceleration)},${keyNumber(maximum)})`;
    this.inputs = [high, low];
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 7);
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
    const out = outputs[0] as Float64Array;
    const step = this.#acceleration;
    const max = this.#maximum;
    let count = state[at] as number;
    let isLong = state[at + 1] as number;
    let af = state[at + 2] as number;
    let ep = state[at + 3] as number;
    let sar = state[at + 4] as number;
    let lastHigh = state[at + 5] as number;
    let lastLow = state[at + 6] as number;
    for (let t = from; t < to; t++) {
      const newHigh = high[t] as number;
      const newLow = low[t] as number;
      if (newHigh !== newHigh || newLow !== newLow) {
        out[t] = Number.NaN;
        continue;
      }
      if (count === 0) {
        count = 1;
        lastHigh = newHigh;
        lastLow = newLow;
        out[t] = Number.NaN;
        continue;
      }
      let prevHigh = lastHigh;
      let prevLow = lastLow;
      if (count === 1) {
        count = 2;
        const up = newHigh - lastHigh;
        const down = lastLow - newLow;
        isLong = down > 0 && up < down ? 0 : 1;
        if (isLong === 1) {
          ep = newHigh;
          sar = lastLow;
        } else {
          ep = newLow;
          sar = lastHigh;
        }
        af = step;
        // TA-Lib's "cheat": on the first iteration yesterday's range is today's.
        prevHigh = newHigh;
        prevLow = newLow;
      }
      if (isLong === 1) {
        if (newLow <= sar) {
          isLong = 0;
          sar = ep;
          if (sar < prevHigh) sar = prevHigh;
          if (sar < newHigh) sar = newHigh;
          out[t] = sar;
          af = step;
          ep = newLow;
          sar = sar + af * (ep - sar);
          if (sar < prevHigh) sar = prevHigh;
          if (sar < newHigh) sar = newHigh;
        } else {
          out[t] = sar;
          if (newHigh > ep) {
            ep = newHigh;
            af += step;
            if (af > max) af = max;
          }
          sar = sar + af * (ep - sar);
          if (sar > prevLow) sar = prevLow;
          if (sar > newLow) sar = newLow;
        }
      } else if (newHigh >= sar) {
        isLong = 1;
        sar = ep;
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
        out[t] = sar;
        af = step;
        ep = newHigh;
        sar = sar + af * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
      } else {
        out[t] = sar;
        if (newLow < ep) {
          ep = newLow;
          af += step;
          if (af > max) af = max;
        }
        sar = sar + af * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
      }
      lastHigh = newHigh;
      lastLow = newLow;
    }
    state[at] = count;
    state[at + 1] = isLong;
    state[at + 2] = af;
    state[at + 3] = ep;
    state[at + 4] = sar;
    state[at + 5] = lastHigh;
    state[at + 6] = lastLow;
  }
}
