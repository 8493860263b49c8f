// The front door of the screen language: text (or the JSON form) -> a compiled screen that
// every backend runs. Compilation is pure and fast (well under a millisecond for the
// built-in screens; `npm run bench -- screens`), so hosts compile on every request and cache
// results by `canonical`.

import { checkScreen, visit } from "./checker.ts";
import { ScreenError } from "./errors.ts";
import type { Expr } from "./ast.ts";
import { parseColumn } from "../indicators/registry.ts";
import { parseExpression, parseScreen } from "./parser.ts";
import { printScreen } from "./print.ts";
import type { TNode, TypedScreen } from "./typed.ts";

export interface CompiledScreen {
  readonly typed: TypedScreen;
  /** Canonical text: equal screens have equal text (the cache key). */
  readonly canonical: string;
  /** Indicator columns the screen reads, sorted (the engine computes them in one batch pass). */
  readonly indicators: readonly string[];
  /** Bars of history before the evaluated day that the screen reads (lags and windows). */
  readonly lookback: number;
  /** Whether it ranks across symbols (rank, percentile, zscore, sector_rank). */
  readonly crossSectional: boolean;
}

export function compileScreen(text: string): CompiledScreen {
  return compileTyped(checkScreen(parseScreen(text)));
}

/**
 * Compiles a screen with extra shown columns (the API's `columns`): each is an expression
 * (`rsi(14)`, `close / sma(50)`) or an indicator column name (`rsi_14`, shown under that
 * name), appended after the screen's own `show` items.
 */
export function compileScreenWithColumns(text: string, columns: readonly string[]): CompiledScreen {
  const ast = parseScreen(text);
  const extra = columns.map((c) => {
    const expr = parseExpression(c);
    const bare = /^[a-z_][a-z0-9_.]*$/i.test(c.trim()) ? c.trim().toLowerCase() : null;
    return { expr: bare ? columnExpression(bare, expr) : expr, name: bare, nameSpan: null };
  });
  return compileTyped(checkScreen({ ...ast, show: [...ast.show, ...extra] }));
}

/** An indicator column name (`macd_signal_12_26_9`) as the call it names; anything else as parsed. */
function columnExpression(name: string, parsed: Expr): Expr {
  try {
    const r = parseColumn(name);
    const span = { start: 0, end: name.length };
    const args: Expr[] = r.params.map((value) => ({ kind: "number", value, span }));
    const fn = r.spec.outputs[r.outputs[0] ?? 0] as string;
    if (r.spec.sourceable && r.source !== "close") args.unshift({ kind: "name", name: r.source, span });
    return { kind: "call", name: fn, args, span, nameSpan: span };
  } catch {
    return parsed;
  }
}

export function compileTyped(typed: TypedScreen): CompiledScreen {
  const indicators = new Set<string>();
  let lookback = 0;
  let crossSectional = false;
  const roots: TNode[] = [
    ...(typed.where ? [typed.where] : []),
    ...(typed.sort ? [typed.sort.expr] : []),
    ...typed.show.map((s) => s.expr),
  ];
  for (const root of roots) {
    lookback = Math.max(lookback, root.lookback);
    crossSectional ||= root.cross;
    visit(root, (n) => n.kind === "indicator" && indicators.add(n.column));
  }
  return {
    typed,
    canonical: printScreen(typed),
    indicators: [...indicators].sort(),
    lookback,
    crossSectional,
  };
}

/** Compiles, or returns the ScreenError (never throws anything else for any input). */
export function tryCompileScreen(
  text: string,
): { ok: true; screen: CompiledScreen } | { ok: false; error: ScreenError } {
  try {
    return { ok: true, screen: compileScreen(text) };
  } catch (error) {
    if (error instanceof ScreenError) return { ok: false, error };
    throw error;
  }
}
