import { MacdOutputKernel } from "../engine/indicators/kernels/macd.ts";
import { EmaKernel } from "../engine/indicators/kernels/ema.ts";
import { RsiKernel } from "../engine/indicators/kernels/rsi.ts";
const n = 757,
  reps = 7720;
const a = new Float64Array(n).map((_, i) => 100 + Math.sin(i)),
  b = new Float64Array(n).map((_, i) => 1 + Math.cos(i));
const o1 = new Float64Array(n),
  o2 = new Float64Array(n),
  o3 = new Float64Array(n);
const st = new Float64Array(10 * reps);
for (const [name, k, outs] of [
  ["macd", new MacdOutputKernel("a", "b"), [o1, o2, o3]],
  ["ema", new EmaKernel("a", 20), [o1]],
  ["rsi", new RsiKernel("a", 14), [o1]],
] as const) {
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    for (let r = 0; r < reps; r++) {
      k.reset(st, r * 5);
      k.run(st, r * 5, [a, b], outs as unknown as Float64Array[], 0, n);
    }
    const ms = performance.now() - t;
    if (rep === 2) console.log(name, ms.toFixed(1), "ms", ((ms * 1e6) / (n * reps)).toFixed(2), "ns/bar");
  }
}
// plain loop baseline
const t = performance.now();
for (let r = 0; r < reps; r++) for (let i = 0; i < n; i++) o1[i] = a[i]! - b[i]!;
console.log("plain", (performance.now() - t).toFixed(1));
