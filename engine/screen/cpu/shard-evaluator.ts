// Evaluates typed nodes for every symbol of one shard on one day, as vectors over the
// shard's symbols (value i is symbol i). Values are float64; conditions are 1 (true),
// 0 (false) or NaN (unknown: missing data, warm-up, no history), combined with Kleene's
// three-valued logic so that missing data never makes a symbol match — not even under
// `not`. A symbol without a bar on the evaluated day is unknown everywhere.
//
// `x[n]` and the windows read the symbol's value n axis trading days earlier; a day on
// which it had no bar is unknown, and a window reaching before its first bar is unknown.

import type { BarTable } from "../../snapshot/bar-table.ts";
import type { ArithOp, CompareOp, TNode } from "../typed.ts";
import type { IndicatorSeries } from "./indicator-series.ts";

const NAN = Number.NaN;

export class ShardEvaluator {
  readonly table: BarTable;
  readonly shard: number;
  readonly size: number;
  readonly #series: IndicatorSeries;
  /** The evaluated day (axis index); `setDay` moves it, keeping what later days can reuse. */
  day = 0;
  /** 1 where the symbol has a bar on the evaluated day. */
  present: Uint8Array;
  /** Cross-sectional values by node key for the evaluated day, supplied by the coordinator. */
  readonly cross = new Map<string, Float64Array>();
  /** Node values by absolute day, then node key: a backtest moving to the next day reuses the
   * values its lags and windows already computed. */
  readonly #memo = new Map<number, Map<string, Float64Array>>();
  readonly #textMemo = new Map<string, string[]>();

  constructor(table: BarTable, shard: number, series: IndicatorSeries, day: number) {
    this.table = table;
    this.shard = shard;
    this.#series = series;
    this.size = table.symbols.length;
    this.present = new Uint8Array(this.size);
    this.setDay(day);
  }

  /** Evaluates on `day` from now on; forgets values older than `keep` days before it. */
  setDay(day: number, keep = 0): void {
    this.day = day;
    const close = this.#row(this.#series.price("close", this.shard), 0);
    const present = new Uint8Array(this.size);
    for (let s = 0; s < this.size; s++) present[s] = close[s] === close[s] ? 1 : 0;
    this.present = present;
    this.cross.clear();
    this.#textMemo.clear();
    for (const d of this.#memo.keys()) if (d < day - keep || d > day) this.#memo.delete(d);
  }

  /** Values of a number or condition node `lag` trading days before the evaluated day. */
  num(n: TNode, lag: number): Float64Array {
    // Cross-sectional values belong to the evaluated day only (the checker keeps them out of lags).
    if (n.kind === "cross") return this.#compute(n, lag);
    const day = this.day - lag;
    let byKey = this.#memo.get(day);
    if (!byKey) this.#memo.set(day, (byKey = new Map()));
    let v = byKey.get(n.key);
    if (!v) {
      v = this.#compute(n, lag);
      byKey.set(n.key, v);
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

  /**
   * Day-major values on day - lag for every symbol: a view into the column, not a copy (the
   * evaluator never writes into the arrays it computes from).
   */
  #row(dayMajor: Float64Array, lag: number): Float64Array {
    const d = this.day - lag;
    return dayMajor.subarray(d * this.size, (d + 1) * this.size);
  }

  /** Whether each symbol has a bar on day - lag (a fresh array). */
  #presentAt(lag: number): Uint8Array {
    if (lag === 0) return this.present;
    const close = this.#row(this.#series.price("close", this.shard), lag);
    const out = new Uint8Array(this.size);
    for (let s = 0; s < this.size; s++) out[s] = close[s] === close[s] ? 1 : 0;
    return out;
  }

  /** 1 where the symbol's history reaches back `lag` days before the evaluated day. */
  #reaches(lag: number): Uint8Array {
    const { start } = this.table;
    const out = new Uint8Array(this.size);
    for (let s = 0; s < this.size; s++) out[s] = this.day - lag >= (start[s] as number) ? 1 : 0;
    return out;
  }

