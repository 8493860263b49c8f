// Types of the demo's sector map and the helpers that keep its table compact.

export interface FundamentalProfile {
  /** Median gross margin, percent. */
  readonly grossMargin: number;
  /** Median net margin of the profitable ones, percent. */
  readonly netMargin: number;
  /** Share of mid-size companies that lose money (smaller ones lose money more often). */
  readonly lossShare: number;
  /** Median price/sales and price/book. */
  readonly ps: number;
  readonly pb: number;
  /** Median total debt / equity. */
  readonly debtToEquity: number;
  /** Share of established companies that pay a dividend, and the payers' median yield, percent. */
  readonly dividendShare: number;
  readonly dividendYield: number;
  /** Median revenue growth, percent per year. */
  readonly revenueGrowth: number;
  /** Depreciation and amortisation as percent of revenue (EBITDA = operating income + D&A). */
  readonly daMargin: number;
}

export interface IndustryDef {
  readonly name: string;
  /** Relative number of listed companies within the sector. */
  readonly weight: number;
  /** Annualised volatility of the industry's own factor, beyond market and sector. */
  readonly factorVol: number;
  /** Multiplier on the idiosyncratic volatility of its companies. */
  readonly idioMult: number;
  /** Words that make a company name sound like this industry. */
  readonly words: readonly string[];
  readonly fundamentals?: Partial<FundamentalProfile>;
}

export interface SectorDef {
  readonly name: string;
  /** The sector ETF that tracks this sector's factor. */
  readonly etf: string;
  /** Starting price of that ETF (close to its real counterpart's, so charts look familiar). */
  readonly etfPrice: number;
  readonly weight: number;
  /** Median market beta of the sector's stocks. */
  readonly beta: number;
  /** Annualised volatility of the sector factor (what the sector does beyond the market). */
  readonly factorVol: number;
  readonly idioMult: number;
  readonly fundamentals: FundamentalProfile;
  readonly industries: readonly IndustryDef[];
}

/** `words` is slash-separated ("Personal Care/Household") to keep each industry on one line. */
export function industry(
  name: string,
  weight: number,
  factorVol: number,
  idioMult: number,
  words: string,
  fundamentals?: Partial<FundamentalProfile>,
): IndustryDef {
  const list = words.split("/");
  return fundamentals
    ? { name, weight, factorVol, idioMult, words: list, fundamentals }
    : { name, weight, factorVol, idioMult, words: list };
}

export function sector(
  name: string,
  etf: string,
  etfPrice: number,
  weight: number,
  beta: number,
  factorVol: number,
  idioMult: number,
  fundamentals: FundamentalProfile,
  industries: IndustryDef[],
): SectorDef {
  return { name, etf, etfPrice, weight, beta, factorVol, idioMult, fundamentals, industries };
}

export function fp(
  grossMargin: number,
  netMargin: number,
  lossShare: number,
  ps: number,
  pb: number,
  debtToEquity: number,
  dividendShare: number,
  dividendYield: number,
  revenueGrowth: number,
  daMargin: number,
): FundamentalProfile {
  return {
    grossMargin,
    netMargin,
    lossShare,
    ps,
    pb,
    debtToEquity,
    dividendShare,
    dividendYield,
    revenueGrowth,
    daMargin,
  };
}

/** The sector's profile overlaid with the industry's differences. */
export function fundamentalProfileOf(sector: SectorDef, ind: IndustryDef): FundamentalProfile {
  return { ...sector.fundamentals, ...ind.fundamentals };
}
