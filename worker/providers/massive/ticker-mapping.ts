// Turns Massive's reference-ticker codes into the words Technic shows: security type
// (stock or ETF) and a readable exchange name in place of the ISO 10383 MIC.

import type { SecurityKind } from "./schemas.ts";

/** Exchange-traded products: funds, notes, vehicles and other trusts all trade like ETFs. */
const ETF_TYPES = new Set(["ETF", "ETN", "ETV", "ETS"]);

const EXCHANGE_NAMES: Readonly<Record<string, string>> = {
  XNYS: "NYSE",
  XNAS: "NASDAQ",
  XASE: "AMEX",
  ARCX: "NYSE Arca",
  BATS: "Cboe BZX",
};

/** CS, ADRC, PFD, WARRANT, missing, ... are all "stock": Technic only distinguishes ETFs. */
export function securityKind(massiveType: string | undefined): SecurityKind {
  return massiveType !== undefined && ETF_TYPES.has(massiveType.toUpperCase()) ? "etf" : "stock";
}

/** A readable exchange for a MIC; an unknown MIC is shown as is, a missing one as "". */
export function exchangeName(mic: string | undefined): string {
  if (mic === undefined) return "";
  return EXCHANGE_NAMES[mic.toUpperCase()] ?? mic;
}
