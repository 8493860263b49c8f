// Builds the computation graph of an indicator request. Adding a kernel whose key is
// already present returns the existing one, so shared intermediates (the EMA(26) inside
// MACD and a user's own EMA(26), the +DM/-DM smoothing shared by +DI, -DI and ADX) are
// computed once. Kernels are added after their inputs, so insertion order is a valid
// execution order.

import type { Kernel, SeriesRef } from "./kernel.ts";
import { outputRef } from "./kernel.ts";

export class Graph {
  readonly #byKey = new Map<string, Kernel>();
  readonly kernels: Kernel[] = [];

  /** Adds (or finds) a kernel and returns the refs of its outputs. */
  add(kernel: Kernel): SeriesRef[] {
    const existing = this.#byKey.get(kernel.key);
    const node = existing ?? kernel;
    if (!existing) {
      this.#byKey.set(kernel.key, kernel);
      this.kernels.push(kernel);
    }
    return Array.from({ length: node.outputCount }, (_, j) => outputRef(node.key, j));
  }

  /** Adds a single-output kernel and returns its output ref. */
  one(kernel: Kernel): SeriesRef {
    return this.add(kernel)[0] as SeriesRef;
  }
}
