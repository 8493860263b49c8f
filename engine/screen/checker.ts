// ScreenAst -> TypedScreen: resolves every name, checks types and arguments, fills in
// indicator defaults, and computes each node's canonical key and lookback. All user
// mistakes become ScreenErrors pointing at the offending text.

import {
  IndicatorRequestError,
  columnName,
  editDistance,
  findIndicator,
  resolveRequest,
} from "../indicators/registry.ts";
import { isFundamentalField } from "../snapshot/fundamentals.ts";
import type { Expr, ScreenAst } from "./ast.ts";
import { ScreenError, type Span } from "./errors.ts";
import { CROSS_FUNCTIONS, MATH_FUNCTIONS, WINDOW_FUNCTIONS, indicatorFunction, knownNames } from "./functions.ts";
import { SCREEN_LIMITS } from "./limits.ts";
import { KEYWORDS } from "./parser.ts";
import { printKey } from "./print.ts";
import {
  type CompareOp,
  type CrossOp,
  type MathOp,
  PRICE_FIELDS,
  type PriceFieldName,
  TEXT_FIELDS,
  type TNode,
  type TextFieldName,
  type TypedScreen,
  type TypedShowItem,
  type ValueType,
  type WindowOp,
} from "./typed.ts";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Draft = DistributiveOmit<TNode, "key">;

/** Completes a node: its key is its canonical text. */
function node(draft: Draft): TNode {
  const n = draft as TNode & { key: string };
  n.key = printKey(n);
  return n;
}

const describe = (t: ValueType) => (t === "bool" ? "true/false" : t === "text" ? "text" : "a number");

export function checkScreen(ast: ScreenAst): TypedScreen {
  const where = ast.where ? expectType(check(ast.where), "bool", ast.where.span, "the screen's condition") : null;
  const sort = ast.sort
    ? {
        expr: expectType(check(ast.sort.expr), "number", ast.sort.expr.span, "`sort by`"),
        descending: ast.sort.descending,
      }
    : null;
  if (ast.show.length > SCREEN_LIMITS.maxShow)
    throw new ScreenError("limit", `\`show\` lists ${ast.show.length} columns; the limit is ${SCREEN_LIMITS.maxShow}`, {
      start: ast.show[SCREEN_LIMITS.maxShow]?.expr.span.start ?? 0,
      end: ast.show[ast.show.length - 1]?.expr.span.end ?? 0,
    });
  const names = new Set<string>();
  const show: TypedShowItem[] = ast.show.map((item) => {
    const expr = check(item.expr);
    const name = item.name ?? defaultColumnName(expr);
    if (names.has(name))
      throw new ScreenError(
        "argument",
        `two shown columns are named \`${name}\`; name one with \`as\``,
        item.nameSpan ?? item.expr.span,
      );
    names.add(name);
    return { name, expr };
  });
  const indicators = new Set<string>();
  const collect = (n: TNode) => visit(n, (x) => x.kind === "indicator" && indicators.add(x.column));
  if (where) collect(where);
  if (sort) collect(sort.expr);
  for (const s of show) collect(s.expr);
  if (indicators.size > SCREEN_LIMITS.maxIndicators)
    throw new ScreenError(
      "limit",
      `the screen uses ${indicators.size} different indicators; the limit is ${SCREEN_LIMITS.maxIndicators}`,
      { start: 0, end: 0 },
    );
  return { where, sort, top: ast.top?.value ?? null, show };
}

/** Calls `fn` on every node of the tree, parents before children. */
export function visit(n: TNode, fn: (n: TNode) => unknown): void {
  fn(n);
  switch (n.kind) {
    case "neg":
    case "not":
    case "lag":
    case "cross":
    case "in":
      visit(n.arg, fn);
      break;
    case "arith":
    case "compare":
    case "logic":
      visit(n.left, fn);
      visit(n.right, fn);
      break;
    case "window":
    case "math":
      for (const a of n.args) visit(a, fn);
      break;
    default:
      break;
  }
}

