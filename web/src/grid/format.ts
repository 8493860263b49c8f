// Numbers as traders read them: percentages signed and colored, volumes and dollar volumes
// in K/M/B, prices with cents. The kind of a column comes from its name (the screen's
// `show … as` names and the indicator column scheme of docs/indicators.md), since values in
// percent units are already ×100 in the engine (roc, ret, gap, *_dist, drawdown, natr).

import type { Cell } from "../types.ts";

export type ColumnKind = "text" | "percent" | "compact" | "price" | "number";

const PERCENT =
  /(^|_)(mom|ret|roc|pct|gap|chg|change|perf|dist|drawdown|natr|realized_vol|rvol_pct|return|from_high|from_low|upside)(_|$|\d)/;
const COMPACT = /(volume|dollar|obv|market_cap|cap|shares|(^|_)ad($|_))/;
const PRICE =
  /^(close|open|high|low|price|sma|ema|wma|dema|tema|vwap|bb_upper|bb_middle|bb_lower|kc_|dc_|sar|supertrend|high_n|low_n|atr)/;

export function columnKind(name: string, sample: Cell): ColumnKind {
  if (typeof sample === "string") return "text";
  if (name === "close") return "price";
  if (PERCENT.test(name)) return "percent";
  if (COMPACT.test(name)) return "compact";
  if (PRICE.test(name)) return "price";
  return "number";
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });
const price = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const smallPrice = new Intl.NumberFormat("en-US", { minimumFractionDigits: 4, maximumFractionDigits: 4 });
const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatCell(value: Cell, kind: ColumnKind): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "—";
  switch (kind) {
    case "percent":
      return `${value > 0 ? "+" : ""}${value.toFixed(Math.abs(value) >= 100 ? 0 : 1)}%`;
    case "compact":
      return compact.format(value);
    case "price":
      return Math.abs(value) < 1 ? smallPrice.format(value) : price.format(value);
    default:
      return number.format(value);
  }
}

/** "up" / "down" for colored changes (percent columns only). */
export function changeClass(value: Cell, kind: ColumnKind): string {
  if (kind !== "percent" || typeof value !== "number" || !Number.isFinite(value) || value === 0) return "";
  return value > 0 ? "up" : "down";
}
