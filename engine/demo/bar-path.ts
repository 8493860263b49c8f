// Draws one symbol's daily bars from its profile and the shared factor paths, and feeds
// them to the universe builder. The latent price keeps moving through halts, missing
// bars and no-trade days, so a symbol reappears with the gap a real one would show.
// Runs once per symbol-day for millions of cells: plain numbers only, no allocation.

import type { UnixDay } from "../calendar/unix-day.ts";
import type { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { type FactorPaths, STREAM } from "./factor-paths.ts";
import { expFast, expSmall } from "./fast-math.ts";
import { deriveSeed, Rng } from "./prng.ts";
import type { SymbolProfile } from "./profiles.ts";

/** Share of idiosyncratic variance that arrives overnight, matching the factors' split. */
const SO = Math.sqrt(0.25);
const SI = Math.sqrt(0.75);
/** Prices reflect off this floor ($0.02) instead of decaying toward zero. */
const LOG_FLOOR = Math.log(0.02);
/** Idiosyncratic GARCH(1,1) on a unit-mean variance multiplier. */
const G_ALPHA = 0.06;
const G_BETA = 0.9;
const G_OMEGA = 1 - G_ALPHA - G_BETA;
/** How much log volume rises per standard deviation of the day's move. */
const VOLUME_SURPRISE = 0.35;

/** Cents above $1, hundredths of a cent below, as US quotes go. Monotone, so bar ordering survives. */
export function roundPrice(p: number): number {
  // floor(x + 0.5) compiles to one instruction where Math.round does not; multiplying by
  // 0.01 rather than dividing can leave a last-bit residue the Float32 columns round away.
  return p >= 1 ? Math.floor(p * 100 + 0.5) * 0.01 : Math.floor(p * 10000 + 0.5) * 0.0001;
}

/** Generates and adds a symbol's bars; returns its last printed close (NaN if none was printed). */
export function emitBars(
  p: SymbolProfile,
  paths: FactorPaths,
  axis: readonly UnixDay[],
  builder: UniverseBuilder,
  seed: number,
): number {
  const rng = new Rng(deriveSeed(seed, STREAM.symbol, p.index));
  const symbol = p.info.symbol;
  const { marketOver, marketIntra, marketSigma, sessionScale, volumeTone, quarterDay } = paths;
  const sigmaLong = paths.marketSigmaLong;
  const sOver = p.sector >= 0 ? paths.sectorOver[p.sector] : undefined;
  const sIntra = p.sector >= 0 ? paths.sectorIntra[p.sector] : undefined;
  const sSigma = p.sector >= 0 ? paths.sectorSigma[p.sector] : undefined;
  const iIntra = p.industry >= 0 ? paths.industryIntra[p.industry] : undefined;
  const iSigma = p.industry >= 0 ? (paths.industrySigma[p.industry] ?? 0) : 0;
  const lev = p.leverage;
  const absLev = Math.abs(lev);

  let beta = p.beta;
  let gS = p.sectorLoad;
  let gI = p.industryLoad;
  let idio = p.idioVol;
  let drift = p.drift;
  let wander = rng.normal() * p.driftVol * 7;
  let h = 1;
  let volState = 0.25 * rng.normal();
  let halt = 0;
  let lastPrinted = Number.NaN;
  let lp = Math.log(p.price0);
  const ipoPop = p.ipo ? 0.1 + 0.25 * rng.normal() : 0;

  for (let t = p.start; t <= p.end; t++) {
    const age = t - p.start;
    const acquiredToday = t === p.acquisitionDay;
    if (acquiredToday) {
      // After a cash takeover is announced the stock pins to the deal price: little risk, no trend.
      beta *= 0.05;
      gS *= 0.05;
      gI *= 0.05;
      idio *= 0.12;
      drift = 0.0002;
      wander = 0;
    }
    const mSig = marketSigma[t] ?? 0;
    let cO = beta * (marketOver[t] ?? 0);
    let cI = beta * (marketIntra[t] ?? 0);
    let cVar = beta * beta * mSig * mSig;
    if (sOver && sIntra && sSigma) {
      const ss = gS * (sSigma[t] ?? 0);
      cO += gS * (sOver[t] ?? 0);
      cI += gS * (sIntra[t] ?? 0);
      cVar += ss * ss;
    }
    if (iIntra) {
      cI += gI * (iIntra[t] ?? 0);
      cVar += gI * gI * iSigma * iSigma;
    }
    const stress = Math.min(3, mSig / sigmaLong);
    const session = sessionScale[t] ?? 1;
    const ipoBoost = p.ipo ? 1 + 1.5 * Math.exp(-age / 15) : 1;
    // Stock-specific risk rises in market stress too, though less than the market's.
    const sd = idio * Math.sqrt(h) * (0.7 + 0.3 * stress) * ipoBoost;
    const zO = rng.normal();
    const zI = rng.t4();
    wander = 0.99 * wander + p.driftVol * rng.flat();

    let gap = cO + sd * SO * zO;
    let intra = cI + sd * SI * session * zI + drift + wander;
    if (p.distressed && p.end - t < 60) intra -= 0.004;
    else if (lp < p.supportLog) intra += 0.03 * (p.supportLog - lp);
    const earnings = p.earningsDay >= 0 && age > 0 && quarterDay[t] === p.earningsDay;
    if (earnings) gap += p.earningsVol * rng.t4();
    if (acquiredToday) gap += p.acquisitionPremium;
    if (age === 0) gap += ipoPop;
    if (lev !== 1) {
      // Daily-rebalanced leverage applies to simple returns, which is what makes these funds decay.
      const total = Math.log(Math.max(0.05, 1 + lev * Math.expm1(gap + intra)));
      gap = Math.log(Math.max(0.05, 1 + lev * Math.expm1(gap)));
      intra = total - gap;
    }

    const prevClose = lp;
    let logOpen = lp + gap;
    let logClose = logOpen + intra;
    if (logOpen < LOG_FLOOR) logOpen = 2 * LOG_FLOOR - logOpen;
    if (logClose < LOG_FLOOR) logClose = 2 * LOG_FLOOR - logClose;
    lp = logClose;

    // Intraday excursions beyond open and close, scaled by the session's volatility: the
    // square of a uniform makes most wicks short and a few long (mean 0.45 sd per side,
    // about a Brownian session's expected range).
    const daySd = absLev * Math.sqrt(cVar + sd * sd) + 1e-12;
    const sessionSd = daySd * SI * session;
    const u1 = rng.uniform();
    const u2 = rng.uniform();
    const up = Math.min(0.5, 1.35 * sessionSd * u1 * u1);
    const down = Math.min(0.5, 1.35 * sessionSd * u2 * u2);

    h = G_OMEGA + G_ALPHA * (SO * SO * zO * zO + SI * SI * zI * zI) + G_BETA * h;
    if (earnings) h += 0.8;
    h = Math.min(6, Math.max(0.3, h));

    // Volume: a persistent level, the market's mood, and surges on big moves, news and listings.
    const surprise = Math.min(6, Math.abs(logClose - prevClose) / daySd);
    volState = 0.97 * volState + 0.06 * rng.flat();
    let lv = p.logVolume + volState + (volumeTone[t] ?? 0) + VOLUME_SURPRISE * (surprise - 0.8);
    lv += p.volumeNoise * rng.bell();
    if (earnings) lv += 0.8;
    if (acquiredToday) lv += 2;
    if (p.ipo) lv += Math.log1p(6 * Math.exp(-age / 4));
    const volume = Math.floor(expFast(lv) + 0.5);

    if (halt > 0 && t < p.end) {
      halt--;
      continue;
    }
    const interior = t > p.start && t < p.end && !p.fixed;
    if (interior) {
      // One draw decides between a halt, a missing bar, a no-trade day and a normal bar.
      const u = rng.uniform();
      if (u < p.haltRate) {
        halt = rng.between(0, 4);
        continue;
      }
      if (u < p.haltRate + p.missingRate) continue;
      if (lastPrinted > 0 && u < p.haltRate + p.missingRate + p.zeroVolumeRate) {
        // No trade all day: the bar repeats the last print with zero volume.
        builder.addOrReport(symbol, axis[t] as UnixDay, lastPrinted, lastPrinted, lastPrinted, lastPrinted, 0, "demo");
        continue;
      }
    }
    const openPrice = expFast(logOpen);
    const closePrice = expFast(logClose);
    const close = roundPrice(closePrice);
    builder.addOrReport(
      symbol,
      axis[t] as UnixDay,
      roundPrice(openPrice),
      roundPrice(Math.max(openPrice, closePrice) * expSmall(up)),
      roundPrice(Math.min(openPrice, closePrice) * expSmall(-down)),
      close,
      volume,
      "demo",
    );
    lastPrinted = close;
  }
  return lastPrinted;
}
