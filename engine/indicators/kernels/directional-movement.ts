// Wilder's directional movement system, split so +DI, -DI, DX and ADX share one pass of
// smoothing (TA-Lib PLUS_DI / MINUS_DI / DX / ADX, read from ta_ADX.c):
//
// DirectionalSumsKernel — the Wilder sums of +DM1, -DM1 and TR1. Per valid bar after the
// first: up = high - prevHigh, down = prevLow - low; -DM1 = down if down > 0 and up < down,
// else +DM1 = up if up > 0 and up > down (an equal move gives neither). The first
// `period - 1` DM1/TR1 values are summed; from then on
//   sum = sum - sum / period + dm1
// (TA-Lib's order; note the first output already decays the (period-1)-value sum once).
// First output on valid bar `period` (0-based), TA-Lib's PLUS_DI lookback.
// State: [count, prevHigh, prevLow, prevClose, +DM, -DM, TR].
//
// DirectionalIndexKernel — from those sums:
//   +DI = 100 * (+DM / TR), -DI = 100 * (-DM / TR)   (0 when TR is ~0, TA_IS_ZERO)
//   DX  = 100 * (|-DI - +DI| / (-DI + +DI))           (previous DX when TR or the DI sum is ~0)
//   ADX = (sum of the first `period` DX) / period, then (ADX * (period - 1) + DX) / period.
// As in TA-Lib, a bar whose DX is undefined adds nothing to the ADX seed sum and leaves a
// seeded ADX unchanged (it is not smoothed toward the repeated DX). ADX's first value is
// on valid bar 2 * period - 1.
// State: [prevDX, dxCount, sumDX, adx].

import { type Kernel, type SeriesRef, keyNumber } from "../kernel.ts";
import { TA_EPSILON } from "./rsi.ts";
import type { WasmCall } from "../wasm/wasm-kernels.ts";

export class DirectionalSumsKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [+DM sum, -DM sum, TR sum] */
  readonly outputCount = 3;
  readonly stateSize = 7;
  readonly #period: number;

  readonly wasm: WasmCall;

  constructor(period: number, high: SeriesRef = "high", low: SeriesRef = "low", close: SeriesRef = "close") {
    this.wasm = { name: "dmSums", p0: period, p1: 0 };
    this.#period = period;
    this.key = `dmsums(${high},${low},${close},${keyNumber(period)})`;
    this.inputs = [high, low, close];
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
    const close = inputs[2] as Float64Array;
    const outPlus = outputs[0] as Float64Array;
    const outMinus = outputs[1] as Float64Array;
    const outTr = outputs[2] as Float64Array;
    const n = this.#period;
    // sum - sum / n as sum * (1 - 1/n): within ~1e-16 relative of TA-Lib, and no divide in the
    // loop-carried chains (see WilderKernel).
    const keep = 1 - 1 / n;
    let count = (state[at] as number) | 0;
    let prevHigh = state[at + 1] as number;
    let prevLow = state[at + 2] as number;
    let prevClose = state[at + 3] as number;
    let plusDM = state[at + 4] as number;
    let minusDM = state[at + 5] as number;
    let tr = state[at + 6] as number;
    for (let t = from; t < to; t++) {
      const h = high[t] as number;
      const l = low[t] as number;
      const c = close[t] as number;
      if (h !== h || l !== l || c !== c) {
        outPlus[t] = Number.NaN;
        outMinus[t] = Number.NaN;
        outTr[t] = Number.NaN;
        continue;
      }
      count++;
      if (count > 1) {
        const up = h - prevHigh;
        const down = prevLow - l;
        let range = h - l;
        const toHigh = Math.abs(h - prevClose);
        if (toHigh > range) range = toHigh;
        const toLow = Math.abs(l - prevClose);
        if (toLow > range) range = toLow;
        if (count > n) {
          minusDM *= keep;
          plusDM *= keep;
          tr = tr * keep + range;
        } else tr += range;
        // TA-Lib's two exclusive cases (-DM: down > 0 and up < down; +DM: up > 0 and up >
        // down), branch-free: which one holds is a coin flip on real data, and adding a zero
        // term leaves a sum exactly as it was.
        minusDM += down * (+(down > 0) * +(up < down));
        plusDM += up * (+(up > 0) * +(up > down));
      }
      prevHigh = h;
      prevLow = l;
      prevClose = c;
      if (count > n) {
        outPlus[t] = plusDM;
        outMinus[t] = minusDM;
        outTr[t] = tr;
      } else {
        outPlus[t] = Number.NaN;
        outMinus[t] = Number.NaN;
        outTr[t] = Number.NaN;
      }
    }
    state[at] = count;
    state[at + 1] = prevHigh;
    state[at + 2] = prevLow;
    state[at + 3] = prevClose;
    state[at + 4] = plusDM;
    state[at + 5] = minusDM;
    state[at + 6] = tr;
  }
}

