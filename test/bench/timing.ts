// Timing helpers for the benchmark suites: a settled heap before each run, medians, percentiles.

/**
 * A full GC before each timed run, then a pause: V8 finishes that GC's sweeping on background
 * threads, which on 2 cores would compete with the run (measured: the pool's daily update
 * 5.5-7 ms without a forced GC, 11.5 ms right after one).
 */
export function collectGarbage(): void {
  globalThis.gc?.();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
}

export function time(fn: () => void): number {
  collectGarbage();
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** The value below which a fraction `p` of `xs` falls (nearest rank). */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

export function median(runs: number, fn: () => void): number {
  const xs = Array.from({ length: runs }, () => time(fn)).sort((a, b) => a - b);
  return xs[Math.floor(runs / 2)] as number;
}

export async function medianAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  return xs[Math.floor(runs / 2)] as number;
}
