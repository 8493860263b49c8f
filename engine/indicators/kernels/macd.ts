// The MACD trio from its line and signal: TA-Lib reports all three only once the signal
// exists, so the line is masked to NaN until then; histogram = line - signal. Stateless.

import { type Kernel, type SeriesRef } from "../kernel.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class MacdOutputKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount = 3;
  readonly stateSize = 0;

  readonly wasm: WasmCall;

  constructor(line: SeriesRef, signal: SeriesRef) {
    this.wasm = { name: "macd", p0: 0, p1: 0 };
    this.key = `macd(${line},${signal})`;
    this.inputs = [line, signal];
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
    const line = inputs[0] as Float64Array;
    const signal = inputs[1] as Float64Array;
    const [outLine, outSignal, outHist] = outputs as [Float64Array, Float64Array, Float64Array];
    for (let t = from; t < to; t++) {
      const s = signal[t] as number;
      const l = s === s ? (line[t] as number) : Number.NaN;
      outLine[t] = l;
      outSignal[t] = s;
      outHist[t] = l - s;
    }
  }
}
