// Aroon up, down and oscillator (TA-Lib AROON, AROONOSC) from the bars-since outputs of
// RollingExtremeKernel(high, period + 1, "max") and (low, period + 1, "min"): TA-Lib looks
// at period + 1 bars (today and `period` before) and, on ties, takes the most recent bar,
// which is what that kernel does. With factor = 100 / period:
//   up = factor * (period - barsSinceHigh);  down = factor * (period - barsSinceLow)
//   osc = factor * (barsSinceLow - barsSinceHigh)   (TA-Lib: factor * (highIdx - lowIdx))
// The bracketed terms are exact integers, so this is TA-Lib's arithmetic. Stateless.

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class AroonKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [up, down, oscillator] */
  readonly outputCount = 3;
  readonly stateSize = 0;
  readonly #period: number;
  readonly #factor: number;

  readonly wasm: WasmCall;

  constructor(sinceHigh: SeriesRef, sinceLow: SeriesRef, period: number) {
    this.#period = period;
    this.#factor = 100.0 / period;
    this.wasm = { name: "aroon", p0: period, p1: this.#factor };
    this.key = `aroon(${sinceHigh},${sinceLow},${keyNumber(period)})`;
    this.inputs = [sinceHigh, sinceLow];
  }

  reset(): void {}

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
    _state: Float64Array,
    _at: number,
    inputs: readonly Float64Array[],
    outputs: readonly Float64Array[],
    from: number,
    to: number,
  ): void {
    const sinceHigh = inputs[0] as Float64Array;
    const sinceLow = inputs[1] as Float64Array;
    const up = outputs[0] as Float64Array;
    const down = outputs[1] as Float64Array;
    const osc = outputs[2] as Float64Array;
    const n = this.#period;
    const factor = this.#factor;
    for (let t = from; t < to; t++) {
      const sh = sinceHigh[t] as number;
      const sl = sinceLow[t] as number;
      if (sh !== sh || sl !== sl) {
        up[t] = Number.NaN;
        down[t] = Number.NaN;
        osc[t] = Number.NaN;
        continue;
      }
      up[t] = factor * (n - sh);
      down[t] = factor * (n - sl);
      osc[t] = factor * (sl - sh);
    }
  }
}
