// Publishes a snapshot from the local store into the R2 bucket `wrangler dev` reads (its
// state folder), through Miniflare — the simulator wrangler itself runs on — so the local
// stack serves exactly the files the store verified. Shards and manifest first, CURRENT
// last, as in production; a version already current is not uploaded again.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import type { Manifest } from "../../engine/snapshot/manifest.ts";
import { CURRENT_KEY, type SnapshotBucket, publishToR2 } from "../../worker/snapshots/r2-snapshots.ts";
import type { SnapshotStore } from "../store/snapshot-store.ts";

/** The bucket name in wrangler.toml. */
const BUCKET = "technic-snapshots";

export async function publishToLocalR2(
  store: SnapshotStore,
  manifest: Manifest,
  stateDir: string,
): Promise<{ uploaded: boolean }> {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 404 }) } }",
    r2Buckets: { SNAPSHOTS: BUCKET },
    r2Persist: join(stateDir, "v3", "r2"),
  });
  try {
    const bucket = await mf.getR2Bucket("SNAPSHOTS");
    const current = await bucket.get(CURRENT_KEY);
    if (current && ((await current.json()) as { version?: string }).version === manifest.version)
      return { uploaded: false };
    const dir = store.versionDir(manifest.version);
    const shards = manifest.shards.map((entry) => new Uint8Array(readFileSync(join(dir, entry.file))));
    await publishToR2(bucket as unknown as SnapshotBucket, manifest, shards);
    return { uploaded: true };
  } finally {
    await mf.dispose();
  }
}
