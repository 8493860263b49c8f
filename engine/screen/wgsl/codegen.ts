// Screen plan -> WGSL compute shader. One invocation per symbol evaluates the screen's roots
// (condition, sort key, shown columns — or, in a first pass, the arguments of cross-sectional
// functions) and writes each as (value, known) pairs.
//
// Inputs the host prepares (see shaders/screen-gpu.ts):
//   cube     f32  [leaf][symbol][lag]: every price field and indicator the screen reads, for
//                 the evaluated day (lag 0) and the `window - 1` days before it — only what the
//                 screen's lookback needs, not the whole history;
//   columns  f32  [column][symbol]: per-symbol values (fundamentals; text comparisons, which
//                 WGSL cannot do, evaluated by the host; cross-sectional values of pass one);
//   depth    i32  [symbol]: bars of the symbol's run before the evaluated day (-1 if none);
//   out      f32  [symbol][root][2]: value, known (1/0).
// Unknown (missing data) travels as an explicit flag beside every value, never as NaN:
// WGSL implementations may assume floats are finite. A missing input is any non-finite
// bit pattern, tested on the raw bits. Logic is Kleene's, exactly as the CPU backend's.

import type { TNode } from "../typed.ts";
import { formatNumber } from "../print.ts";

export type LeafInput =
  | { readonly kind: "price"; readonly field: "open" | "high" | "low" | "close" | "volume" }
  | { readonly kind: "indicator"; readonly column: string };

export type ColumnInput =
  | { readonly kind: "fundamental"; readonly field: string }
  /** A text comparison or `in` over text: the host evaluates it per symbol. */
  | { readonly kind: "text"; readonly node: TNode }
  /** A cross-sectional value computed by the host between the passes. */
  | { readonly kind: "cross"; readonly node: TNode };

export interface WgslProgram {
  readonly code: string;
  /** Days of history per cube row: the roots' lookback + 1. */
  readonly window: number;
  /** Cube rows in order; leaf 0 is always close (it decides whether a symbol has a bar). */
  readonly leaves: readonly LeafInput[];
  readonly columns: readonly ColumnInput[];
  readonly roots: readonly TNode[];
}

export const WORKGROUP_SIZE = 64;

function leafKey(l: LeafInput): string {
  return l.kind === "price" ? l.field : `indicator:${l.column}`;
}

/** f32 literal for a number (WGSL needs a decimal point or exponent). */
function f32(x: number): string {
  if (!Number.isFinite(x)) return "0.0";
  const text = formatNumber(Math.fround(x));
  return /[.e]/i.test(text) ? text : `${text}.0`;
}

