// The daily update in WebAssembly: one bar for many symbols, kernel by kernel. Each
// `<kernel>Across` advances symbol i (i < count) by its bar at index i of the io table's
// series, its state at `state + i * stride` bytes — the same loop as the TS kernels'
// `runAcross`, over the kernel-major universe state (PlanRunner.stepAcross) held in this
// module's memory. One call per kernel and shard instead of one JS call per symbol and
// kernel; the kernels themselves are the batch twins, so results stay identical to the bit.
// Only kernels with state have a driver: the stateless ones are element-wise and their
// twin covers every symbol in one call.

import { sma, ema, wilder, rsi, trueRange, dmSums, dmIndex, stddev, rollingExtreme, cci, mfi } from "./kernels";
import { obv, ad, cmf, vwap, rvol, gap, roc, pairReturns } from "./kernels-volume";
import { logReturn, logTrend } from "./kernels-log";
import { wma, sampleStddev, beta, correl, supertrend, maxDrawdown, sar } from "./kernels-trend";

export function smaAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) sma(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function emaAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) ema(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function wilderAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) wilder(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function rsiAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) rsi(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function trueRangeAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) trueRange(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function dmSumsAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) dmSums(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function dmIndexAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) dmIndex(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function stddevAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) stddev(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function rollingExtremeAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) rollingExtreme(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function cciAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) cci(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function mfiAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) mfi(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function obvAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) obv(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function adAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) ad(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function cmfAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) cmf(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function vwapAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) vwap(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function rvolAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) rvol(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function gapAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) gap(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function rocAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) roc(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function pairReturnsAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) pairReturns(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function logReturnAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) logReturn(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function logTrendAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) logTrend(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function wmaAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) wma(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function sampleStddevAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) sampleStddev(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function betaAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) beta(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function correlAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) correl(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function supertrendAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) supertrend(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function maxDrawdownAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) maxDrawdown(state + <usize>i * stride, io, i, i + 1, p0, p1);
}

export function sarAcross(state: usize, stride: usize, io: usize, count: i32, p0: f64, p1: f64): void {
  for (let i = 0; i < count; i++) sar(state + <usize>i * stride, io, i, i + 1, p0, p1);
}
