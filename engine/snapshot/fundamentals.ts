// The fundamentals a snapshot can carry, one float per symbol each (NaN where unknown).
// Units are what a screen author types: percentages as percent (roe 15 means 15%),
// money in US dollars.

export const FUNDAMENTAL_FIELDS = [
  "market_cap",
  "pe",
  "pb",
  "ps",
  "eps",
  "roe",
  "gross_margin",
  "operating_margin",
  "net_margin",
  "revenue_growth",
  "eps_growth",
  "debt_to_equity",
  "dividend_yield",
  "book_value_per_share",
  "ebitda",
] as const;

export type FundamentalField = (typeof FUNDAMENTAL_FIELDS)[number];

export const FUNDAMENTAL_DESCRIPTIONS: Record<FundamentalField, string> = {
  market_cap: "market capitalisation, USD",
  pe: "price / trailing earnings per share",
  pb: "price / book value per share",
  ps: "price / trailing sales per share",
  eps: "trailing earnings per share, USD",
  roe: "return on equity, percent",
  gross_margin: "gross margin, percent",
  operating_margin: "operating margin, percent",
  net_margin: "net margin, percent",
  revenue_growth: "revenue growth year over year, percent",
  eps_growth: "EPS growth year over year, percent",
  debt_to_equity: "total debt / shareholders' equity, ratio",
  dividend_yield: "dividend yield, percent",
  book_value_per_share: "book value per share, USD",
  ebitda: "EBITDA, trailing twelve months, USD",
};

export function isFundamentalField(name: string): name is FundamentalField {
  return (FUNDAMENTAL_FIELDS as readonly string[]).includes(name);
}

export type FundamentalValues = Partial<Record<FundamentalField, number>>;