export class DirectionalIndexKernel implements Kernel {
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  /** [+DI, -DI, DX, ADX] */
  readonly outputCount = 4;
  readonly stateSize = 4;
  readonly #period: number;

  /** `sums` are the three outputs of a DirectionalSumsKernel of the same period. */
  readonly wasm: WasmCall;

  constructor(sums: readonly SeriesRef[], period: number) {
    this.wasm = { name: "dmIndex", p0: period, p1: 0 };
    this.#period = period;
    this.inputs = [sums[0] as SeriesRef, sums[1] as SeriesRef, sums[2] as SeriesRef];
    this.key = `dmi(${this.inputs.join(",")},${keyNumber(period)})`;
  }

  reset(state: Float64Array, at: number): void {
    state.fill(0, at, at + 4);
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
    const plusSum = inputs[0] as Float64Array;
    const minusSum = inputs[1] as Float64Array;
    const trSum = inputs[2] as Float64Array;
    const outPlus = outputs[0] as Float64Array;
    const outMinus = outputs[1] as Float64Array;
    const outDx = outputs[2] as Float64Array;
    const outAdx = outputs[3] as Float64Array;
    const n = this.#period;
    const keep = 1 - 1 / n;
    const inv = 1 / n;
    let prevDx = state[at] as number;
    let dxCount = (state[at + 1] as number) | 0;
    let sumDx = state[at + 2] as number;
    let adx = state[at + 3] as number;
    for (let t = from; t < to; t++) {
      const p = plusSum[t] as number;
      const m = minusSum[t] as number;
      const tr = trSum[t] as number;
      if (p !== p || m !== m || tr !== tr) {
        outPlus[t] = Number.NaN;
        outMinus[t] = Number.NaN;
        outDx[t] = Number.NaN;
        outAdx[t] = Number.NaN;
        continue;
      }
      let defined = false;
      let dx = 0;
      if (tr > -TA_EPSILON && tr < TA_EPSILON) {
        outPlus[t] = 0;
        outMinus[t] = 0;
      } else {
        const minusDI = 100 * (m / tr);
        const plusDI = 100 * (p / tr);
        outPlus[t] = plusDI;
        outMinus[t] = minusDI;
        const total = minusDI + plusDI;
        if (!(total > -TA_EPSILON && total < TA_EPSILON)) {
          dx = 100 * (Math.abs(minusDI - plusDI) / total);
          defined = true;
        }
      }
      if (defined) prevDx = dx;
      outDx[t] = prevDx;
      dxCount++;
      if (dxCount > n) {
        // (adx * (n - 1) + dx) / n without the divide in the chain (see WilderKernel).
        if (defined) adx = adx * keep + dx * inv;
        outAdx[t] = adx;
      } else {
        if (defined) sumDx += dx;
        if (dxCount === n) {
          adx = sumDx / n;
          outAdx[t] = adx;
        } else outAdx[t] = Number.NaN;
      }
    }
    state[at] = prevDx;
    state[at + 1] = dxCount;
    state[at + 2] = sumDx;
    state[at + 3] = adx;
  }
}
