// The common drivers of every demo price: one market factor, one factor per sector and
// one per industry, generated once per universe as typed arrays over the trading-day
// axis. Stocks and ETFs load on these, which is what gives the demo realistic
// correlations, sector rotation, volatility clustering and market-wide sell-offs.

import { dayFromUtc, type UnixDay } from "../calendar/unix-day.ts";
import { tradingDaysBetween } from "../calendar/us-market-calendar.ts";
import { deriveSeed, Rng } from "./prng.ts";
import { INDUSTRY_COUNT, industryIndex, SECTORS } from "./sectors.ts";

export const STREAM = { market: 1, sector: 2, industry: 3, universe: 4, symbol: 5, fundamentals: 6 } as const;

export interface FactorPaths {
  readonly days: number;
  /** Market log return from previous close to open, and from open to close. */
  readonly marketOver: Float64Array;
  readonly marketIntra: Float64Array;
  /** The market's conditional daily volatility (GARCH), and its long-run level. */
  readonly marketSigma: Float64Array;
  readonly marketSigmaLong: number;
  readonly sectorOver: readonly Float64Array[];
  readonly sectorIntra: readonly Float64Array[];
  readonly sectorSigma: readonly Float64Array[];
  /** Industry factor, open-to-close log return (industries hardly gap on their own). */
  readonly industryIntra: readonly Float64Array[];
  readonly industrySigma: Float64Array;
  /** Market-wide shift of log volume: busier in stress, quieter on half-days. */
  readonly volumeTone: Float64Array;
  /** 1 on a normal session, smaller on the early-close half-days (less time to move). */
  readonly sessionScale: Float64Array;
  /** Trading days since the start of the calendar quarter: earnings come in seasons. */
  readonly quarterDay: Int16Array;
}

const TRADING_DAYS_PER_YEAR = 252;
/** Share of a day's variance that arrives overnight (open vs previous close). */
const OVERNIGHT_SHARE = 0.25;
const BURN_IN = 300;

export function buildFactorPaths(axis: readonly UnixDay[], seed: number): FactorPaths {
  const days = axis.length;
  const sessionScale = sessionScales(axis);
  const market = marketPath(days, sessionScale, new Rng(deriveSeed(seed, STREAM.market)));
  const stress = new Float64Array(days);
  for (let t = 0; t < days; t++) stress[t] = Math.min(3, Math.max(0.6, (market.sigma[t] ?? 0) / market.sigmaLong));

  const sectorOver: Float64Array[] = [];
  const sectorIntra: Float64Array[] = [];
  const sectorSigma: Float64Array[] = [];
  SECTORS.forEach((sector, k) => {
    const path = sectorPath(days, sector.factorVol, stress, sessionScale, new Rng(deriveSeed(seed, STREAM.sector, k)));
    sectorOver.push(path.over);
    sectorIntra.push(path.intra);
    sectorSigma.push(path.sigma);
  });

  const industryIntra: Float64Array[] = new Array(INDUSTRY_COUNT);
  const industrySigma = new Float64Array(INDUSTRY_COUNT);
  SECTORS.forEach((sector, k) => {
    sector.industries.forEach((ind, i) => {
      const j = industryIndex(k, i);
      const rng = new Rng(deriveSeed(seed, STREAM.industry, j));
      const sd = ind.factorVol / Math.sqrt(TRADING_DAYS_PER_YEAR);
      const path = new Float64Array(days);
      // A slowly wandering drift gives industries multi-month trends and reversals.
      let drift = rng.normal() * 0.0003;
      for (let t = 0; t < days; t++) {
        drift = 0.995 * drift + 0.00003 * rng.normal();
        path[t] = drift + sd * Math.sqrt(stress[t] ?? 1) * (sessionScale[t] ?? 1) * rng.normal();
      }
      industryIntra[j] = path;
      industrySigma[j] = sd;
    });
  });

  const volumeTone = new Float64Array(days);
  const toneRng = new Rng(deriveSeed(seed, STREAM.market, 99));
  let tone = 0;
  for (let t = 0; t < days; t++) {
    tone = 0.8 * tone + 0.06 * toneRng.normal();
    const half = (sessionScale[t] ?? 1) < 1 ? -0.8 : 0;
    volumeTone[t] = tone + 0.7 * Math.log(stress[t] ?? 1) + half;
  }

  return {
    days,
    marketOver: market.over,
    marketIntra: market.intra,
    marketSigma: market.sigma,
    marketSigmaLong: market.sigmaLong,
    sectorOver,
    sectorIntra,
    sectorSigma,
    industryIntra,
    industrySigma,
    volumeTone,
    sessionScale,
    quarterDay: quarterDays(axis),
  };
}

