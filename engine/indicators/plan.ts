// From a list of requests to an executable plan: one graph with shared intermediates
// deduplicated, each kernel's slice of the state vector, a slot for every series, and the
// output columns in request order.

import { Graph } from "./graph.ts";
import { INPUT_FIELDS, type InputField, type Kernel, type SeriesRef } from "./kernel.ts";
import { type IndicatorRequest, type ResolvedRequest, columnName, parseColumn, resolveRequest } from "./registry.ts";

export interface PlannedColumn {
  readonly name: string;
  readonly ref: SeriesRef;
  readonly request: ResolvedRequest;
}

export interface IndicatorPlan {
  readonly kernels: readonly Kernel[];
  /** Offset of each kernel's state within one symbol's state vector. */
  readonly stateOffsets: Int32Array;
  /** Float64 slots of state per symbol. */
  readonly stateSize: number;
  /** Series slot of every ref: the input fields first, then every kernel output. */
  readonly slots: ReadonlyMap<SeriesRef, number>;
  readonly slotCount: number;
  readonly kernelInputs: readonly Int32Array[];
  readonly kernelOutputs: readonly Int32Array[];
  readonly columns: readonly PlannedColumn[];
  /** Input fields some kernel reads. */
  readonly fields: readonly InputField[];
}

/** Requests are objects or column names (`rsi_14`, `macd_signal_12_26_9`). Columns are deduplicated by name. */
export function planIndicators(requests: readonly (IndicatorRequest | string)[]): IndicatorPlan {
  const graph = new Graph();
  const columns: PlannedColumn[] = [];
  const seen = new Set<string>();
  for (const request of requests) {
    const resolved = typeof request === "string" ? parseColumn(request) : resolveRequest(request);
    const refs = resolved.spec.build(graph, resolved.params, resolved.source);
    for (const output of resolved.outputs) {
      const name = columnName(resolved.spec, output, resolved.params, resolved.source);
      if (seen.has(name)) continue;
      seen.add(name);
      columns.push({ name, ref: refs[output] as SeriesRef, request: resolved });
    }
  }

  // Keep only kernels some requested column depends on: an indicator's build wires all its
  // outputs, but asking for bb_upper alone should not pay for %B and bandwidth.
  const byKey = new Map(graph.kernels.map((k) => [k.key, k]));
  const needed = new Set<string>();
  const visit = (ref: SeriesRef) => {
    const key = ref.slice(0, ref.lastIndexOf("#"));
    const kernel = byKey.get(key);
    if (!kernel || needed.has(key)) return;
    needed.add(key);
    kernel.inputs.forEach(visit);
  };
  columns.forEach((c) => visit(c.ref));
  const kernels = graph.kernels.filter((k) => needed.has(k.key));

  const slots = new Map<SeriesRef, number>();
  INPUT_FIELDS.forEach((f) => slots.set(f, slots.size));
  const stateOffsets = new Int32Array(kernels.length);
  let stateSize = 0;
  kernels.forEach((k, i) => {
    stateOffsets[i] = stateSize;
    stateSize += k.stateSize;
    for (let j = 0; j < k.outputCount; j++) slots.set(`${k.key}#${j}`, slots.size);
  });
  const slotOf = (ref: SeriesRef) => {
    const slot = slots.get(ref);
    if (slot === undefined) throw new Error(`indicator graph refers to unknown series ${ref}`);
    return slot;
  };
  const kernelInputs = kernels.map((k) => Int32Array.from(k.inputs.map(slotOf)));
  const kernelOutputs = kernels.map((k) =>
    Int32Array.from({ length: k.outputCount }, (_, j) => slotOf(`${k.key}#${j}`)),
  );
  const used = new Set<number>();
  kernelInputs.forEach((ins) => ins.forEach((s) => used.add(s)));
  const fields = INPUT_FIELDS.filter((_, i) => used.has(i));
  return {
    kernels: kernels,
    stateOffsets,
    stateSize,
    slots,
    slotCount: slots.size,
    kernelInputs,
    kernelOutputs,
    columns,
    fields,
  };
}
