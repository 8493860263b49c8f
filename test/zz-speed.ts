import { SnapshotStore } from "../cli/store/snapshot-store.ts";
import { planIndicators } from "../engine/indicators/plan.ts";
import { UniverseIndicators } from "../engine/indicators/universe-indicators.ts";
const u = await new SnapshotStore("/tmp/bstore").load();
const plan = planIndicators([
  { name: "sma", params: [50] },
  { name: "ema", params: [20] },
  { name: "rsi", params: [14] },
  { name: "macd" },
]);
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  UniverseIndicators.compute(plan, u.shards);
  if (i > 7) console.log((performance.now() - t).toFixed(1));
}
