// Evaluates typed nodes for every symbol of one shard on one day, as vectors over the
// shard's symbols (value i is symbol i). Values are float64; conditions are 1 (true),
// 0 (false) or NaN (unknown: missing data, warm-up, no history), combined with Kleene's
// three-valued logic so that missing data never makes a symbol match — not even under
// `not`. A symbol without a bar on the evaluated day is unknown everywhere.
//
// `x[n]` and the windows read the symbol's value n axis trading days earlier; a day on
// which it had no bar is unknown, and a window reaching before its first bar is unknown.

import type { BarTable } from "../../snapshot/bar-table.ts";
import type { TNode } from "../typed.ts";
import type { IndicatorSeries } from "./indicator-series.ts";

const NAN = Number.NaN;

export class ShardEvaluator {
  readonly table: BarTable;
  readonly shard: number;
  readonly day: number;
  readonly size: number;
  /** 1 where the symbol has a bar on the evaluated day. */
  readonly present: Uint8Array;
  readonly #series: IndicatorSeries;
  /** Cross-sectional values by node key, supplied by the coordinator (they need every shard). */
  readonly cross = new Map<string, Float64Array>();
  readonly #memo = new Map<string, Float64Array>();
  readonly #textMemo = new Map<string, string[]>();

  constructor(table: BarTable, shard: number, series: IndicatorSeries, day: number) {
    this.table = table;
    this.shard = shard;
    this.#series = series;
    this.day = day;
    this.size = table.symbols.length;
    const close = this.#gather(table.close, 0);
    this.present = Uint8Array.from(close, (c) => (c === c ? 1 : 0));
  }

  /** Values of a number or condition node `lag` trading days before the evaluated day. */
  num(n: TNode, lag: number): Float64Array {
    const id = `${lag}@${n.key}`;
    let v = this.#memo.get(id);
    if (!v) {
      v = this.#compute(n, lag);
      this.#memo.set(id, v);
    }
    return v;
  }

  /** Values of a text node, lower-cased ("" where unknown). Text is the same on every day. */
  text(n: TNode): string[] {
    let v = this.#textMemo.get(n.key);
    if (v) return v;
    if (n.kind === "text") {
      const f = n.field;
      v = this.table.symbols.map((info, s) => (this.present[s] ? (info[f] ?? "").toLowerCase() : ""));
    } else if (n.kind === "const") {
      v = new Array<string>(this.size).fill(String(n.value).toLowerCase());
    } else if (n.kind === "lag") {
      v = this.text(n.arg);
    } else {
      throw new Error(`node ${n.kind} is not text`);
    }
    this.#textMemo.set(n.key, v);
    return v;
  }

