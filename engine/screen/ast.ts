// The untyped syntax tree the parser produces (and the JSON form converts to). Every node
// keeps the span of text it came from, so later stages can point at it.

import type { Span } from "./errors.ts";

export type BinaryOp = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "and" | "or";

export type Expr =
  | { readonly kind: "number"; readonly value: number; readonly span: Span }
  | { readonly kind: "string"; readonly value: string; readonly span: Span }
  | { readonly kind: "bool"; readonly value: boolean; readonly span: Span }
  /** A bare name: a field (`close`, `sector`, `pe`) or a function called with its defaults (`rsi`). */
  | { readonly kind: "name"; readonly name: string; readonly span: Span }
  | {
      readonly kind: "call";
      readonly name: string;
      readonly args: readonly Expr[];
      readonly span: Span;
      readonly nameSpan: Span;
    }
  | { readonly kind: "neg"; readonly arg: Expr; readonly span: Span }
  | { readonly kind: "not"; readonly arg: Expr; readonly span: Span }
  | { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: "between"; readonly arg: Expr; readonly low: Expr; readonly high: Expr; readonly span: Span }
  | {
      readonly kind: "in";
      readonly arg: Expr;
      readonly values: readonly Expr[];
      readonly negated: boolean;
      readonly span: Span;
    }
  /** `x[n]`: x as it was n bars ago. */
  | { readonly kind: "lag"; readonly arg: Expr; readonly bars: Expr; readonly span: Span };

export interface ShowItem {
  readonly expr: Expr;
  /** The column name given with `as`, or null for a generated one. */
  readonly name: string | null;
  readonly nameSpan: Span | null;
}

export interface ScreenAst {
  readonly where: Expr | null;
  readonly sort: { readonly expr: Expr; readonly descending: boolean } | null;
  readonly top: { readonly value: number; readonly span: Span } | null;
  readonly show: readonly ShowItem[];
}

export const NO_SPAN: Span = { start: 0, end: 0 };

export function spanOf(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