interface Path {
  over: Float64Array;
  intra: Float64Array;
  sigma: Float64Array;
}

/**
 * GJR-GARCH(1,1) market with Student-t innovations: volatility clusters and rises more
 * after falls than after rallies (the leverage effect). Stress episodes add a sharp
 * sell-off, opening with a gap down, then a partial recovery.
 */
function marketPath(days: number, sessionScale: Float64Array, rng: Rng): Path & { sigmaLong: number } {
  const longVol = 0.145;
  const vLong = (longVol * longVol) / TRADING_DAYS_PER_YEAR;
  const alpha = 0.02;
  const gamma = 0.09;
  const beta = 0.91;
  const omega = vLong * (1 - alpha - gamma / 2 - beta);
  const mu = 0.08 / TRADING_DAYS_PER_YEAR;
  // Even in a crash the index's volatility stays below ~60% annualised (2008 and 2020 peaked
  // near 80%); uncapped, a run of fat-tailed shocks could compound into absurd days.
  const vMax = (0.6 * 0.6) / TRADING_DAYS_PER_YEAR;

  const drift = new Float64Array(days);
  const floor = new Float64Array(days);
  const shock = new Float64Array(days);
  const episodes = days < 120 ? 0 : 1 + Math.floor(rng.uniform() * (days / 300));
  for (let e = 0; e < episodes; e++) {
    const start = rng.between(20, days - 25);
    const len = rng.between(4, 14);
    const decline = 0.06 + 0.12 * rng.uniform();
    const peakVol = 0.3 + 0.2 * rng.uniform();
    shock[start] = (shock[start] ?? 0) - decline * 0.3;
    for (let t = start; t < Math.min(days, start + len); t++) drift[t] = (drift[t] ?? 0) - (decline * 0.7) / len;
    for (let t = start; t < Math.min(days, start + 4 * len); t++) {
      const v = ((peakVol * peakVol) / TRADING_DAYS_PER_YEAR) * 0.9 ** (t - start);
      floor[t] = Math.max(floor[t] ?? 0, v);
    }
    for (let t = start + len; t < Math.min(days, start + 4 * len); t++)
      drift[t] = (drift[t] ?? 0) + (0.6 * decline) / (3 * len);
  }

  let v = vLong;
  for (let t = 0; t < BURN_IN; t++) {
    const e = Math.sqrt(v) * rng.t6();
    v = omega + (alpha + (e < 0 ? gamma : 0)) * e * e + beta * v;
  }

  const over = new Float64Array(days);
  const intra = new Float64Array(days);
  const sigma = new Float64Array(days);
  const so = Math.sqrt(OVERNIGHT_SHARE);
  const si = Math.sqrt(1 - OVERNIGHT_SHARE);
  for (let t = 0; t < days; t++) {
    v = Math.max(v, floor[t] ?? 0);
    const sig = Math.sqrt(v);
    const session = sessionScale[t] ?? 1;
    const eo = sig * so * rng.normal();
    // Clamped at 4.5 sd: with volatility at its cap that is a ~15% day, about the worst on record.
    const ei = sig * si * session * Math.min(4.5, Math.max(-4.5, rng.t6()));
    const d = drift[t] ?? 0;
    // Most of the equity premium is earned overnight; sell-offs happen mostly in the session.
    over[t] = mu * 0.6 + d * 0.3 + (shock[t] ?? 0) + eo;
    intra[t] = mu * 0.4 + d * 0.7 + ei;
    sigma[t] = sig;
    const e = eo + ei + (shock[t] ?? 0);
    v = Math.min(vMax, omega + (alpha + (e < 0 ? gamma : 0)) * e * e + beta * v);
  }
  return { over, intra, sigma, sigmaLong: Math.sqrt(vLong) };
}