  #compute(n: TNode, lag: number): Float64Array {
    const size = this.size;
    switch (n.kind) {
      case "const": {
        const value = typeof n.value === "boolean" ? (n.value ? 1 : 0) : Number(n.value);
        return this.#masked(new Float64Array(size).fill(value), lag);
      }
      case "price":
        return this.#row(this.#series.price(n.field, this.shard), lag);
      case "fundamental": {
        const f = this.table.fundamentalFields.indexOf(n.field as never);
        const out = new Float64Array(size).fill(NAN);
        if (f >= 0) for (let s = 0; s < size; s++) out[s] = this.table.fundamentals[f * size + s] as number;
        return this.#masked(out, lag);
      }
      case "indicator":
        return this.#row(this.#series.column(n.column, this.shard), lag);
      case "neg":
        return map1(this.num(n.arg, lag), (a) => -a);
      case "not":
        return map1(this.num(n.arg, lag), (a) => (a === a ? 1 - a : NAN));
      case "arith":
        return arithmetic(n.op, this.num(n.left, lag), this.num(n.right, lag));
      case "compare": {
        if (n.left.type === "text") {
          const a = this.text(n.left);
          const b = this.text(n.right);
          const eq = n.op === "==";
          return Float64Array.from(a, (x, s) => (x === "" || b[s] === "" ? NAN : (x === b[s]) === eq ? 1 : 0));
        }
        return compare(n.op, this.num(n.left, lag), this.num(n.right, lag));
      }
      case "logic":
        return logic(n.op, this.num(n.left, lag), this.num(n.right, lag));
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
    const here = this.#presentAt(lag);
    for (let s = 0; s < this.size; s++) if (!here[s]) values[s] = NAN;
    return values;
  }

