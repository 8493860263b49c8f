// Canonical text: one spelling for each meaning. Names lower-case, indicators with every
// parameter written out (`rsi(close, 14)` for `rsi`, `RSI(14)` and `rsi(close,14)`),
// `=` as `==`, text constants lower-case (text comparisons ignore case), `in` lists sorted
// and deduplicated, the fewest parentheses that keep the meaning, and the clauses in one
// order. Equal screens therefore print — and hash — equally (the edge cache keys on it).

import { indicatorFunction } from "./functions.ts";
import { parseColumn } from "../indicators/registry.ts";
import type { TNode, TypedScreen } from "./typed.ts";

const PRECEDENCE = {
  or: 1,
  and: 2,
  not: 3,
  compare: 4,
  additive: 5,
  multiplicative: 6,
  unary: 7,
  postfix: 8,
  atom: 9,
} as const;

function precedenceOf(n: TNode): number {
  switch (n.kind) {
    case "logic":
      return n.op === "or" ? PRECEDENCE.or : PRECEDENCE.and;
    case "not":
      return PRECEDENCE.not;
    case "compare":
    case "in":
      return PRECEDENCE.compare;
    case "arith":
      return n.op === "+" || n.op === "-" ? PRECEDENCE.additive : PRECEDENCE.multiplicative;
    case "neg":
      return PRECEDENCE.unary;
    case "lag":
      return PRECEDENCE.postfix;
    case "const":
      return typeof n.value === "number" && n.value < 0 ? PRECEDENCE.unary : PRECEDENCE.atom;
    default:
      return PRECEDENCE.atom;
  }
}

function wrap(n: TNode, min: number): string {
  const text = printKey(n);
  return precedenceOf(n) < min ? `(${text})` : text;
}

export function formatNumber(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

function quote(s: string): string {
  return s.includes('"') ? `'${s}'` : `"${s}"`;
}

/** The canonical text of one expression (also its identity in plans). */
export function printKey(n: TNode): string {
  switch (n.kind) {
    case "const":
      if (typeof n.value === "number") return formatNumber(n.value);
      if (typeof n.value === "boolean") return String(n.value);
      return quote(n.value.toLowerCase());
    case "price":
    case "text":
    case "fundamental":
      return n.field;
    case "indicator":
      return printIndicator(n.column);
    case "neg":
      return `-${wrap(n.arg, PRECEDENCE.unary)}`;
    case "not":
      return `not ${wrap(n.arg, PRECEDENCE.not)}`;
    case "arith": {
      const p = precedenceOf(n);
      // Left-associative: the right operand needs parentheses at equal precedence.
      return `${wrap(n.left, p)} ${n.op} ${wrap(n.right, p + 1)}`;
    }
    case "compare":
      return `${wrap(n.left, PRECEDENCE.additive)} ${n.op} ${wrap(n.right, PRECEDENCE.additive)}`;
    case "logic": {
      const p = precedenceOf(n);
      return `${wrap(n.left, p)} ${n.op} ${wrap(n.right, p + 1)}`;
    }
    case "in":
      return `${wrap(n.arg, PRECEDENCE.additive)} ${n.negated ? "not in" : "in"} (${n.values
        .map((v) => (typeof v === "number" ? formatNumber(v) : quote(v)))
        .join(", ")})`;
    case "lag":
      return `${wrap(n.arg, PRECEDENCE.postfix)}[${n.bars}]`;
    case "window":
      return `${n.op}(${[...n.args.map(printKey), ...(n.op === "crosses_above" || n.op === "crosses_below" ? [] : [String(n.bars)])].join(", ")})`;
    case "math":
      return `${n.op}(${n.args.map(printKey).join(", ")})`;
    case "cross":
      return `${n.op}(${printKey(n.arg)})`;
  }
}

function printIndicator(column: string): string {
  const r = parseColumn(column);
  const name = r.spec.outputs[r.outputs[0] ?? 0] as string;
  const fn = indicatorFunction(name);
  const args = [...(fn?.spec.sourceable ? [r.source] : []), ...r.params.map(formatNumber)];
  return `${name}(${args.join(", ")})`;
}

/** The canonical text of a whole screen. */
export function printScreen(s: TypedScreen): string {
  const parts: string[] = [];
  if (s.where) parts.push(printKey(s.where));
  if (s.sort) parts.push(`sort by ${printKey(s.sort.expr)}${s.sort.descending ? " desc" : ""}`);
  if (s.top !== null) parts.push(`top ${s.top}`);
  if (s.show.length > 0) parts.push(`show ${s.show.map((i) => `${printKey(i.expr)} as ${i.name}`).join(", ")}`);
  return parts.join(" ");
}