export function generateWgsl(roots: readonly TNode[]): WgslProgram {
  const leaves: LeafInput[] = [{ kind: "price", field: "close" }];
  const leafIndex = new Map<string, number>([["close", 0]]);
  const columns: ColumnInput[] = [];
  const columnIndex = new Map<string, number>();
  const fnIndex = new Map<string, number>();
  const functions: string[] = [];
  let window = 1;
  for (const r of roots) window = Math.max(window, r.lookback + 1);

  const leaf = (l: LeafInput): number => {
    const key = leafKey(l);
    let i = leafIndex.get(key);
    if (i === undefined) {
      i = leaves.length;
      leaves.push(l);
      leafIndex.set(key, i);
    }
    return i;
  };
  const column = (c: ColumnInput): number => {
    const key = c.kind === "fundamental" ? `f:${c.field}` : `${c.kind}:${c.node.key}`;
    let i = columnIndex.get(key);
    if (i === undefined) {
      i = columns.length;
      columns.push(c);
      columnIndex.set(key, i);
    }
    return i;
  };

  /** Emits the function for node n (after its children) and returns its name. */
  const fn = (n: TNode): string => {
    const existing = fnIndex.get(n.key);
    if (existing !== undefined) return `node${existing}`;
    const body = emitBody(n);
    const id = functions.length;
    fnIndex.set(n.key, id);
    functions.push(`// ${n.key.replace(/\n/g, " ")}\nfn node${id}(s: u32, lag: u32) -> V {\n${body}\n}`);
    return `node${id}`;
  };

  const emitBody = (n: TNode): string => {
    switch (n.kind) {
      case "const": {
        const v = typeof n.value === "boolean" ? (n.value ? 1 : 0) : Number(n.value);
        return `  return V(${f32(v)}, present(s, lag));`;
      }
      case "price":
        return `  return leaf(${leaf({ kind: "price", field: n.field })}u, s, lag);`;
      case "indicator":
        return `  return leaf(${leaf({ kind: "indicator", column: n.column })}u, s, lag);`;
      case "fundamental":
        return `  let c = col(${column({ kind: "fundamental", field: n.field })}u, s);\n  return V(c.v, c.k && present(s, lag));`;
      case "text":
        throw new Error("text values are evaluated by the host");
      case "neg": {
        const a = fn(n.arg);
        return `  let a = ${a}(s, lag);\n  return V(-a.v, a.k);`;
      }
      case "not": {
        const a = fn(n.arg);
        return `  let a = ${a}(s, lag);\n  return V(1.0 - a.v, a.k);`;
      }
      case "arith": {
        const a = fn(n.left);
        const b = fn(n.right);
        const known = n.op === "/" ? "a.k && b.k && b.v != 0.0" : "a.k && b.k";
        return `  let a = ${a}(s, lag);\n  let b = ${b}(s, lag);\n  if (!(${known})) { return UNKNOWN; }\n  return V(a.v ${n.op} b.v, true);`;
      }
      case "compare": {
        if (n.left.type === "text") return `  return col(${column({ kind: "text", node: n })}u, s);`;
        const a = fn(n.left);
        const b = fn(n.right);
        return `  let a = ${a}(s, lag);\n  let b = ${b}(s, lag);\n  return V(select(0.0, 1.0, a.v ${n.op} b.v), a.k && b.k);`;
      }
      case "logic": {
        const a = fn(n.left);
        const b = fn(n.right);
        return `  return ${n.op}3(${a}(s, lag), ${b}(s, lag));`;
      }
      case "in": {
        if (n.arg.type === "text") return `  return col(${column({ kind: "text", node: n })}u, s);`;
        const a = fn(n.arg);
        const tests = (n.values as number[]).map((v) => `a.v == ${f32(v)}`).join(" || ");
        const hit = n.negated ? `!(${tests})` : `(${tests})`;
        return `  let a = ${a}(s, lag);\n  return V(select(0.0, 1.0, ${hit}), a.k);`;
      }
      case "lag":
        return `  return ${fn(n.arg)}(s, lag + ${n.bars}u);`;
      case "math": {
        const args = n.args.map(fn);
        if (n.op === "abs") return `  let a = ${args[0]}(s, lag);\n  return V(abs(a.v), a.k);`;
        if (n.op === "log")
          return `  let a = ${args[0]}(s, lag);\n  if (!(a.k && a.v > 0.0)) { return UNKNOWN; }\n  return V(log(a.v), true);`;
        if (n.op === "sqrt")
          return `  let a = ${args[0]}(s, lag);\n  if (!(a.k && a.v >= 0.0)) { return UNKNOWN; }\n  return V(sqrt(a.v), true);`;
        const lines = args.map((f, i) => `  let a${i} = ${f}(s, lag);`);
        const known = args.map((_, i) => `a${i}.k`).join(" && ");
        const value = args.slice(1).reduce((acc, _, i) => `${n.op}(${acc}, a${i + 1}.v)`, "a0.v");
        return `${lines.join("\n")}\n  if (!(${known})) { return UNKNOWN; }\n  return V(${value}, true);`;
      }
      case "cross":
        return `  return col(${column({ kind: "cross", node: n })}u, s);`;
      case "window":
        return emitWindow(n);
    }
  };

  const emitWindow = (n: Extract<TNode, { kind: "window" }>): string => {
    const x = fn(n.args[0] as TNode);
    switch (n.op) {
      case "crosses_above":
      case "crosses_below": {
        const y = fn(n.args[1] as TNode);
        const cmp = n.op === "crosses_above" ? "a.v > b.v && a1.v <= b1.v" : "a.v < b.v && a1.v >= b1.v";
        return `  let a = ${x}(s, lag);\n  let b = ${y}(s, lag);\n  let a1 = ${x}(s, lag + 1u);\n  let b1 = ${y}(s, lag + 1u);\n  return V(select(0.0, 1.0, ${cmp}), a.k && b.k && a1.k && b1.k);`;
      }
      case "change":
        return `  let a = ${x}(s, lag);\n  let b = ${x}(s, lag + ${n.bars}u);\n  if (!(a.k && b.k)) { return UNKNOWN; }\n  return V(a.v - b.v, true);`;
      case "pct_change":
        return `  let a = ${x}(s, lag);\n  let b = ${x}(s, lag + ${n.bars}u);\n  if (!(a.k && b.k && b.v != 0.0)) { return UNKNOWN; }\n  return V(100.0 * (a.v / b.v - 1.0), true);`;
      default:
        break;
    }
    const init: Record<string, string> = {
      within: "V(0.0, true)",
      in_a_row: "V(1.0, true)",
      count: "V(0.0, true)",
      highest: "V(-3.4e38, true)",
      lowest: "V(3.4e38, true)",
      average: "V(0.0, true)",
    };
    const step: Record<string, string> = {
      within: "acc = or3(acc, x);",
      in_a_row: "acc = and3(acc, x);",
      count: "if (x.k && x.v == 1.0) { acc.v = acc.v + 1.0; }",
      highest: "if (x.k) { acc.v = max(acc.v, x.v); seen = seen + 1.0; }",
      lowest: "if (x.k) { acc.v = min(acc.v, x.v); seen = seen + 1.0; }",
      average: "if (x.k) { acc.v = acc.v + x.v; seen = seen + 1.0; }",
    };
    const finish =
      n.op === "highest" || n.op === "lowest"
        ? "  return V(acc.v, seen > 0.0);"
        : n.op === "average"
          ? "  if (seen == 0.0) { return UNKNOWN; }\n  return V(acc.v / seen, true);"
          : "  return acc;";
    return [
      `  if (depth[s] < i32(lag + ${n.bars - 1}u) || !present(s, lag)) { return UNKNOWN; }`,
      `  var acc = ${init[n.op]};`,
      "  var seen = 0.0;",
      `  for (var j = 0u; j < ${n.bars}u; j = j + 1u) {`,
      `    let x = ${x}(s, lag + j);`,
      `    ${step[n.op]}`,
      "  }",
      finish,
    ].join("\n");
  };

  const rootFns = roots.map(fn);
  const code = `// Generated by engine/screen/wgsl/codegen.ts — one invocation per symbol.
struct Params { symbols: u32, window: u32, roots: u32, pad: u32 }
struct V { v: f32, k: bool }
const UNKNOWN = V(0.0, false);

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> cube: array<f32>;
@group(0) @binding(2) var<storage, read> columns: array<f32>;
@group(0) @binding(3) var<storage, read> depth: array<i32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

fn finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn leaf(i: u32, s: u32, lag: u32) -> V {
  let x = cube[(i * P.symbols + s) * P.window + lag];
  return V(x, finite(x));
}
fn present(s: u32, lag: u32) -> bool { return leaf(0u, s, lag).k; }
fn col(i: u32, s: u32) -> V {
  let x = columns[i * P.symbols + s];
  return V(x, finite(x));
}
fn and3(a: V, b: V) -> V {
  if ((a.k && a.v == 0.0) || (b.k && b.v == 0.0)) { return V(0.0, true); }
  if (a.k && b.k) { return V(1.0, true); }
  return UNKNOWN;
}
fn or3(a: V, b: V) -> V {
  if ((a.k && a.v == 1.0) || (b.k && b.v == 1.0)) { return V(1.0, true); }
  if (a.k && b.k) { return V(0.0, true); }
  return UNKNOWN;
}

${functions.join("\n\n")}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let s = id.x;
  if (s >= P.symbols) { return; }
${rootFns
  .map(
    (f, r) =>
      `  { let x = ${f}(s, 0u); out[(s * P.roots + ${r}u) * 2u] = select(0.0, x.v, x.k); out[(s * P.roots + ${r}u) * 2u + 1u] = select(0.0, 1.0, x.k); }`,
  )
  .join("\n")}
}
`;
  return { code, window, leaves, columns, roots };
}
