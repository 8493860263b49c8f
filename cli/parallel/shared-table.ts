// Copies a BarTable into SharedArrayBuffer-backed arrays so worker threads can read it
// without a copy per thread (posting a view over shared memory shares, never clones).

import type { BarTable } from "../../engine/snapshot/bar-table.ts";

type Typed = Float32Array | Int32Array;

function share<T extends Typed>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const copy = new Ctor(new SharedArrayBuffer(array.length * Ctor.BYTES_PER_ELEMENT));
  (copy as unknown as { set(a: T): void }).set(array);
  return copy;
}

export function shareTable(table: BarTable): BarTable {
  return {
    days: share(table.days),
    symbols: table.symbols,
    start: share(table.start),
    length: share(table.length),
    offset: share(table.offset),
    open: share(table.open),
    high: share(table.high),
    low: share(table.low),
    close: share(table.close),
    volume: share(table.volume),
    fundamentalFields: table.fundamentalFields,
    fundamentals: share(table.fundamentals),
  };
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}
