// TA-Lib (npm `talib`, the C library) as a test oracle: runs one function over a series
// and returns its outputs aligned to the input (NaN during TA-Lib's lookback).

import { createRequire } from "node:module";

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
  error?: string;
}
interface Talib {
  execute(args: Record<string, unknown>): TalibResult;
}

const talib = createRequire(import.meta.url)("talib") as Talib;

export function talibRun(
  name: string,
  inputs: Record<string, ArrayLike<number>>,
  options: Record<string, number>,
  outputs: string[],
): Float64Array[] {
  const n = (Object.values(inputs)[0] as ArrayLike<number>).length;
  const args: Record<string, unknown> = { name, startIdx: 0, endIdx: n - 1, ...options };
  for (const [k, v] of Object.entries(inputs)) args[k] = Array.from(v);
  const r = talib.execute(args);
  if (r.error) throw new Error(`talib ${name}: ${r.error}`);
  return outputs.map((o) => {
    const values = r.result[o];
    if (!values) throw new Error(`talib ${name} has no output ${o} (has ${Object.keys(r.result).join(", ")})`);
    const aligned = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < r.nbElement; i++) aligned[r.begIndex + i] = values[i] as number;
    return aligned;
  });
}