  #window(n: Extract<TNode, { kind: "window" }>, lag: number): Float64Array {
    const size = this.size;
    const x = n.args[0] as TNode;
    const op0 = n.op;
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
    if ((op0 === "highest" || op0 === "lowest" || op0 === "average") && (x.kind === "price" || x.kind === "indicator"))
      return this.#leafWindow(n.op as "highest" | "lowest" | "average", x, n.bars, lag);
    // Windows over the last n bars: [lag, lag + n), one tight loop per operator.
    const reaches = this.#reaches(lag + n.bars - 1);
    const acc = new Float64Array(size);
    const seen = new Float64Array(size);
    const op = n.op;
    if (op === "in_a_row") acc.fill(1);
    else if (op === "highest") acc.fill(Number.NEGATIVE_INFINITY);
    else if (op === "lowest") acc.fill(Number.POSITIVE_INFINITY);
    for (let j = 0; j < n.bars; j++) {
      const v = this.num(x, lag + j);
      if (op === "within") for (let s = 0; s < size; s++) acc[s] = or3(acc[s] as number, v[s] as number);
      else if (op === "in_a_row") for (let s = 0; s < size; s++) acc[s] = and3(acc[s] as number, v[s] as number);
      else if (op === "count") for (let s = 0; s < size; s++) acc[s] = (acc[s] as number) + (v[s] === 1 ? 1 : 0);
      else if (op === "highest")
        for (let s = 0; s < size; s++) {
          const y = v[s] as number;
          if (y > (acc[s] as number)) acc[s] = y;
          if (y === y) seen[s] = 1;
        }
      else if (op === "lowest")
        for (let s = 0; s < size; s++) {
          const y = v[s] as number;
          if (y < (acc[s] as number)) acc[s] = y;
          if (y === y) seen[s] = 1;
        }
      else
        for (let s = 0; s < size; s++) {
          const y = v[s] as number;
          if (y === y) {
            acc[s] = (acc[s] as number) + y;
            seen[s] = (seen[s] as number) + 1;
          }
        }
    }
    const here = this.#presentAt(lag);
    const out = new Float64Array(size);
    for (let s = 0; s < size; s++) {
      if (!reaches[s] || !here[s]) {
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
  /**
   * highest/lowest/average of a price field or indicator: a rolling column over every day,
   * built once per session's series (monotonic deque / running sums over each symbol's run
   * of cells, O(1) per cell) and then read like an indicator — a backtest's 500 days cost one
   * pass, not 500 windows.
   */
  #leafWindow(
    op: "highest" | "lowest" | "average",
    x: Extract<TNode, { kind: "price" | "indicator" }>,
    bars: number,
    lag: number,
  ): Float64Array {
    const rolled = this.#series.derived(`${op}(${x.key}, ${bars})`, this.shard, (table, shard) => {
      const values = x.kind === "price" ? this.#series.price(x.field, shard) : this.#series.column(x.column, shard);
      return rollingWindow(op, values, table, bars);
    });
    const here = this.#presentAt(lag);
    const v = Float64Array.from(this.#row(rolled, lag));
    for (let s = 0; s < this.size; s++) if (!here[s]) v[s] = NAN;
    return v;
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

// One loop per operator (not one loop calling an operator function): the screen's hot path,
// and a call per element through a shared helper is not inlined by the JIT.
function arithmetic(op: ArithOp, a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  if (op === "+") for (let i = 0; i < n; i++) out[i] = (a[i] as number) + (b[i] as number);
  else if (op === "-") for (let i = 0; i < n; i++) out[i] = (a[i] as number) - (b[i] as number);
  else if (op === "*") for (let i = 0; i < n; i++) out[i] = (a[i] as number) * (b[i] as number);
  else
    for (let i = 0; i < n; i++) {
      // Division by zero is unknown, not infinity: a ratio with a zero base has no meaning.
      const y = b[i] as number;
      out[i] = y === 0 ? NAN : (a[i] as number) / y;
    }
  return out;
}

function compare(op: CompareOp, a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  // Unknown (NaN) compares false both ways: x < y and y <= x both false means unknown.
  const known = (x: number, y: number) => x === x && y === y;
  if (op === "<") for (let i = 0; i < n; i++) out[i] = compareOne(a[i] as number, b[i] as number, 0);
  else if (op === "<=") for (let i = 0; i < n; i++) out[i] = compareOne(a[i] as number, b[i] as number, 1);
  else if (op === ">") for (let i = 0; i < n; i++) out[i] = compareOne(b[i] as number, a[i] as number, 0);
  else if (op === ">=") for (let i = 0; i < n; i++) out[i] = compareOne(b[i] as number, a[i] as number, 1);
  else {
    const eq = op === "==";
    for (let i = 0; i < n; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      out[i] = known(x, y) ? ((x === y) === eq ? 1 : 0) : NAN;
    }
  }
  return out;
}

/** x < y (orEqual 0) or x <= y (orEqual 1), NaN when either is unknown. */
function compareOne(x: number, y: number, orEqual: number): number {
  if (x !== x || y !== y) return NAN;
  return x < y || (orEqual === 1 && x === y) ? 1 : 0;
}

function logic(op: "and" | "or", a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  if (op === "and") for (let i = 0; i < n; i++) out[i] = and3(a[i] as number, b[i] as number);
  else for (let i = 0; i < n; i++) out[i] = or3(a[i] as number, b[i] as number);
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

/**
 * For every day of every symbol's run (day-major, like `values`): highest, lowest or mean of
 * the non-missing values of the last `bars` days (NaN when the window reaches before the run
 * or holds no value).
 */
export function rollingWindow(
  op: "highest" | "lowest" | "average",
  values: Float64Array,
  table: BarTable,
  bars: number,
): Float64Array {
  const S = table.symbols.length;
  const out = new Float64Array(values.length).fill(NAN);
  const deque = new Int32Array(bars + 1);
  for (let s = 0; s < S; s++) {
    const start = table.start[s] as number;
    const n = table.length[s] as number;
    const at = (i: number) => (start + i) * S + s;
    if (op === "average") {
      let sum = 0;
      let seen = 0;
      for (let i = 0; i < n; i++) {
        const y = values[at(i)] as number;
        if (y === y) {
          sum += y;
          seen++;
        }
        if (i >= bars) {
          const old = values[at(i - bars)] as number;
          if (old === old) {
            sum -= old;
            seen--;
          }
        }
        if (i >= bars - 1 && seen > 0) out[at(i)] = sum / seen;
      }
      continue;
    }
    // Monotonic deque of run indices (ring of bars + 1 slots) whose values decrease (highest)
    // or increase (lowest) from front to back; missing values never enter it.
    let head = 0;
    let size = 0;
    const cap = bars + 1;
    const max = op === "highest";
    for (let i = 0; i < n; i++) {
      if (size > 0 && (deque[head] as number) <= i - bars) {
        head = head + 1 === cap ? 0 : head + 1;
        size--;
      }
      const y = values[at(i)] as number;
      if (y === y) {
        while (size > 0) {
          const back = values[at(deque[(head + size - 1) % cap] as number)] as number;
          if (max ? back <= y : back >= y) size--;
          else break;
        }
        deque[(head + size) % cap] = i;
        size++;
      }
      if (i >= bars - 1 && size > 0) out[at(i)] = values[at(deque[head] as number)] as number;
    }
  }
  return out;
}
