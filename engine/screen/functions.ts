// Every name a screen can use, for the checker, the docs and the editor's autocomplete:
// fields, indicator functions (one per indicator output of the engine's registry) and the
// language's own functions.

import { indicatorSpecs } from "../indicators/registry.ts";
import { FUNDAMENTAL_FIELDS } from "../snapshot/fundamentals.ts";
import { PRICE_FIELDS, TEXT_FIELDS, type CrossOp, type MathOp, type WindowOp } from "./typed.ts";

export interface LanguageFunction {
  readonly name: string;
  readonly signature: string;
  readonly doc: string;
}

export const WINDOW_FUNCTIONS: Record<WindowOp, LanguageFunction> = {
  crosses_above: {
    name: "crosses_above",
    signature: "crosses_above(a, b)",
    doc: "true on the bar where a moves from at or below b to above it",
  },
  crosses_below: {
    name: "crosses_below",
    signature: "crosses_below(a, b)",
    doc: "true on the bar where a moves from at or above b to below it",
  },
  within: {
    name: "within",
    signature: "within(condition, n)",
    doc: "true if the condition held on any of the last n bars",
  },
  count: { name: "count", signature: "count(condition, n)", doc: "on how many of the last n bars the condition held" },
  in_a_row: {
    name: "in_a_row",
    signature: "in_a_row(condition, n)",
    doc: "true if the condition held on each of the last n bars",
  },
  highest: { name: "highest", signature: "highest(x, n)", doc: "largest value of x over the last n bars" },
  lowest: { name: "lowest", signature: "lowest(x, n)", doc: "smallest value of x over the last n bars" },
  average: { name: "average", signature: "average(x, n)", doc: "mean of x over the last n bars (any expression)" },
  change: { name: "change", signature: "change(x, n = 1)", doc: "x minus x n bars ago" },
  pct_change: { name: "pct_change", signature: "pct_change(x, n = 1)", doc: "percent change of x over n bars" },
};

export const MATH_FUNCTIONS: Record<MathOp, LanguageFunction> = {
  abs: { name: "abs", signature: "abs(x)", doc: "absolute value" },
  min: { name: "min", signature: "min(a, b, ...)", doc: "smallest of the arguments" },
  max: { name: "max", signature: "max(a, b, ...)", doc: "largest of the arguments" },
  log: { name: "log", signature: "log(x)", doc: "natural logarithm" },
  sqrt: { name: "sqrt", signature: "sqrt(x)", doc: "square root" },
};

export const CROSS_FUNCTIONS: Record<CrossOp, LanguageFunction> = {
  rank: {
    name: "rank",
    signature: "rank(x)",
    doc: "1 for the largest x among all symbols evaluated that day, 2 for the next (ties share a rank)",
  },
  percentile: {
    name: "percentile",
    signature: "percentile(x)",
    doc: "0 for the smallest x among all symbols that day, 100 for the largest (ties share the midpoint)",
  },
  zscore: {
    name: "zscore",
    signature: "zscore(x)",
    doc: "(x - mean) / standard deviation across all symbols that day",
  },
  sector_rank: {
    name: "sector_rank",
    signature: "sector_rank(x)",
    doc: "rank(x) among the symbols of the same sector (no value where the sector is unknown)",
  },
};

/** An indicator function: one output of an indicator of the engine's catalog. */
export interface IndicatorFunction {
  readonly name: string;
  readonly spec: ReturnType<typeof indicatorSpecs>[number];
  readonly output: number;
}

let indicatorFunctions: Map<string, IndicatorFunction> | null = null;

export function indicatorFunction(name: string): IndicatorFunction | undefined {
  if (!indicatorFunctions) {
    indicatorFunctions = new Map();
    for (const spec of indicatorSpecs())
      spec.outputs.forEach((out, output) => indicatorFunctions?.set(out, { name: out, spec, output }));
  }
  return indicatorFunctions.get(name);
}

/** Every name the language knows, for "did you mean" and autocomplete. */
export function knownNames(): string[] {
  return [
    ...PRICE_FIELDS,
    ...TEXT_FIELDS,
    ...FUNDAMENTAL_FIELDS,
    ...indicatorSpecs().flatMap((s) => s.outputs),
    ...Object.keys(WINDOW_FUNCTIONS),
    ...Object.keys(MATH_FUNCTIONS),
    ...Object.keys(CROSS_FUNCTIONS),
  ];
}
