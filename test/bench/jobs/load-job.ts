// Load every shard of a published snapshot into typed arrays (checksums verified), and the
// floor for that: reading the same files without verifying or decoding.

import { join } from "node:path";
import { readShardFile, SnapshotStore } from "../../../cli/store/snapshot-store.ts";

const [dir] = process.argv.slice(2) as [string];
const store = new SnapshotStore(dir);
const version = store.currentVersion() as string;
const manifest = store.readManifest(version);
const runs = 7;
const load: number[] = [];
const floor: number[] = [];
let symbols = 0;
for (let i = 0; i < runs; i++) {
  const a = performance.now();
  const universe = await store.load();
  load.push(performance.now() - a);
  symbols = universe.symbolCount;
  const b = performance.now();
  for (const entry of manifest.shards) readShardFile(join(store.versionDir(version), entry.file));
  floor.push(performance.now() - b);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
process.stdout.write(
  `${JSON.stringify({ loadMs: median(load), firstLoadMs: load[0], readOnlyMs: median(floor), symbols, bytes: manifest.shards.reduce((s, e) => s + e.bytes, 0) })}\n`,
);
