// The typed tree: what the checker makes of the syntax tree. Names are resolved (a field,
// an indicator output with every parameter filled in, a function), types are known, and
// every node carries
//   - `key`: its canonical text — equal keys mean equal values, so the planner merges them
//     and equal screens print (and hash) equally;
//   - `lookback`: bars of history before the evaluated bar that it reads (lags, windows);
//   - `cross`: whether it contains a cross-sectional function (rank, percentile, ...).

import type { Span } from "./errors.ts";

export type ValueType = "number" | "bool" | "text";

export const PRICE_FIELDS = ["open", "high", "low", "close", "volume"] as const;
export type PriceFieldName = (typeof PRICE_FIELDS)[number];
export const TEXT_FIELDS = ["symbol", "name", "sector", "industry", "exchange", "type"] as const;
export type TextFieldName = (typeof TEXT_FIELDS)[number];

export type WindowOp =
  | "within"
  | "count"
  | "in_a_row"
  | "highest"
  | "lowest"
  | "change"
  | "pct_change"
  | "average"
  | "crosses_above"
  | "crosses_below";
export type MathOp = "abs" | "min" | "max" | "log" | "sqrt";
export type CrossOp = "rank" | "percentile" | "zscore" | "sector_rank";
export type ArithOp = "+" | "-" | "*" | "/";
export type CompareOp = "<" | "<=" | ">" | ">=" | "==" | "!=";

interface Base {
  readonly type: ValueType;
  readonly key: string;
  readonly lookback: number;
  readonly cross: boolean;
  readonly span: Span;
}

export type TNode =
  | (Base & { readonly kind: "const"; readonly value: number | string | boolean })
  | (Base & { readonly kind: "price"; readonly field: PriceFieldName })
  | (Base & { readonly kind: "text"; readonly field: TextFieldName })
  | (Base & { readonly kind: "fundamental"; readonly field: string })
  /** One output column of the indicator engine, by its column name (`sma_200`, `macd_signal_12_26_9`). */
  | (Base & { readonly kind: "indicator"; readonly column: string })
  | (Base & { readonly kind: "neg"; readonly arg: TNode })
  | (Base & { readonly kind: "not"; readonly arg: TNode })
  | (Base & { readonly kind: "arith"; readonly op: ArithOp; readonly left: TNode; readonly right: TNode })
  | (Base & { readonly kind: "compare"; readonly op: CompareOp; readonly left: TNode; readonly right: TNode })
  | (Base & { readonly kind: "logic"; readonly op: "and" | "or"; readonly left: TNode; readonly right: TNode })
  | (Base & {
      readonly kind: "in";
      readonly arg: TNode;
      readonly values: readonly (string | number)[];
      readonly negated: boolean;
    })
  | (Base & { readonly kind: "lag"; readonly arg: TNode; readonly bars: number })
  | (Base & { readonly kind: "window"; readonly op: WindowOp; readonly args: readonly TNode[]; readonly bars: number })
  | (Base & { readonly kind: "math"; readonly op: MathOp; readonly args: readonly TNode[] })
  | (Base & { readonly kind: "cross"; readonly op: CrossOp; readonly arg: TNode });

export interface TypedShowItem {
  readonly name: string;
  readonly expr: TNode;
}

export interface TypedScreen {
  readonly where: TNode | null;
  readonly sort: { readonly expr: TNode; readonly descending: boolean } | null;
  readonly top: number | null;
  readonly show: readonly TypedShowItem[];
}
