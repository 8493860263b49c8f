// Fused groups: chains of kernels the wasm batch runs as one loop (assembly/fused.ts)
// instead of one loop per kernel. Found in a finished plan, so deduplication is untouched:
// a member shared with another indicator (a user's EMA(26) and MACD's slow EMA are one
// node) still runs once, inside the group, and keeps its own state slice and output.
// Only the batch in wasm uses groups; the daily update and the JS kernels run members alone.

import type { IndicatorPlan } from "./plan.ts";

export interface FusedGroup {
  /** The fused loop's export in kernels.wasm. */
  readonly name: string;
  /** Kernel indices in the order the fused loop expects its members. */
  readonly members: readonly number[];
}

/** Every fusable group of `plan`, no kernel in two groups. */
export function fusedGroups(plan: IndicatorPlan): FusedGroup[] {
  const producer = new Map<number, number>();
  plan.kernelOutputs.forEach((outs, k) => outs.forEach((slot) => producer.set(slot, k)));
  const taken = new Set<number>();
  const groups: FusedGroup[] = [];
  plan.kernels.forEach((kernel, k) => {
    const pattern = PATTERNS.find((p) => p.last === kernel.wasm?.name);
    const members = pattern?.members(new PlanView(plan, producer), k);
    if (!pattern || !members || members.some((m) => taken.has(m))) return;
    members.forEach((m) => taken.add(m));
    groups.push({ name: pattern.name, members });
  });
  return groups;
}

/** A fusable shape: recognized from its last kernel (by wasm twin name), back through its inputs. */
interface Pattern {
  readonly name: string;
  readonly last: string;
  members(plan: PlanView, last: number): number[] | null;
}

/** The questions the patterns ask of a plan. */
class PlanView {
  constructor(
    readonly plan: IndicatorPlan,
    readonly producer: ReadonlyMap<number, number>,
  ) {}

  /** Input slot `i` of kernel `k`. */
  input(k: number, i: number): number | undefined {
    return this.plan.kernelInputs[k]?.[i];
  }

  /** The kernel writing input `i` of kernel `k`, if its twin is `name` (and its p0 is `p0`, when given). */
  from(k: number, i: number, name: string, p0?: number): number | undefined {
    const slot = this.input(k, i);
    const source = slot === undefined ? undefined : this.producer.get(slot);
    if (source === undefined) return undefined;
    const call = this.plan.kernels[source]?.wasm;
    if (call?.name !== name || (p0 !== undefined && call.p0 !== p0)) return undefined;
    return source;
  }

  /** Whether input `i` of kernel `k` is output `j` of kernel `source`. */
  reads(k: number, i: number, source: number, j = 0): boolean {
    return this.input(k, i) === this.plan.kernelOutputs[source]?.[j];
  }

  period(k: number): number | undefined {
    return this.plan.kernels[k]?.wasm?.p0;
  }

  /** Whether every input of kernel `k` is ready before kernel `j` runs (a raw field, or made earlier). */
  readyBefore(k: number, j: number): boolean {
    return (this.plan.kernelInputs[k] ?? []).every((slot) => (this.producer.get(slot) ?? -1) < j);
  }

  /** The nearest kernel before `k` whose twin call is `name` with parameters `p0`, `p1`. */
  earlier(k: number, name: string, p0: number, p1: number): number | undefined {
    const j = this.plan.kernels
      .slice(0, k)
      .findLastIndex((c) => c.wasm?.name === name && c.wasm.p0 === p0 && c.wasm.p1 === p1);
    return j >= 0 ? j : undefined;
  }
}

const PATTERNS: readonly Pattern[] = [
  {
    // catalog-core.ts macd: [slow EMA, fast EMA, line = fast - slow, signal EMA of the line, outputs].
    name: "macdFused",
    last: "macd",
    members: (v, k) => {
      const line = v.from(k, 0, "binary", 0);
      const signal = v.from(k, 1, "ema");
      if (line === undefined || signal === undefined || !v.reads(signal, 0, line)) return null;
      const fast = v.from(line, 0, "ema");
      const slow = v.from(line, 1, "ema");
      if (fast === undefined || slow === undefined || fast === slow) return null;
      if (v.input(fast, 0) !== v.input(slow, 0)) return null;
      return [slow, fast, line, signal, k];
    },
  },
  {
    // catalog-momentum.ts stoch: [fast %K, its SMA (slow %K), that one's SMA (%D), slow %K masked].
    name: "stochFused",
    last: "mask",
    members: (v, k) => {
      const slowK = v.from(k, 0, "sma");
      const slowD = v.from(k, 1, "sma");
      if (slowK === undefined || slowD === undefined || !v.reads(slowD, 0, slowK)) return null;
      const fastK = v.from(slowK, 0, "rangePosition", 0);
      return fastK === undefined ? null : [fastK, slowK, slowD, k];
    },
  },
  {
    // catalog-trend-volatility.ts bbands: [SMA, standard deviation (same input, period), bands].
    name: "bollingerFused",
    last: "bands",
    members: (v, k) => {
      const middle = v.from(k, 0, "sma");
      const deviation = v.from(k, 1, "stddev");
      if (middle === undefined || deviation === undefined) return null;
      if (v.input(middle, 0) !== v.input(deviation, 0) || v.period(middle) !== v.period(deviation)) return null;
      return [middle, deviation, k];
    },
  },
  {
    // A channel (Donchian, stochastic and Williams %R ranges, 52-week high and low): [rolling
    // max, rolling min] over one window, found from the later of the two. It runs where the
    // earlier one did, so the later one's input must be ready by then.
    name: "extremePairFused",
    last: "rollingExtreme",
    members: (v, k) => {
      const call = v.plan.kernels[k]?.wasm;
      if (!call) return null;
      const partner = v.earlier(k, "rollingExtreme", call.p0, call.p1 === 1 ? 0 : 1);
      if (partner === undefined || !v.readyBefore(k, partner)) return null;
      return call.p1 === 1 ? [k, partner] : [partner, k];
    },
  },
  {
    // catalog-momentum.ts tema (and dema's first two): [EMA, EMA of it, EMA of that].
    name: "emaChainFused",
    last: "ema",
    members: (v, k) => {
      const second = v.from(k, 0, "ema");
      const first = second === undefined ? undefined : v.from(second, 0, "ema");
      return first === undefined || second === undefined ? null : [first, second, k];
    },
  },
  {
    // catalog-trend-volatility.ts atr: [true range, Wilder smoothing of it].
    name: "atrFused",
    last: "wilder",
    members: (v, k) => {
      const range = v.from(k, 0, "trueRange");
      return range === undefined ? null : [range, k];
    },
  },
];
