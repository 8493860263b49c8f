// Fundamentals for a demo stock as of its last close, drawn from its industry's profile
// and made consistent with each other and with the price: market cap is close x shares,
// P/E, P/B and P/S divide that cap by earnings, book and sales, ROE is earnings over book.
// Small and penny companies lose money more often; winners over the window tend to be
// the growers.

import type { FundamentalValues } from "../snapshot/fundamentals.ts";
import type { Rng } from "./prng.ts";
import type { SymbolProfile } from "./profiles.ts";
import { fundamentalProfileOf } from "./sector-types.ts";
import { SECTORS } from "./sectors.ts";

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function stockFundamentals(p: SymbolProfile, lastClose: number, rng: Rng): FundamentalValues {
  const sector = SECTORS[p.sector];
  const ind = sector?.industries[p.sectorIndustry];
  if (!sector || !ind || !(lastClose > 0) || p.shares <= 0) return {};
  const f = fundamentalProfileOf(sector, ind);
  const years = Math.max(0.25, (p.end - p.start + 1) / 252);
  // How the stock did over the window: good performers tend to show better numbers.
  const perf = clamp(Math.log(lastClose / p.price0), -2.5, 2.5);
  const cap = lastClose * p.shares;
  const sizeZ = Math.log10(cap) - 9.3;
  const speculative = p.micro || ind.name === "Biotechnology";

  const lossProb = clamp(
    f.lossShare + (sizeZ < 0 ? -0.15 * sizeZ : -0.08 * sizeZ) + (p.micro ? 0.35 : 0) - 0.08 * perf,
    0.02,
    0.97,
  );
  const profitable = !rng.chance(lossProb);

  // Loss-makers are valued on hope: richer price/sales.
  let ps = f.ps * Math.exp(0.55 * rng.normal() + 0.25 * perf);
  if (!profitable) ps *= Math.exp(0.6 * Math.abs(rng.normal()));
  ps = clamp(ps, 0.05, 200);
  const revenue = cap / ps;

  const gross = clamp(f.grossMargin + 10 * rng.normal(), 3, 97);
  let operating: number;
  let net: number;
  if (profitable) {
    operating = Math.min(gross - 0.5, clamp(f.netMargin * Math.exp(0.5 * rng.normal()), 0.3, 60) * 1.3);
    net = operating * (0.65 + 0.2 * rng.uniform());
  } else {
    net = -clamp(rng.lognormal(speculative ? 30 : 12, 0.9), 0.5, 400);
    operating = net * (0.75 + 0.25 * rng.uniform());
  }
  const netIncome = (revenue * net) / 100;
  const rawEps = netIncome / p.shares;
  const eps = Math.abs(rawEps) >= 0.1 ? round2(rawEps) : Math.round(rawEps * 10000) / 10000;

  let pb = f.pb * Math.exp(0.45 * rng.normal() + 0.3 * perf);
  if (!profitable && p.micro) pb *= 0.6;
  pb = clamp(pb, 0.1, 80);
  const book = cap / pb;

  const ebitda = (revenue * (operating + f.daMargin * Math.exp(0.3 * rng.normal()))) / 100;
  const debtFree = rng.chance(speculative || sector.name === "Information Technology" ? 0.25 : 0.08);
  const debtToEquity = debtFree ? 0 : f.debtToEquity * Math.exp(0.6 * rng.normal());

  // Payers are established and profitable; REITs pay out of cash flow beyond earnings.
  const payProb = p.micro ? 0 : f.dividendShare * (sizeZ > 0 ? 1 : Math.exp(0.9 * sizeZ)) * (profitable ? 1 : 0.1);
  let dividendYield = 0;
  if (rng.chance(payProb)) {
    dividendYield = f.dividendYield * Math.exp(0.4 * rng.normal());
    const earningsYield = (100 * Math.max(0, eps)) / lastClose;
    if (sector.name !== "Real Estate" && profitable) dividendYield = Math.min(dividendYield, 0.95 * earningsYield);
    dividendYield = Math.max(0.05, dividendYield);
  }

  const growthSd = speculative ? 35 : 10;
  const revenueGrowth = clamp(f.revenueGrowth + (10 * perf) / years + growthSd * rng.t4(), -90, 500);
  const epsGrowth = profitable
    ? clamp(1.4 * revenueGrowth + 20 * rng.normal(), -95, 900)
    : clamp(30 * rng.normal(), -300, 300);

  return {
    market_cap: Math.round(cap),
    pe: eps > 0 ? round2(lastClose / eps) : Number.NaN,
    pb: round2(pb),
    ps: round2(ps),
    eps,
    roe: round2(clamp((netIncome / book) * 100, -300, 300)),
    gross_margin: round2(gross),
    operating_margin: round2(operating),
    net_margin: round2(net),
    revenue_growth: round2(revenueGrowth),
    eps_growth: round2(epsGrowth),
    debt_to_equity: round2(debtToEquity),
    dividend_yield: round2(dividendYield),
    book_value_per_share: Math.round((book / p.shares) * 10000) / 10000,
    ebitda: Math.round(ebitda),
  };
}
