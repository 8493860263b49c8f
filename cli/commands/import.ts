// `technic import <file-or-dir>`: builds a snapshot from daily OHLCV CSV and prints the ingest report.

import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { formatIngestReport } from "../../engine/bars/ingest-report.ts";
import { seconds } from "../format.ts";
import { progressBar } from "../progress.ts";
import { importFiles } from "../providers/file-import.ts";
import { publishBuilt } from "../publish-built.ts";
import type { PublishResult, SnapshotStore } from "../store/snapshot-store.ts";

export interface ImportCommandOptions {
  readonly symbolsFile?: string;
  readonly fundamentals?: string;
  readonly shards?: number;
  readonly report?: string;
}

export async function importCommand(
  store: SnapshotStore,
  path: string,
  options: ImportCommandOptions,
): Promise<PublishResult> {
  const started = performance.now();
  const bar = progressBar("read", "bytes");
  const { builder, report, plan } = await importFiles(path, {
    symbols: options.symbolsFile,
    fundamentals: options.fundamentals,
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.stop();
  const used = [
    ...plan.prices.map((p) => basename(p)),
    plan.symbols && basename(plan.symbols),
    plan.fundamentals && basename(plan.fundamentals),
  ]
    .filter(Boolean)
    .join(", ");
  process.stdout.write(`read ${used}\n`);
  const result = await publishBuilt(
    store,
    builder,
    report,
    {
      kind: "files",
      label: `files: ${plan.prices.map((p) => basename(p)).join(", ")}`,
      detail: `imported from ${used}`,
    },
    { shards: options.shards },
  );
  const json = report.toJSON();
  process.stdout.write(`ingest report: ${formatIngestReport(json)}\n`);
  if (options.report) writeFileSync(options.report, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`imported in ${seconds(performance.now() - started)}\n`);
  return result;
}