/**
 * The name of a shown column without `as`: the field or indicator column it is, else its
 * canonical text folded into an identifier (`count(close > open, 20)` -> `count_close_open_20`),
 * so the canonical screen, which writes every name out, still parses.
 */
function defaultColumnName(expr: TNode): string {
  if (expr.kind === "indicator") return expr.column;
  if (expr.kind === "price" || expr.kind === "text" || expr.kind === "fundamental") return expr.field;
  const folded =
    expr.key
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "column";
  const name = /^[a-z_]/.test(folded) ? folded : `c_${folded}`;
  return KEYWORDS.has(name) ? `${name}_` : name;
}

function expectType(n: TNode, type: ValueType, span: Span, where: string): TNode {
  if (n.type === type) return n;
  const hint = type === "bool" && n.type === "number" ? `; compare it with something, e.g. \`${n.key} > 0\`` : "";
  throw new ScreenError(
    "type",
    `${where} must be ${describe(type)}, but \`${n.key}\` is ${describe(n.type)}${hint}`,
    span,
  );
}

function check(e: Expr): TNode {
  switch (e.kind) {
    case "number":
      if (!Number.isFinite(e.value)) throw new ScreenError("argument", "number out of range", e.span);
      return node({ kind: "const", value: e.value, type: "number", lookback: 0, cross: false, span: e.span });
    case "string":
      return node({ kind: "const", value: e.value, type: "text", lookback: 0, cross: false, span: e.span });
    case "bool":
      return node({ kind: "const", value: e.value, type: "bool", lookback: 0, cross: false, span: e.span });
    case "name":
      return checkName(e.name, e.span);
    case "call":
      return checkCall(e.name, e.args, e.span, e.nameSpan);
    case "neg": {
      const arg = expectType(check(e.arg), "number", e.arg.span, "`-`");
      return node({ kind: "neg", arg, type: "number", lookback: arg.lookback, cross: arg.cross, span: e.span });
    }
    case "not": {
      const arg = expectType(check(e.arg), "bool", e.arg.span, "`not`");
      return node({ kind: "not", arg, type: "bool", lookback: arg.lookback, cross: arg.cross, span: e.span });
    }
    case "binary": {
      const left = check(e.left);
      const right = check(e.right);
      const lookback = Math.max(left.lookback, right.lookback);
      const cross = left.cross || right.cross;
      if (e.op === "and" || e.op === "or") {
        expectType(left, "bool", e.left.span, `the left side of \`${e.op}\``);
        expectType(right, "bool", e.right.span, `the right side of \`${e.op}\``);
        return node({ kind: "logic", op: e.op, left, right, type: "bool", lookback, cross, span: e.span });
      }
      if (e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/") {
        expectType(left, "number", e.left.span, `the left side of \`${e.op}\``);
        expectType(right, "number", e.right.span, `the right side of \`${e.op}\``);
        return node({ kind: "arith", op: e.op, left, right, type: "number", lookback, cross, span: e.span });
      }
      const op = e.op as CompareOp;
      if (left.type === "bool" || right.type === "bool") {
        if (!(left.type === "bool" && right.type === "bool" && (op === "==" || op === "!=")))
          throw new ScreenError(
            "type",
            `\`${op}\` cannot compare true/false values; combine conditions with \`and\`/\`or\``,
            e.span,
          );
      } else if (left.type !== right.type) {
        throw new ScreenError(
          "type",
          `cannot compare ${describe(left.type)} (\`${left.key}\`) with ${describe(right.type)} (\`${right.key}\`)`,
          e.span,
        );
      } else if (left.type === "text" && op !== "==" && op !== "!=") {
        throw new ScreenError("type", `text can only be compared with \`==\` or \`!=\` (or \`in\`)`, e.span);
      }
      return node({ kind: "compare", op, left, right, type: "bool", lookback, cross, span: e.span });
    }
    case "between": {
      // x between a and b  ==  x >= a and x <= b (inclusive), written once so x is evaluated once.
      const arg = expectType(check(e.arg), "number", e.arg.span, "the value before `between`");
      const low = expectType(check(e.low), "number", e.low.span, "the lower bound of `between`");
      const high = expectType(check(e.high), "number", e.high.span, "the upper bound of `between`");
      const lookback = Math.max(arg.lookback, low.lookback, high.lookback);
      const cross = arg.cross || low.cross || high.cross;
      const ge = node({
        kind: "compare",
        op: ">=",
        left: arg,
        right: low,
        type: "bool",
        lookback,
        cross,
        span: e.span,
      });
      const le = node({
        kind: "compare",
        op: "<=",
        left: arg,
        right: high,
        type: "bool",
        lookback,
        cross,
        span: e.span,
      });
      return node({ kind: "logic", op: "and", left: ge, right: le, type: "bool", lookback, cross, span: e.span });
    }
    case "in": {
      const arg = check(e.arg);
      if (arg.type === "bool") throw new ScreenError("type", "`in` needs a number or text on its left", e.arg.span);
      const values = e.values.map((v) => {
        if (arg.type === "text" && v.kind === "string") return v.value.toLowerCase();
        if (arg.type === "number" && v.kind === "number") return v.value;
        throw new ScreenError(
          "type",
          `the list after \`in\` must hold ${arg.type === "text" ? 'quoted text ("Technology")' : "numbers"}`,
          v.span,
        );
      });
      const sorted = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return node({
        kind: "in",
        arg,
        values: sorted,
        negated: e.negated,
        type: "bool",
        lookback: arg.lookback,
        cross: arg.cross,
        span: e.span,
      });
    }
    case "lag": {
      const arg = check(e.arg);
      noCross(arg, e.span, "`[n]`");
      const bars = constantInt(e.bars, 0, SCREEN_LIMITS.maxLookback, "the bars ago in `[n]`");
      if (bars === 0) return arg;
      return node({
        kind: "lag",
        arg,
        bars,
        type: arg.type,
        lookback: limitLookback(arg.lookback + bars, e.span),
        cross: false,
        span: e.span,
      });
    }
  }
}