/** A sector's own factor: GARCH(1,1), scaled up when the market is stressed, with a slow drift for rotation. */
function sectorPath(days: number, annualVol: number, stress: Float64Array, sessionScale: Float64Array, rng: Rng): Path {
  const vLong = (annualVol * annualVol) / TRADING_DAYS_PER_YEAR;
  const alpha = 0.05;
  const beta = 0.92;
  const omega = vLong * (1 - alpha - beta);
  let v = vLong;
  for (let t = 0; t < BURN_IN; t++) {
    const e = Math.sqrt(v) * rng.t6();
    v = omega + alpha * e * e + beta * v;
  }
  // A sector-specific shock now and then (an oil-price collapse, a regional-bank scare), either direction.
  const event = new Float64Array(days);
  if (days >= 60 && rng.chance(Math.min(0.9, (days / TRADING_DAYS_PER_YEAR) * 0.3))) {
    const start = rng.between(10, days - 20);
    const len = rng.between(3, 10);
    const move = (rng.chance(0.6) ? -1 : 1) * (0.06 + 0.1 * rng.uniform());
    for (let t = start; t < start + len; t++) event[t] = move / len;
  }
  const over = new Float64Array(days);
  const intra = new Float64Array(days);
  const sigma = new Float64Array(days);
  const so = Math.sqrt(OVERNIGHT_SHARE);
  const si = Math.sqrt(1 - OVERNIGHT_SHARE);
  let drift = rng.normal() * 0.0004;
  for (let t = 0; t < days; t++) {
    drift = 0.995 * drift + 0.00004 * rng.normal();
    const sig = Math.sqrt(v * (stress[t] ?? 1));
    const ev = event[t] ?? 0;
    const eo = sig * so * rng.normal();
    const ei = sig * si * (sessionScale[t] ?? 1) * rng.t6();
    over[t] = eo + ev * 0.3;
    intra[t] = drift + ei + ev * 0.7;
    sigma[t] = ev === 0 ? sig : Math.max(sig, Math.abs(ev));
    const e = eo + ei + ev;
    v = Math.min(9 * vLong, omega + alpha * e * e + beta * v);
    if (ev !== 0) v = Math.max(v, ev * ev);
  }
  return { over, intra, sigma };
}

/** US early closes (13:00): July 3, the day after Thanksgiving and Christmas Eve, when they are trading days. */
function sessionScales(axis: readonly UnixDay[]): Float64Array {
  const out = new Float64Array(axis.length).fill(1);
  axis.forEach((day, t) => {
    const date = new Date(day * 86_400_000);
    const month = date.getUTCMonth() + 1;
    const dom = date.getUTCDate();
    const dow = date.getUTCDay();
    const blackFriday = month === 11 && dow === 5 && dom >= 23 && dom <= 29;
    if ((month === 7 && dom === 3) || (month === 12 && dom === 24) || blackFriday) out[t] = 0.6;
  });
  return out;
}

function quarterDays(axis: readonly UnixDay[]): Int16Array {
  const out = new Int16Array(axis.length);
  let key = -1;
  let n = 0;
  axis.forEach((day, t) => {
    const date = new Date(day * 86_400_000);
    const year = date.getUTCFullYear();
    const q = Math.floor(date.getUTCMonth() / 3);
    if (year * 4 + q !== key) {
      key = year * 4 + q;
      // The axis may begin mid-quarter: count the trading days already behind us.
      const quarterStart = dayFromUtc(year, q * 3 + 1, 1);
      n = tradingDaysBetween(quarterStart, day).length - 1;
    } else n++;
    out[t] = n;
  });
  return out;
}
