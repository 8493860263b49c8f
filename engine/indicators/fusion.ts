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
    if (kernel.wasm?.name !== "macd") return;
    const members = macdMembers(plan, producer, k);
    if (!members || members.some((m) => taken.has(m))) return;
    members.forEach((m) => taken.add(m));
    groups.push({ name: "macdFused", members });
  });
  return groups;
}

/**
 * [slow EMA, fast EMA, line = fast - slow, signal EMA of the line, MACD outputs] for the
 * MACD output kernel `k` (catalog-core.ts builds exactly this), or null if it is not that shape.
 */
function macdMembers(plan: IndicatorPlan, producer: ReadonlyMap<number, number>, k: number): number[] | null {
  const inputs = (slot: number | undefined) => (slot === undefined ? undefined : producer.get(slot));
  const [lineSlot, signalSlot] = plan.kernelInputs[k] as Int32Array;
  const line = inputs(lineSlot);
  const signal = inputs(signalSlot);
  if (line === undefined || signal === undefined) return null;
  const lineCall = plan.kernels[line]?.wasm;
  if (lineCall?.name !== "binary" || lineCall.p0 !== 0) return null;
  if (plan.kernels[signal]?.wasm?.name !== "ema" || plan.kernelInputs[signal]?.[0] !== lineSlot) return null;
  const [fastSlot, slowSlot] = plan.kernelInputs[line] as Int32Array;
  const fast = inputs(fastSlot);
  const slow = inputs(slowSlot);
  if (fast === undefined || slow === undefined || fast === slow) return null;
  if (plan.kernels[fast]?.wasm?.name !== "ema" || plan.kernels[slow]?.wasm?.name !== "ema") return null;
  if (plan.kernelInputs[fast]?.[0] !== plan.kernelInputs[slow]?.[0]) return null;
  return [slow, fast, line, signal, k];
}
