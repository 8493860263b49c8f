// The demo's ETFs: SPY on the market factor, the eleven Select-Sector-style ETFs on their
// sector factors, and themes for the rest (size and style, industries, bonds,
// commodities, international, leveraged and inverse), each defined by what it holds.

import { SECTORS } from "./sectors.ts";

export interface EtfTheme {
  /** Theme as it appears in the fund name: "Small Cap", "3x Semiconductor Bull". */
  readonly theme: string;
  /** What the snapshot shows as the ETF's industry. */
  readonly category: string;
  /** Market beta of the underlying index. */
  readonly beta: number;
  /** Sector whose factor the index also carries (-1: none), and how much of it. */
  readonly sector: number;
  readonly sectorLoad: number;
  /** Industry (by name within that sector) whose factor the index carries, if any. */
  readonly industry?: string;
  /** Annualised volatility of what the index holds beyond equity factors (rates, gold, foreign markets). */
  readonly ownVol: number;
  /** Daily leverage: 2 and 3 for bull funds, -1 and -3 for bear funds. */
  readonly leverage: number;
  /** Typical starting price and average daily volume. */
  readonly price: number;
  readonly volume: number;
  /** Log drift per year of what the index holds beyond equity factors (bond carry). */
  readonly carry?: number;
}

export const MARKET_ETF = { symbol: "SPY", name: "Demo Market Index ETF", price: 475, volume: 70e6 } as const;

/** Average daily volume of each sector ETF, by ticker (roughly the real ones'). */
const SECTOR_ETF_VOLUME: Readonly<Record<string, number>> = {
  XLK: 7e6,
  XLF: 40e6,
  XLV: 8e6,
  XLE: 16e6,
  XLI: 10e6,
  XLY: 4e6,
  XLP: 10e6,
  XLU: 12e6,
  XLB: 5e6,
  XLRE: 6e6,
  XLC: 5e6,
};

export function sectorEtfVolume(ticker: string): number {
  return SECTOR_ETF_VOLUME[ticker] ?? 5e6;
}

export function sectorEtfName(sectorName: string): string {
  return `Demo ${sectorName} Sector ETF`;
}

export const FIXED_ETF_TICKERS: readonly string[] = [MARKET_ETF.symbol, ...SECTORS.map((s) => s.etf)];

const S = Object.fromEntries(SECTORS.map((s, i) => [s.name, i])) as Record<string, number>;

function theme(
  name: string,
  category: string,
  beta: number,
  ownVol: number,
  price: number,
  volume: number,
  extra: Partial<EtfTheme> = {},
): EtfTheme {
  return { theme: name, category, beta, sector: -1, sectorLoad: 0, ownVol, leverage: 1, price, volume, ...extra };
}

function onSector(sector: string, sectorLoad: number, industry?: string): Partial<EtfTheme> {
  const base = { sector: S[sector] ?? -1, sectorLoad };
  return industry ? { ...base, industry } : base;
}

export const ETF_THEMES: readonly EtfTheme[] = [
  theme("Total Market", "Broad Market", 1, 0.01, 230, 3e6),
  theme("Large Cap", "Broad Market", 0.98, 0.01, 120, 2e6),
  theme("Small Cap", "Size & Style", 1.15, 0.08, 200, 20e6),
  theme("Mid Cap", "Size & Style", 1.08, 0.05, 260, 1.5e6),
  theme("Equal Weight", "Size & Style", 1, 0.04, 160, 6e6),
  theme("Growth", "Size & Style", 1.1, 0.03, 300, 1e6, onSector("Information Technology", 0.5)),
  theme("Value", "Size & Style", 0.9, 0.03, 170, 1e6, onSector("Financials", 0.4)),
  theme("Dividend", "Size & Style", 0.75, 0.03, 78, 3e6, onSector("Utilities", 0.4)),
  theme("Low Volatility", "Size & Style", 0.65, 0.03, 65, 1.5e6, onSector("Consumer Staples", 0.4)),
  theme("Momentum", "Size & Style", 1.1, 0.06, 180, 0.8e6),
  theme("Semiconductor", "Industry", 1.3, 0.02, 220, 6e6, onSector("Information Technology", 1, "Semiconductors")),
  theme("Biotech", "Industry", 0.9, 0.04, 90, 8e6, onSector("Health Care", 1, "Biotechnology")),
  theme("Regional Banks", "Industry", 1.1, 0.03, 50, 10e6, onSector("Financials", 1, "Banks—Regional")),
  theme("Homebuilders", "Industry", 1.2, 0.03, 95, 3e6, onSector("Consumer Discretionary", 1, "Homebuilding")),
  theme(
    "Oil & Gas Exploration",
    "Industry",
    0.9,
    0.03,
    140,
    4e6,
    onSector("Energy", 1, "Oil & Gas Exploration & Production"),
  ),
  theme("Gold Miners", "Industry", 0.5, 0.12, 32, 15e6, onSector("Materials", 1, "Gold")),
  theme("Clean Energy", "Industry", 1.2, 0.08, 14, 2e6, onSector("Utilities", 1, "Renewable Electricity")),
  theme(
    "Cybersecurity",
    "Industry",
    1.15,
    0.04,
    60,
    1e6,
    onSector("Information Technology", 1, "Software—Infrastructure"),
  ),
  theme("Treasury Bond", "Fixed Income", -0.05, 0.07, 95, 20e6, { carry: 0.03 }),
  theme("Short-Term Treasury", "Fixed Income", 0, 0.015, 50, 4e6, { carry: 0.045 }),
  theme("Corporate Bond", "Fixed Income", 0.1, 0.07, 108, 12e6, { carry: 0.04 }),
  theme("High Yield Bond", "Fixed Income", 0.25, 0.04, 78, 25e6, { carry: 0.05 }),
  theme("Gold Trust", "Commodity", 0.05, 0.15, 190, 8e6, { carry: 0.05 }),
  theme("Silver Trust", "Commodity", 0.2, 0.28, 22, 15e6),
  theme("Crude Oil", "Commodity", 0.3, 0.3, 70, 4e6, onSector("Energy", 0.5)),
  theme("International Developed", "International", 0.8, 0.09, 75, 10e6),
  theme("Emerging Markets", "International", 0.85, 0.13, 42, 25e6),
  theme("China Large-Cap", "International", 0.6, 0.28, 28, 30e6),
  theme("2x Market Bull", "Leveraged", 1, 0.005, 80, 5e6, { leverage: 2 }),
  theme("3x Market Bull", "Leveraged", 1, 0.005, 50, 40e6, { leverage: 3 }),
  theme("3x Market Bear", "Inverse", 1, 0.005, 12, 50e6, { leverage: -3 }),
  theme("Inverse Market", "Inverse", 1, 0.005, 40, 8e6, { leverage: -1 }),
  theme("2x Technology Bull", "Leveraged", 1.2, 0.01, 70, 3e6, {
    ...onSector("Information Technology", 1),
    leverage: 2,
  }),
  theme("3x Semiconductor Bull", "Leveraged", 1.3, 0.02, 30, 60e6, {
    ...onSector("Information Technology", 1, "Semiconductors"),
    leverage: 3,
  }),
  theme("3x Semiconductor Bear", "Inverse", 1.3, 0.02, 8, 40e6, {
    ...onSector("Information Technology", 1, "Semiconductors"),
    leverage: -3,
  }),
  theme("2x Biotech Bull", "Leveraged", 0.9, 0.04, 90, 1e6, {
    ...onSector("Health Care", 1, "Biotechnology"),
    leverage: 2,
  }),
];
