// True range (TA-Lib TRANGE): the greatest of high - low, |prevClose - high| and
// |prevClose - low|, in TA-Lib's comparison order. Like TA-Lib, the first bar has no
// previous close and gives no value (TradingView's ta.tr(true) uses high - low there
// instead; see docs/indicators.md). "Previous" means the previous
// valid bar: a missing bar is skipped.
// State: [prevClose, seen].

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class TrueRangeKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 1;
  readonly stateSize = 2;

  readonly wasm: WasmCall;

  constructor(high: SeriesRef = "high", low: SeriesRef = "low", close: SeriesRef = "close") {
    this.wasm = { name: "trueRange", p0: 0, p1: 0 };
    this.key = `trange(${high},${low},${close})`;
    this.inputs = [high, low, close];
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 2);
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
    let prevClose = state[at] as number;
    let seen = state[at + 1] as number;
    for (let t = from; t < to; t++) {
      const h = high[t] as number;
      const l = low[t] as number;
      const c = close[t] as number;
      if (h !== h || l !== l || c !== c) {
        out[t] = Number.NaN;
        continue;
      }
      if (seen === 0) {
        seen = 1;
        out[t] = Number.NaN;
      } else {
        let greatest = h - l;
        const toHigh = Math.abs(prevClose - h);
        if (toHigh > greatest) greatest = toHigh;
        const toLow = Math.abs(prevClose - l);
        if (toLow > greatest) greatest = toLow;
        out[t] = greatest;
      }
      prevClose = c;
    }
    state[at] = prevClose;
    state[at + 1] = seen;
  }
}