function limitLookback(bars: number, span: Span): number {
  if (bars > SCREEN_LIMITS.maxLookback)
    throw new ScreenError(
      "limit",
      `this looks back ${bars} bars; the limit is ${SCREEN_LIMITS.maxLookback} (about 10 years of trading days)`,
      span,
    );
  return bars;
}

function noCross(arg: TNode, span: Span, what: string): void {
  if (arg.cross)
    throw new ScreenError(
      "type",
      `${what} cannot contain rank, percentile, zscore or sector_rank: they compare symbols on the evaluated day only`,
      span,
    );
}

function constantInt(e: Expr, min: number, max: number, what: string): number {
  if (e.kind !== "number" || !Number.isInteger(e.value) || e.value < min || e.value > max)
    throw new ScreenError("argument", `${what} must be a whole number from ${min} to ${max}`, e.span);
  return e.value;
}

function checkName(name: string, span: Span): TNode {
  if ((PRICE_FIELDS as readonly string[]).includes(name))
    return node({ kind: "price", field: name as PriceFieldName, type: "number", lookback: 0, cross: false, span });
  if ((TEXT_FIELDS as readonly string[]).includes(name))
    return node({ kind: "text", field: name as TextFieldName, type: "text", lookback: 0, cross: false, span });
  if (isFundamentalField(name))
    return node({ kind: "fundamental", field: name, type: "number", lookback: 0, cross: false, span });
  if (indicatorFunction(name)) return checkCall(name, [], span, span);
  if (name in WINDOW_FUNCTIONS || name in MATH_FUNCTIONS || name in CROSS_FUNCTIONS)
    throw new ScreenError("arity", `\`${name}\` is a function: write \`${signatureOf(name)}\``, span);
  throw new ScreenError("unknown_name", `unknown name \`${name}\`${suggestion(name)}`, span);
}

