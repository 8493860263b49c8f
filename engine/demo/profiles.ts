// Who is in the demo universe and how each one behaves: for every symbol, its metadata
// and the parameters its price path is drawn from (factor loadings, volatility, size,
// liquidity, listing window, earnings schedule, takeover). Decided up front, in a fixed
// order from one stream, so tickers stay unique and the plan is reproducible.

import type { SymbolInfo } from "../snapshot/symbol-info.ts";
import { ETF_THEMES, type EtfTheme, MARKET_ETF, sectorEtfName, sectorEtfVolume } from "./etfs.ts";
import { STREAM } from "./factor-paths.ts";
import { NameRegistry } from "./names.ts";
import { deriveSeed, Rng } from "./prng.ts";
import { industryIndex, SECTORS } from "./sectors.ts";

const YEAR = 252;

/** How much more (or less) often than average an industry or sector has penny stocks. */
const PENNY_PRONE: Readonly<Record<string, number>> = {
  Biotechnology: 2.5,
  "Metals & Mining": 2.5,
  Gold: 2.5,
  "Renewable Electricity": 2,
  "Oil & Gas Exploration & Production": 1.5,
  "Software—Application": 1.3,
  "Internet & Direct Marketing Retail": 1.3,
  Financials: 0.2,
  Utilities: 0.2,
  "Real Estate": 0.3,
  "Consumer Staples": 0.5,
};

