// `technic start` (npm start), the main job. Until the edge stack lands it makes sure a
// snapshot exists — building the demo universe on first run — and prints a ranked scan.

import type { SnapshotStore } from "../store/snapshot-store.ts";
import { demoCommand } from "./demo.ts";
import { scanCommand } from "./scan.ts";

export async function startCommand(store: SnapshotStore): Promise<void> {
  if (!store.currentVersion()) {
    process.stdout.write(`no snapshot in ${store.dir} yet: building the demo universe (first run only)\n`);
    await demoCommand(store, {});
  }
  await scanCommand(store, undefined, { top: 25 });
  process.stdout.write(
    '\nnext: `npm run technic -- screens` for the built-in screens, `npm run technic -- scan "<screen>" --as-of 2025-06-30` to run your own as of a past day, `npm run technic -- info` for the snapshot, `npm run technic -- import <prices.csv.gz>` for your own data\n',
  );
}
