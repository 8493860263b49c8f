// A second, deliberately naive implementation of the screen language's meaning, for
// differential tests of the CPU (and WGSL) backends: one symbol and one day at a time, by
// recursion over the typed tree, with scalar Kleene logic and cross-sectional functions
// done by sorting plain arrays. Indicator series come from the engine's PlanRunner run
// separately per symbol (the indicators themselves are tested against TA-Lib).

import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { visit } from "../../engine/screen/checker.ts";
import type { CompiledScreen } from "../../engine/screen/compile.ts";
import type { TNode } from "../../engine/screen/typed.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";

export interface ReferenceRow {
  readonly symbol: string;
  readonly sortKey: number | null;
  readonly values: (number | string | boolean | null)[];
}

type Sym = { table: BarTable; s: number; ind: Map<string, Float64Array> };

/**
 * `f32`: round every input and every intermediate to float32, as the WGSL backend computes
 * (cross-sectional values are ranked in float64 from float32 inputs and rounded, as its host
 * does) — the reference the GPU must match exactly.
 */
export function referenceEvaluate(
  screen: CompiledScreen,
  tables: readonly BarTable[],
  day: number,
  bench: Float64Array,
  options: { f32?: boolean } = {},
): { rows: ReferenceRow[]; evaluated: number; matched: number } {
  const r = options.f32 ? Math.fround : (x: number) => x;
  const syms: Sym[] = [];
  const plan = screen.indicators.length ? planIndicators([...screen.indicators]) : null;
  for (const table of tables)
    for (let s = 0; s < table.symbols.length; s++) {
      const ind = new Map<string, Float64Array>();
      if (plan) {
        const n = table.length[s] as number;
        const o = table.offset[s] as number;
        const runner = new PlanRunner(plan, n + 1);
        for (const f of ["open", "high", "low", "close", "volume"] as const)
          runner.input(f).set(Array.from(table[f].subarray(o, o + n)));
        const start = table.start[s] as number;
        runner.input("bench").set(bench.subarray(start, start + n));
        runner.batch(new Float64Array(plan.stateSize), 0, n);
        plan.columns.forEach((c, i) => ind.set(c.name, runner.column(i).slice(0, n)));
      }
      syms.push({ table, s, ind });
    }
  const present = (x: Sym, d: number) => cellValue(x, "close", d) === cellValue(x, "close", d);

  // Cross-sectional values, by node key, per symbol (index into syms).
  const cross = new Map<string, number[]>();
  const roots = [screen.typed.where, screen.typed.sort?.expr, ...screen.typed.show.map((s) => s.expr)];
  const crossNodes: Extract<TNode, { kind: "cross" }>[] = [];
  for (const r of roots) if (r) visit(r, (n) => n.kind === "cross" && crossNodes.push(n));
  for (const n of crossNodes) {
    const values = syms.map((x) => (present(x, day) ? num(n.arg, x, day) : Number.NaN));
    const groups = syms.map((x) => (x.table.symbols[x.s]?.sector ?? "").toLowerCase());
    cross.set(
      n.key,
      values.map((v, i) => {
        if (v !== v) return Number.NaN;
        const peers = values.filter(
          (w, j) => w === w && (n.op !== "sector_rank" || (groups[j] === groups[i] && groups[i] !== "")),
        );
        if (n.op === "sector_rank" && groups[i] === "") return Number.NaN;
        if (n.op === "rank" || n.op === "sector_rank") return 1 + peers.filter((w) => w > v).length;
        if (n.op === "percentile") {
          if (peers.length === 1) return 50;
          const below = peers.filter((w) => w < v).length;
          const equal = peers.filter((w) => w === v).length - 1;
          return (100 * (below + equal / 2)) / (peers.length - 1);
        }
        const mean = peers.reduce((a, b) => a + b, 0) / peers.length;
        const sd = Math.sqrt(peers.reduce((a, b) => a + (b - mean) ** 2, 0) / peers.length);
        return sd > 0 ? (v - mean) / sd : 0;
      }),
    );
  }

  function cellValue(x: Sym, field: "open" | "high" | "low" | "close" | "volume", d: number): number {
    const local = d - (x.table.start[x.s] as number);
    if (local < 0 || local >= (x.table.length[x.s] as number)) return Number.NaN;
    return x.table[field][(x.table.offset[x.s] as number) + local] as number;
  }

  function text(n: TNode, x: Sym): string {
    if (!present(x, day)) return "";
    if (n.kind === "const") return String(n.value).toLowerCase();
    if (n.kind === "lag") return text(n.arg, x);
    if (n.kind === "text") return (x.table.symbols[x.s]?.[n.field] ?? "").toLowerCase();
    throw new Error(`not text: ${n.kind}`);
  }

  function num(n: TNode, x: Sym, d: number): number {
    const here = present(x, d);
    switch (n.kind) {
      case "const":
        return here ? r(Number(n.value)) : Number.NaN;
      case "price":
        return cellValue(x, n.field, d);
      case "fundamental": {
        const f = x.table.fundamentalFields.indexOf(n.field as never);
        return here && f >= 0 ? r(x.table.fundamentals[f * x.table.symbols.length + x.s] as number) : Number.NaN;
      }
      case "indicator": {
        const local = d - (x.table.start[x.s] as number);
        const series = x.ind.get(n.column) as Float64Array;
        return local >= 0 && local < series.length ? r(series[local] as number) : Number.NaN;
      }
      case "neg":
        return -num(n.arg, x, d);
      case "not": {
        const a = num(n.arg, x, d);
        return a === 1 ? 0 : a === 0 ? 1 : Number.NaN;
      }
      case "arith": {
        const a = num(n.left, x, d);
        const b = num(n.right, x, d);
        if (n.op === "+") return r(a + b);
        if (n.op === "-") return r(a - b);
        if (n.op === "*") return r(a * b);
        return b === 0 ? Number.NaN : r(a / b);
      }
      case "compare": {
        if (n.left.type === "text") {
          const a = text(n.left, x);
          const b = text(n.right, x);
          if (a === "" || b === "") return Number.NaN;
          return Number((a === b) === (n.op === "=="));
        }
        const a = num(n.left, x, d);
        const b = num(n.right, x, d);
        if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
        const r = { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a === b, "!=": a !== b }[n.op];
        return Number(r);
      }
      case "logic": {
        const a = num(n.left, x, d);
        const b = num(n.right, x, d);
        if (n.op === "and") return a === 0 || b === 0 ? 0 : a === 1 && b === 1 ? 1 : Number.NaN;
        return a === 1 || b === 1 ? 1 : a === 0 && b === 0 ? 0 : Number.NaN;
      }
      case "in": {
        const hit =
          n.arg.type === "text"
            ? text(n.arg, x) === ""
              ? null
              : (n.values as string[]).includes(text(n.arg, x))
            : Number.isNaN(num(n.arg, x, d))
              ? null
              : (n.values as number[]).map(r).includes(num(n.arg, x, d));
        return hit === null ? Number.NaN : Number(hit !== n.negated);
      }
      case "lag":
        return num(n.arg, x, d - n.bars);
      case "math": {
        const v = n.args.map((a) => num(a, x, d));
        if (n.op === "abs") return Math.abs(v[0] as number);
        if (n.op === "log") return (v[0] as number) > 0 ? r(Math.log(v[0] as number)) : Number.NaN;
        if (n.op === "sqrt") return (v[0] as number) >= 0 ? r(Math.sqrt(v[0] as number)) : Number.NaN;
        return n.op === "min" ? Math.min(...v) : Math.max(...v);
      }
      case "cross":
        return r((cross.get(n.key) as number[])[syms.indexOf(x)] as number);
      case "window": {
        const [a, b] = n.args as [TNode, TNode | undefined];
        if (n.op === "crosses_above" || n.op === "crosses_below") {
          const v = [num(a, x, d), num(b as TNode, x, d), num(a, x, d - 1), num(b as TNode, x, d - 1)];
          if (v.some(Number.isNaN)) return Number.NaN;
          const [p, q, p1, q1] = v as [number, number, number, number];
          return Number(n.op === "crosses_above" ? p > q && p1 <= q1 : p < q && p1 >= q1);
        }
        if (n.op === "change" || n.op === "pct_change") {
          const now = num(a, x, d);
          const then = num(a, x, d - n.bars);
          return n.op === "change" ? r(now - then) : then === 0 ? Number.NaN : r(100 * r(r(now / then) - 1));
        }
        if (!here || d - n.bars + 1 < (x.table.start[x.s] as number)) return Number.NaN;
        const w = Array.from({ length: n.bars }, (_, j) => num(a, x, d - j));
        const known = w.filter((v) => !Number.isNaN(v));
        switch (n.op) {
          case "within":
            return w.includes(1) ? 1 : known.length === w.length ? 0 : Number.NaN;
          case "in_a_row":
            return w.includes(0) ? 0 : known.length === w.length ? 1 : Number.NaN;
          case "count":
            return w.filter((v) => v === 1).length;
          case "highest":
            return known.length ? Math.max(...known) : Number.NaN;
          case "lowest":
            return known.length ? Math.min(...known) : Number.NaN;
          case "average":
            return known.length ? r(known.reduce((s, v) => r(s + v), 0) / known.length) : Number.NaN;
        }
      }
    }
    throw new Error(`reference evaluator: ${n.kind}`);
  }

  const rows: ReferenceRow[] = [];
  let evaluated = 0;
  for (const x of syms) {
    if (!present(x, day)) continue;
    evaluated++;
    if (screen.typed.where && num(screen.typed.where, x, day) !== 1) continue;
    const key = screen.typed.sort ? num(screen.typed.sort.expr, x, day) : Number.NaN;
    rows.push({
      symbol: x.table.symbols[x.s]?.symbol as string,
      sortKey: Number.isNaN(key) ? null : key,
      values: screen.typed.show.map((item) => {
        if (item.expr.type === "text") return text(item.expr, x) || null;
        const v = num(item.expr, x, day);
        if (Number.isNaN(v)) return null;
        return item.expr.type === "bool" ? v === 1 : v;
      }),
    });
  }
  const matched = rows.length;
  const desc = screen.typed.sort?.descending ?? false;
  rows.sort((p, q) => {
    if (p.sortKey !== q.sortKey) {
      if (p.sortKey === null) return 1;
      if (q.sortKey === null) return -1;
      return desc ? q.sortKey - p.sortKey : p.sortKey - q.sortKey;
    }
    return p.symbol < q.symbol ? -1 : 1;
  });
  return { rows: screen.typed.top ? rows.slice(0, screen.typed.top) : rows, evaluated, matched };
}