export interface SymbolProfile {
  info: SymbolInfo;
  /** Generation order; seeds the symbol's own random stream. */
  index: number;
  /** SPY and the sector ETFs: a complete, gap-free history. */
  fixed: boolean;
  /** Indices into SECTORS and the flat industry list; -1 when the symbol carries none. */
  sector: number;
  sectorIndustry: number;
  industry: number;
  beta: number;
  sectorLoad: number;
  industryLoad: number;
  /** Daily idiosyncratic volatility (for an ETF: tracking error plus what it holds beyond equities). */
  idioVol: number;
  /** Daily log drift, and the daily sd of the slowly wandering part of it (trends). */
  drift: number;
  driftVol: number;
  leverage: number;
  price0: number;
  /** Shares outstanding (stocks only; 0 for ETFs). */
  shares: number;
  logVolume: number;
  volumeNoise: number;
  /** Axis indices of the first and last bar, inclusive: IPOs start late, delistings end early. */
  start: number;
  end: number;
  ipo: boolean;
  missingRate: number;
  haltRate: number;
  zeroVolumeRate: number;
  /** Trading day of the quarter it reports on (-1: never), and the sd of its earnings gap. */
  earningsDay: number;
  earningsVol: number;
  /** Day a takeover is announced (-1: none), and the premium as a log return. */
  acquisitionDay: number;
  acquisitionPremium: number;
  /** Delisted for distress: sinks in its last months. */
  distressed: boolean;
  /** A penny / micro-cap name: erratic, often unprofitable. */
  micro: boolean;
  /**
   * Log price below which buyers step in (about a $10M market cap, or 5% of the first
   * price): without it the most volatile names decay to nothing within two years.
   */
  supportLog: number;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function base(index: number, info: SymbolInfo, days: number): SymbolProfile {
  return {
    info,
    index,
    fixed: false,
    sector: -1,
    sectorIndustry: -1,
    industry: -1,
    beta: 1,
    sectorLoad: 0,
    industryLoad: 0,
    idioVol: 0,
    drift: 0,
    driftVol: 0,
    leverage: 1,
    price0: 1,
    shares: 0,
    logVolume: 0,
    volumeNoise: 0.3,
    start: 0,
    end: days - 1,
    ipo: false,
    missingRate: 0,
    haltRate: 0,
    zeroVolumeRate: 0,
    earningsDay: -1,
    earningsVol: 0,
    acquisitionDay: -1,
    acquisitionPremium: 0,
    distressed: false,
    micro: false,
    supportLog: Number.NEGATIVE_INFINITY,
  };
}

export function planUniverse(symbols: number, days: number, seed: number): SymbolProfile[] {
  const registry = new NameRegistry();
  const etfCount = Math.max(1 + SECTORS.length, Math.round(symbols * 0.1));
  const stockCount = symbols - etfCount;
  const out: SymbolProfile[] = [];

  // Fixed ETFs first, so generated tickers can never take their names.
  registry.reserve(MARKET_ETF.symbol, MARKET_ETF.name);
  for (const s of SECTORS) registry.reserve(s.etf, sectorEtfName(s.name));
  const spy = base(0, etfInfo(MARKET_ETF.symbol, MARKET_ETF.name, "Broad Market", "NYSE Arca"), days);
  Object.assign(spy, {
    fixed: true,
    idioVol: 0.004 / Math.sqrt(YEAR),
    price0: MARKET_ETF.price,
    logVolume: Math.log(MARKET_ETF.volume),
    volumeNoise: 0.2,
  });
  out.push(spy);
  SECTORS.forEach((s, k) => {
    const p = base(out.length, etfInfo(s.etf, sectorEtfName(s.name), "Sector Equity", "NYSE Arca"), days);
    Object.assign(p, {
      fixed: true,
      sector: k,
      beta: s.beta,
      sectorLoad: 1,
      idioVol: 0.012 / Math.sqrt(YEAR),
      price0: s.etfPrice,
      logVolume: Math.log(sectorEtfVolume(s.etf)),
      volumeNoise: 0.25,
    });
    out.push(p);
  });

  const rng = new Rng(deriveSeed(seed, STREAM.universe));
  for (let i = 0; i < stockCount; i++) out.push(planStock(out.length, days, rng, registry));
  for (let i = out.length; i < symbols; i++) out.push(planEtf(out.length, days, rng, registry));
  return out;
}

function etfInfo(symbol: string, name: string, category: string, exchange: string): SymbolInfo {
  return { symbol, name, type: "etf", exchange, sector: "ETF", industry: category };
}

function listingWindow(p: SymbolProfile, rng: Rng, days: number, ipoShare: number, delistShare: number): void {
  if (days >= 60 && rng.chance(ipoShare)) {
    p.ipo = true;
    p.start = rng.between(1, days - 20);
  }
  if (rng.chance(delistShare) && p.start + 20 <= days - 2) p.end = rng.between(p.start + 20, days - 2);
}

function planStock(index: number, days: number, rng: Rng, registry: NameRegistry): SymbolProfile {
  const sectorIdx = rng.weighted(SECTORS.map((s) => s.weight));
  const sector = SECTORS[sectorIdx] ?? (SECTORS[0] as (typeof SECTORS)[number]);
  const indIdx = rng.weighted(sector.industries.map((d) => d.weight));
  const ind = sector.industries[indIdx] ?? (sector.industries[0] as (typeof sector.industries)[number]);

  const micro = rng.chance(0.045 * (PENNY_PRONE[ind.name] ?? PENNY_PRONE[sector.name] ?? 1));
  const highPriced = !micro && rng.chance(0.0025);
  let log10Cap = micro ? 7.2 + 1.1 * rng.uniform() : clamp(9.1 + 0.95 * rng.normal(), 7.5, 12.3);
  if (highPriced) log10Cap = Math.max(log10Cap, 9.5 + rng.uniform());
  const cap = 10 ** log10Cap;
  let price: number;
  if (micro) price = clamp(rng.lognormal(0.55, 0.75), 0.05, 6);
  else if (highPriced) price = clamp(rng.lognormal(1400, 0.45), 700, 6000);
  // Bigger companies tend to trade at higher prices, but the spread is wide.
  else price = clamp(Math.exp(Math.log(25) + 0.3 * (Math.log(cap) - Math.log(1.26e9)) + 0.8 * rng.normal()), 0.5, 950);

  const { name, root, word } = registry.companyName(rng, ind.words);
  const exchange = stockExchange(rng, micro, highPriced, sector.name, log10Cap);
  const tickerLength = tickerLengthFor(rng, exchange, log10Cap);
  const symbol = registry.ticker(rng, tickerLength, root, word);
  const p = base(index, { symbol, name, type: "stock", exchange, sector: sector.name, industry: ind.name }, days);

  // Large caps are diversified businesses; small and penny names move mostly on their own news.
  let idioAnnual = 0.16 * (cap / 1e11) ** -0.15 * sector.idioMult * ind.idioMult * Math.exp(0.25 * rng.normal());
  if (micro) idioAnnual *= 1.35;
  idioAnnual = clamp(idioAnnual, 0.12, 1.5);

  p.sector = sectorIdx;
  p.sectorIndustry = indIdx;
  p.industry = industryIndex(sectorIdx, indIdx);
  p.beta = clamp((sector.beta + 0.25 * rng.normal()) * (micro ? 0.6 : 1), 0.1, 2.5);
  p.sectorLoad = clamp(1 + 0.3 * rng.normal(), 0.2, 2);
  p.industryLoad = clamp(1 + 0.25 * rng.normal(), 0.2, 2);
  p.idioVol = idioAnnual / Math.sqrt(YEAR);
  // Partial volatility drag: the most volatile names bleed, as real ones tend to.
  p.drift = (0.03 + 0.1 * rng.normal() - 0.2 * idioAnnual * idioAnnual) / YEAR;
  p.driftVol = ((0.2 + 0.3 * idioAnnual) / YEAR) * Math.sqrt(1 - 0.99 * 0.99);
  p.micro = micro;

  listingWindow(p, rng, days, 0.06, 0.045);
  if (p.ipo) {
    // An IPO comes at an offer price in the teens to twenties, at a small-to-mid size.
    price = clamp(rng.lognormal(18, 0.45), 4, 80);
    log10Cap = clamp(8.7 + 0.6 * rng.normal(), 7.8, 10.8);
  }
  p.price0 = price;
  p.shares = Math.round(10 ** log10Cap / price);
  p.supportLog = Math.log(price) + Math.log(Math.min(1, Math.max(0.05, 1e7 / 10 ** log10Cap)));

  const thin = !p.ipo && !micro && log10Cap < 8.7 && rng.chance(0.12);
  let turnover: number;
  if (thin) turnover = rng.lognormal(0.00015, 0.6);
  else if (micro) turnover = rng.lognormal(0.02, 1);
  else turnover = rng.lognormal(0.005, 0.6) * (idioAnnual / 0.35) ** 0.6;
  p.logVolume = Math.log(Math.max(50, p.shares * turnover));
  p.volumeNoise = thin ? 0.6 : micro ? 0.45 : 0.3;
  p.missingRate = thin ? 0.004 + 0.01 * rng.uniform() : micro ? 0.0006 : 0.0001;
  p.haltRate = micro ? 0.0002 : 0.00002;
  p.zeroVolumeRate = thin ? 0.03 + 0.06 * rng.uniform() : 0;

  p.earningsDay = rng.between(10, 35);
  p.earningsVol = clamp(3 * p.idioVol, 0.02, 0.15) * (ind.name === "Biotechnology" ? 1.3 : 1);

  if (p.end < days - 1) {
    if (p.end - p.start > 45 && rng.chance(0.5)) {
      p.acquisitionDay = p.end - rng.between(10, 40);
      p.acquisitionPremium = Math.log(1.15 + 0.35 * rng.uniform());
    } else p.distressed = true;
  }
  return p;
}

function stockExchange(rng: Rng, micro: boolean, highPriced: boolean, sector: string, log10Cap: number): string {
  if (micro) return rng.chance(0.7) ? "NASDAQ" : "AMEX";
  if (highPriced) return rng.chance(0.6) ? "NYSE" : "NASDAQ";
  const techy = sector === "Information Technology" || sector === "Health Care" || sector === "Communication Services";
  const nyse = techy ? 0.22 : log10Cap > 10 ? 0.65 : 0.5;
  const x = rng.uniform();
  if (x < nyse) return "NYSE";
  return x < 0.95 ? "NASDAQ" : "AMEX";
}

/** NYSE names mostly have 1–3 letters (the biggest sometimes one or two), Nasdaq names four. */
function tickerLengthFor(rng: Rng, exchange: string, log10Cap: number): number {
  const x = rng.uniform();
  if (exchange === "NASDAQ") return x < 0.08 ? 3 : x < 0.97 ? 4 : 5;
  if (exchange === "NYSE" && log10Cap > 10.5 && x < 0.25) return x < 0.05 ? 1 : 2;
  if (exchange === "NYSE") return x < 0.75 ? 3 : x < 0.93 ? 4 : 2;
  return x < 0.6 ? 3 : 4;
}

function planEtf(index: number, days: number, rng: Rng, registry: NameRegistry): SymbolProfile {
  const t: EtfTheme = rng.pick(ETF_THEMES);
  const name = registry.etfName(rng, t.theme);
  const symbol = registry.ticker(rng, rng.chance(0.6) ? 3 : 4);
  const exchange = rng.chance(0.85) ? "NYSE Arca" : "NASDAQ";
  const p = base(index, etfInfo(symbol, name, t.category, exchange), days);
  const sectorDef = SECTORS[t.sector];
  const indIdx = sectorDef && t.industry ? sectorDef.industries.findIndex((d) => d.name === t.industry) : -1;
  p.sector = t.sector;
  p.sectorIndustry = indIdx;
  p.industry = indIdx >= 0 ? industryIndex(t.sector, indIdx) : -1;
  p.beta = t.beta;
  p.sectorLoad = t.sectorLoad;
  p.industryLoad = indIdx >= 0 ? 1 : 0;
  const tracking = 0.01 + 0.02 * rng.uniform();
  p.idioVol = Math.sqrt(t.ownVol * t.ownVol + tracking * tracking) / Math.sqrt(YEAR);
  // Fees are the only drift an equity ETF adds to its index; bond and gold funds earn carry.
  p.drift = ((t.carry ?? 0) - 0.002 * Math.abs(t.leverage)) / YEAR;
  p.driftVol = (0.02 / YEAR) * Math.sqrt(1 - 0.99 * 0.99);
  p.leverage = t.leverage;
  p.price0 = clamp(rng.lognormal(t.price, 0.35), 3, 800);
  // Most ETFs barely trade; a few are among the busiest tickers in the market.
  const thin = rng.chance(0.12);
  p.logVolume = thin ? Math.log(rng.lognormal(3000, 0.8)) : Math.log(rng.lognormal(t.volume, 1.3) * 0.15);
  p.volumeNoise = thin ? 0.6 : 0.3;
  p.missingRate = thin ? 0.002 : 0.00005;
  p.zeroVolumeRate = thin ? 0.03 : 0;
  listingWindow(p, rng, days, 0.05, 0.02);
  return p;
}