function signatureOf(name: string): string {
  return (
    WINDOW_FUNCTIONS[name as WindowOp]?.signature ??
    MATH_FUNCTIONS[name as MathOp]?.signature ??
    CROSS_FUNCTIONS[name as CrossOp]?.signature ??
    name
  );
}

function suggestion(name: string): string {
  // Also try the name without trailing parameters: `rsii_14` (a mistyped column name) -> `rsii`.
  const stems = [name, name.replace(/(_[0-9.]+)+$/, "")];
  let best = "";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const stem of stems) {
    const limit = Math.max(2, Math.floor(stem.length / 3)) + 1;
    for (const candidate of knownNames()) {
      const d = editDistance(stem, candidate);
      if (d < limit && d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
  }
  return best ? `; did you mean \`${best}\`?` : "";
}

function checkCall(name: string, args: readonly Expr[], span: Span, nameSpan: Span): TNode {
  const indicator = indicatorFunction(name);
  if (indicator) return checkIndicator(indicator, args, span);
  if (name in WINDOW_FUNCTIONS) return checkWindow(name as WindowOp, args, span);
  if (name in MATH_FUNCTIONS) return checkMath(name as MathOp, args, span);
  if (name in CROSS_FUNCTIONS) {
    if (args.length !== 1)
      throw new ScreenError("arity", `\`${name}\` takes one argument: \`${signatureOf(name)}\``, span);
    const arg = expectType(check(args[0] as Expr), "number", (args[0] as Expr).span, `the argument of \`${name}\``);
    noCross(arg, span, `\`${name}\``);
    return node({ kind: "cross", op: name as CrossOp, arg, type: "number", lookback: arg.lookback, cross: true, span });
  }
  if (
    (PRICE_FIELDS as readonly string[]).includes(name) ||
    isFundamentalField(name) ||
    (TEXT_FIELDS as readonly string[]).includes(name)
  )
    throw new ScreenError(
      "arity",
      `\`${name}\` is a field, not a function: write \`${name}\` or \`${name}[n]\` for n bars ago`,
      span,
    );
  const spec = findIndicator(name);
  if (spec)
    throw new ScreenError(
      "unknown_name",
      `\`${name}\` has several outputs; call one of ${spec.outputs.map((o) => `\`${o}\``).join(", ")}`,
      nameSpan,
    );
  throw new ScreenError("unknown_name", `unknown function \`${name}\`${suggestion(name)}`, nameSpan);
}

function checkIndicator(
  fn: NonNullable<ReturnType<typeof indicatorFunction>>,
  args: readonly Expr[],
  span: Span,
): TNode {
  const { spec, output } = fn;
  let rest = args;
  let source: PriceFieldName | undefined;
  const first = args[0];
  if (first && first.kind === "name" && (PRICE_FIELDS as readonly string[]).includes(first.name)) {
    if (!spec.sourceable)
      throw new ScreenError(
        "argument",
        `\`${fn.name}\` reads ${spec.reads.join(", ")} itself and takes no source series; its parameters are (${spec.params.map((p) => p.name).join(", ")})`,
        first.span,
      );
    source = first.name as PriceFieldName;
    rest = args.slice(1);
  } else if (first && first.kind !== "number") {
    throw new ScreenError(
      "argument",
      spec.sourceable
        ? `the first argument of \`${fn.name}\` is a price field (open, high, low, close, volume) or its first parameter (${spec.params[0]?.name ?? "none"}); indicators of other expressions are not supported yet — use average(x, n) for a moving average of any expression`
        : `\`${fn.name}\` takes numbers as parameters (${spec.params.map((p) => p.name).join(", ")})`,
      first.span,
    );
  }
  const signature = `${fn.name}(${spec.sourceable ? "[source], " : ""}${spec.params.map((p) => `${p.name} = ${p.default}`).join(", ")})`;
  if (rest.length > spec.params.length)
    throw new ScreenError(
      "arity",
      `\`${fn.name}\` takes ${spec.params.length === 0 ? "no parameters" : `at most ${spec.params.length} parameter${spec.params.length === 1 ? "" : "s"}`}: ${signature}`,
      span,
    );
  const params = rest.map((a, i) => {
    if (a.kind !== "number")
      throw new ScreenError(
        "argument",
        `the ${spec.params[i]?.name} of \`${fn.name}\` must be a number: ${signature}`,
        a.span,
      );
    return a.value;
  });
  let resolved: ReturnType<typeof resolveRequest>;
  try {
    resolved = resolveRequest({ name: spec.name, params, ...(source ? { source } : {}) }, [output]);
  } catch (error) {
    if (error instanceof IndicatorRequestError) throw new ScreenError("argument", error.message, span);
    throw error;
  }
  const column = columnName(spec, output, resolved.params, resolved.source);
  return node({ kind: "indicator", column, type: "number", lookback: 0, cross: false, span });
}