  /** Cells of `source` on day - lag for every symbol (NaN outside a symbol's run). */
  #gather(source: ArrayLike<number>, lag: number): Float64Array {
    const { start, length, offset } = this.table;
    const out = new Float64Array(this.size);
    const d = this.day - lag;
    for (let s = 0; s < this.size; s++) {
      const local = d - (start[s] as number);
      out[s] = local >= 0 && local < (length[s] as number) ? (source[(offset[s] as number) + local] as number) : NAN;
    }
    return out;
  }

  /** 1 where the symbol's history reaches back `lag` days before the evaluated day. */
  #reaches(lag: number): Uint8Array {
    const { start } = this.table;
    return Uint8Array.from({ length: this.size }, (_, s) => (this.day - lag >= (start[s] as number) ? 1 : 0));
  }

  #compute(n: TNode, lag: number): Float64Array {
    const size = this.size;
    switch (n.kind) {
      case "const": {
        const value = typeof n.value === "boolean" ? (n.value ? 1 : 0) : Number(n.value);
        return this.#masked(new Float64Array(size).fill(value), lag);
      }
      case "price":
        return this.#gather(this.table[n.field], lag);
      case "fundamental": {
        const f = this.table.fundamentalFields.indexOf(n.field as never);
        const out = new Float64Array(size).fill(NAN);
        if (f >= 0) for (let s = 0; s < size; s++) out[s] = this.table.fundamentals[f * size + s] as number;
        return this.#masked(out, lag);
      }
      case "indicator":
        return this.#gather(this.#series.column(n.column, this.shard), lag);
      case "neg":
        return map1(this.num(n.arg, lag), (a) => -a);
      case "not":
        return map1(this.num(n.arg, lag), (a) => (a === a ? 1 - a : NAN));
      case "arith": {
        const a = this.num(n.left, lag);
        const b = this.num(n.right, lag);
        switch (n.op) {
          case "+":
            return map2(a, b, (x, y) => x + y);
          case "-":
            return map2(a, b, (x, y) => x - y);
          case "*":
            return map2(a, b, (x, y) => x * y);
          case "/":
            // Division by zero is unknown, not infinity: a ratio with a zero base has no meaning.
            return map2(a, b, (x, y) => (y === 0 ? NAN : x / y));
        }
        break;
      }
      case "compare": {
        if (n.left.type === "text") {
          const a = this.text(n.left);
          const b = this.text(n.right);
          const eq = n.op === "==";
          return Float64Array.from(a, (x, s) => (x === "" || b[s] === "" ? NAN : (x === b[s]) === eq ? 1 : 0));
        }
        const a = this.num(n.left, lag);
        const b = this.num(n.right, lag);
        switch (n.op) {
          case "<":
            return map2(a, b, (x, y) => (x !== x || y !== y ? NAN : x < y ? 1 : 0));
          case "<=":
            return map2(a, b, (x, y) => (x !== x || y !== y ? NAN : x <= y ? 1 : 0));
          case ">":
            return map2(a, b, (x, y) => (x !== x || y !== y ? NAN : x > y ? 1 : 0));
          case ">=":
            return map2(a, b, (x, y) => (x !== x || y !== y ? NAN : x >= y ? 1 : 0));
          case "==":
            return map2(a, b, (x, y) => (x !== x || y !== y ? NAN : x === y ? 1 : 0));
          case "!=":
            return map2(a, b, (x, y) => (x !== x || y !== y ? NAN : x !== y ? 1 : 0));
        }
        break;
      }
      case "logic": {
        const a = this.num(n.left, lag);
        const b = this.num(n.right, lag);
        return n.op === "and" ? map2(a, b, and3) : map2(a, b, or3);
      }
      case "in": {
        const yes = n.negated ? 0 : 1;
        if (n.arg.type === "text") {
          const set = new Set(n.values as string[]);
          return Float64Array.from(this.text(n.arg), (x) => (x === "" ? NAN : set.has(x) ? yes : 1 - yes));
        }
        const set = new Set(n.values as number[]);
        return map1(this.num(n.arg, lag), (x) => (x !== x ? NAN : set.has(x) ? yes : 1 - yes));
      }
      case "lag":
        return this.num(n.arg, lag + n.bars);
      case "math": {
        const args = n.args.map((a) => this.num(a, lag));
        const first = args[0] as Float64Array;
        switch (n.op) {
          case "abs":
            return map1(first, Math.abs);
          case "log":
            return map1(first, (x) => (x > 0 ? Math.log(x) : NAN));
          case "sqrt":
            return map1(first, (x) => (x >= 0 ? Math.sqrt(x) : NAN));
          case "min":
            return args.slice(1).reduce((acc, b) => map2(acc, b, Math.min), first);
          case "max":
            return args.slice(1).reduce((acc, b) => map2(acc, b, Math.max), first);
        }
        break;
      }
      case "cross": {
        const v = this.cross.get(n.key);
        if (!v) throw new Error(`cross-sectional value ${n.key} was not supplied`);
        return v;
      }
      case "window":
        return this.#window(n, lag);
      default:
        break;
    }
    throw new Error(`cannot evaluate ${n.kind} as a number`);
  }

  /** Constants and per-symbol facts exist only where the symbol has a bar that day. */
  #masked(values: Float64Array, lag: number): Float64Array {
    const close = lag === 0 ? null : this.#gather(this.table.close, lag);
    for (let s = 0; s < this.size; s++) {
      const here = close ? close[s] === close[s] : this.present[s] === 1;
      if (!here) values[s] = NAN;
    }
    return values;
  }

  #window(n: Extract<TNode, { kind: "window" }>, lag: number): Float64Array {
    const size = this.size;
    const x = n.args[0] as TNode;
    switch (n.op) {
      case "crosses_above":
      case "crosses_below": {
        const a = this.num(x, lag);
        const b = this.num(n.args[1] as TNode, lag);
        const a1 = this.num(x, lag + 1);
        const b1 = this.num(n.args[1] as TNode, lag + 1);
        const above = n.op === "crosses_above";
        const out = new Float64Array(size);
        for (let s = 0; s < size; s++) {
          const p = a[s] as number;
          const q = b[s] as number;
          const p1 = a1[s] as number;
          const q1 = b1[s] as number;
          if (p !== p || q !== q || p1 !== p1 || q1 !== q1) out[s] = NAN;
          else out[s] = above ? (p > q && p1 <= q1 ? 1 : 0) : p < q && p1 >= q1 ? 1 : 0;
        }
        return out;
      }
      case "change":
      case "pct_change": {
        const now = this.num(x, lag);
        const then = this.num(x, lag + n.bars);
        return n.op === "change"
          ? map2(now, then, (a, b) => a - b)
          : map2(now, then, (a, b) => (b === 0 ? NAN : 100 * (a / b - 1)));
      }
      default:
        break;
    }
    // Windows over the last n bars: [lag, lag + n).
    const reaches = this.#reaches(lag + n.bars - 1);
    const out = new Float64Array(size);
    const acc = new Float64Array(size);
    const seen = new Float64Array(size);
    const op = n.op;
    if (op === "within" || op === "in_a_row") acc.fill(op === "within" ? 0 : 1);
    else if (op === "highest") acc.fill(Number.NEGATIVE_INFINITY);
    else if (op === "lowest") acc.fill(Number.POSITIVE_INFINITY);
    for (let j = 0; j < n.bars; j++) {
      const v = this.num(x, lag + j);
      for (let s = 0; s < size; s++) {
        const y = v[s] as number;
        const a = acc[s] as number;
        switch (op) {
          case "within":
            acc[s] = or3(a, y);
            break;
          case "in_a_row":
            acc[s] = and3(a, y);
            break;
          case "count":
            if (y === 1) acc[s] = a + 1;
            break;
          case "highest":
            if (y > a) acc[s] = y;
            if (y === y) seen[s] = (seen[s] as number) + 1;
            break;
          case "lowest":
            if (y < a) acc[s] = y;
            if (y === y) seen[s] = (seen[s] as number) + 1;
            break;
          case "average":
            if (y === y) {
              acc[s] = a + y;
              seen[s] = (seen[s] as number) + 1;
            }
            break;
        }
      }
    }
    for (let s = 0; s < size; s++) {
      if (!reaches[s] || !this.present[s]) {
        out[s] = NAN;
        continue;
      }
      const a = acc[s] as number;
      if (op === "highest" || op === "lowest") out[s] = seen[s] ? a : NAN;
      else if (op === "average") out[s] = seen[s] ? a / (seen[s] as number) : NAN;
      else out[s] = a;
    }
    return out;
  }
}

function map1(a: Float64Array, f: (x: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i] as number);
  return out;
}

function map2(a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i] as number, b[i] as number);
  return out;
}

/** Kleene AND: false wins, then unknown. */
export function and3(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  if (a !== a || b !== b) return NAN;
  return 1;
}

/** Kleene OR: true wins, then unknown. */
export function or3(a: number, b: number): number {
  if (a === 1 || b === 1) return 1;
  if (a !== a || b !== b) return NAN;
  return 0;
}
