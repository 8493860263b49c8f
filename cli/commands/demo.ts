// `technic demo`: builds the synthetic demo universe and publishes it as the current snapshot.

import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { DEMO_DEFAULTS, type DemoOptions, generateDemoUniverse } from "../../engine/demo/index.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { seconds } from "../format.ts";
import { progressBar } from "../progress.ts";
import { publishBuilt } from "../publish-built.ts";
import type { PublishResult, SnapshotStore } from "../store/snapshot-store.ts";

export interface DemoCommandOptions extends DemoOptions {
  readonly shards?: number;
}

export async function demoCommand(store: SnapshotStore, options: DemoCommandOptions): Promise<PublishResult> {
  const started = performance.now();
  const report = new IngestReport();
  const builder = new UniverseBuilder(report);
  const settings = { ...DEMO_DEFAULTS, ...stripUndefined(options) };
  process.stdout.write(
    `building DEMO DATA (synthetic): ${settings.symbols.toLocaleString("en-US")} symbols x ${settings.days} trading days ending ${settings.endDate}, seed ${settings.seed}\n`,
  );
  const bar = progressBar("demo", "symbols");
  generateDemoUniverse(builder, settings, (done, total) => bar.update(done, total));
  bar.stop();
  const result = await publishBuilt(
    store,
    builder,
    report,
    {
      kind: "demo",
      label: "demo data (synthetic)",
      detail: `synthetic universe: ${settings.symbols} symbols, ${settings.days} days ending ${settings.endDate}, seed ${settings.seed}`,
    },
    { shards: options.shards },
  );
  process.stdout.write(`demo universe built in ${seconds(performance.now() - started)}\n`);
  return result;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
