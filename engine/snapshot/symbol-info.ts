// What a snapshot knows about each symbol besides its bars.

export type SecurityType = "stock" | "etf";

export interface SymbolInfo {
  readonly symbol: string;
  readonly name: string;
  readonly type: SecurityType;
  readonly exchange: string;
  readonly sector: string;
  readonly industry: string;
}

/**
 * Tickers: upper-case letters and digits, with `.`, `-`, `/` or `_` separating a share
 * class or series (BRK-B, BF.B, ABR_A for a preferred). Lower case, spaces and other
 * punctuation are refused.
 */
const SYMBOL = /^[A-Z0-9][A-Z0-9.\-/_]{0,15}$/;

export function isValidSymbol(text: string): boolean {
  return SYMBOL.test(text);
}

export function defaultSymbolInfo(symbol: string): SymbolInfo {
  return { symbol, name: "", type: "stock", exchange: "", sector: "", industry: "" };
}