function checkWindow(op: WindowOp, args: readonly Expr[], span: Span): TNode {
  const sig = WINDOW_FUNCTIONS[op].signature;
  if (op === "crosses_above" || op === "crosses_below") {
    if (args.length !== 2) throw new ScreenError("arity", `\`${op}\` takes two arguments: \`${sig}\``, span);
    const a = expectType(check(args[0] as Expr), "number", (args[0] as Expr).span, `the first argument of \`${op}\``);
    const b = expectType(check(args[1] as Expr), "number", (args[1] as Expr).span, `the second argument of \`${op}\``);
    noCross(a, span, `\`${op}\``);
    noCross(b, span, `\`${op}\``);
    const lookback = limitLookback(Math.max(a.lookback, b.lookback) + 1, span);
    return node({ kind: "window", op, args: [a, b], bars: 1, type: "bool", lookback, cross: false, span });
  }
  const optionalBars = op === "change" || op === "pct_change";
  if (args.length !== 2 && !(optionalBars && args.length === 1))
    throw new ScreenError(
      "arity",
      `\`${op}\` takes ${optionalBars ? "one or two arguments" : "two arguments"}: \`${sig}\``,
      span,
    );
  const wantsBool = op === "within" || op === "count" || op === "in_a_row";
  const x = expectType(
    check(args[0] as Expr),
    wantsBool ? "bool" : "number",
    (args[0] as Expr).span,
    `the first argument of \`${op}\``,
  );
  noCross(x, span, `\`${op}\``);
  const bars = args[1] ? constantInt(args[1], 1, SCREEN_LIMITS.maxLookback, `the bars of \`${op}\``) : 1;
  const extra = optionalBars ? bars : bars - 1;
  const lookback = limitLookback(x.lookback + extra, span);
  const type: ValueType = op === "within" || op === "in_a_row" ? "bool" : "number";
  return node({ kind: "window", op, args: [x], bars, type, lookback, cross: false, span });
}

function checkMath(op: MathOp, args: readonly Expr[], span: Span): TNode {
  const sig = MATH_FUNCTIONS[op].signature;
  const variadic = op === "min" || op === "max";
  if (variadic ? args.length < 2 : args.length !== 1)
    throw new ScreenError(
      "arity",
      `\`${op}\` takes ${variadic ? "two or more arguments" : "one argument"}: \`${sig}\``,
      span,
    );
  const checked = args.map((a, i) => expectType(check(a), "number", a.span, `argument ${i + 1} of \`${op}\``));
  return node({
    kind: "math",
    op,
    args: checked,
    type: "number",
    lookback: Math.max(...checked.map((a) => a.lookback)),
    cross: checked.some((a) => a.cross),
    span,
  });
}
