// Peers for the indicator benchmark: the same 10 indicators (SMA 50, EMA 20, RSI 14,
// MACD 12/26/9, ATR 14, ADX 14, Bollinger 20/2, Stochastic 14/3/3, CCI 20, MFI 14) over
// the same per-symbol float64 series, through each library's documented API.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface SymbolBars {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

type Peer = (bars: readonly SymbolBars[]) => void;

export const talibPeer: Peer = (bars) => {
  const talib = require("talib") as { execute(args: Record<string, unknown>): unknown };
  for (const b of bars) {
    const n = b.close.length;
    // The binding takes plain arrays: converting is part of the cost of using it.
    const close = Array.from(b.close);
    const high = Array.from(b.high);
    const low = Array.from(b.low);
    const volume = Array.from(b.volume);
    const base = { startIdx: 0, endIdx: n - 1 };
    talib.execute({ ...base, name: "SMA", inReal: close, optInTimePeriod: 50 });
    talib.execute({ ...base, name: "EMA", inReal: close, optInTimePeriod: 20 });
    talib.execute({ ...base, name: "RSI", inReal: close, optInTimePeriod: 14 });
    talib.execute({
      ...base,
      name: "MACD",
      inReal: close,
      optInFastPeriod: 12,
      optInSlowPeriod: 26,
      optInSignalPeriod: 9,
    });
    talib.execute({ ...base, name: "ATR", high, low, close, optInTimePeriod: 14 });
    talib.execute({ ...base, name: "ADX", high, low, close, optInTimePeriod: 14 });
    talib.execute({
      ...base,
      name: "BBANDS",
      inReal: close,
      optInTimePeriod: 20,
      optInNbDevUp: 2,
      optInNbDevDn: 2,
      optInMAType: 0,
    });
    talib.execute({
      ...base,
      name: "STOCH",
      high,
      low,
      close,
      optInFastK_Period: 14,
      optInSlowK_Period: 3,
      optInSlowK_MAType: 0,
      optInSlowD_Period: 3,
      optInSlowD_MAType: 0,
    });
    talib.execute({ ...base, name: "CCI", high, low, close, optInTimePeriod: 20 });
    talib.execute({ ...base, name: "MFI", high, low, close, volume, optInTimePeriod: 14 });
  }
};

export const tulindPeer: Peer = (bars) => {
  const tulind = require("tulind") as {
    indicators: Record<
      string,
      { indicator(inputs: unknown[], options: number[], cb: (e: unknown, r: unknown) => void): void }
    >;
  };
  const t = tulind.indicators;
  const run = (name: string, inputs: unknown[], options: number[]) =>
    (t[name] as { indicator: (i: unknown[], o: number[], cb: (e: unknown) => void) => void }).indicator(
      inputs,
      options,
      (e) => {
        if (e) throw e;
      },
    );
  for (const b of bars) {
    const close = Array.from(b.close);
    const high = Array.from(b.high);
    const low = Array.from(b.low);
    const volume = Array.from(b.volume);
    run("sma", [close], [50]);
    run("ema", [close], [20]);
    run("rsi", [close], [14]);
    run("macd", [close], [12, 26, 9]);
    run("atr", [high, low, close], [14]);
    run("adx", [high, low, close], [14]);
    run("bbands", [close], [20, 2]);
    run("stoch", [high, low, close], [14, 3, 3]);
    run("cci", [high, low, close], [20]);
    run("mfi", [high, low, close, volume], [14]);
  }
};

export const technicalIndicatorsPeer: Peer = (bars) => {
  const ti = require("technicalindicators") as Record<string, { calculate(input: Record<string, unknown>): unknown }>;
  const calc = (name: string, input: Record<string, unknown>) =>
    (ti[name] as { calculate(i: Record<string, unknown>): unknown }).calculate(input);
  for (const b of bars) {
    const close = Array.from(b.close);
    const high = Array.from(b.high);
    const low = Array.from(b.low);
    const volume = Array.from(b.volume);
    calc("SMA", { period: 50, values: close });
    calc("EMA", { period: 20, values: close });
    calc("RSI", { period: 14, values: close });
    calc("MACD", {
      values: close,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    calc("ATR", { high, low, close, period: 14 });
    calc("ADX", { high, low, close, period: 14 });
    calc("BollingerBands", { period: 20, stdDev: 2, values: close });
    calc("Stochastic", { high, low, close, period: 14, signalPeriod: 3 });
    calc("CCI", { high, low, close, period: 20 });
    calc("MFI", { high, low, close, volume, period: 14 });
  }
};

export const tradingSignalsPeer: Peer = (bars) => {
  const ts = require("trading-signals") as Record<
    string,
    new (...args: never[]) => { update(x: unknown, replace: boolean): unknown }
  >;
  const make = (name: string, ...args: unknown[]) =>
    new (ts[name] as unknown as new (...a: unknown[]) => { update(x: unknown, replace: boolean): unknown })(...args);
  for (const b of bars) {
    const sma = make("SMA", 50);
    const ema = make("EMA", 20);
    const rsi = make("RSI", 14);
    const macd = make("MACD", make("EMA", 12), make("EMA", 26), make("EMA", 9));
    const atr = make("ATR", 14);
    const adx = make("ADX", 14);
    const bb = make("BollingerBands", 20, 2);
    const stoch = make("StochasticOscillator", { kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 });
    const cci = make("CCI", 20);
    const mfi = make("MFI", 14);
    for (let i = 0; i < b.close.length; i++) {
      const c = b.close[i] as number;
      const candle = { high: b.high[i] as number, low: b.low[i] as number, close: c, volume: b.volume[i] as number };
      sma.update(c, false);
      ema.update(c, false);
      rsi.update(c, false);
      macd.update(c, false);
      atr.update(candle, false);
      adx.update(candle, false);
      bb.update(c, false);
      stoch.update(candle, false);
      cci.update(candle, false);
      mfi.update(candle, false);
    }
  }
};
