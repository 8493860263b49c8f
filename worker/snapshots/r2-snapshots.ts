// Snapshots in R2, under the same keys as the local store: `CURRENT` ({"version": ...}),
// `snapshots/<version>/manifest.json` and `snapshots/<version>/shard-NNN.bin`. Publishing
// writes every shard and the manifest first and flips CURRENT last, so a reader that
// follows CURRENT never sees half a version.

import { type Manifest, parseManifest } from "../../engine/snapshot/manifest.ts";
import type { Shard } from "../../engine/snapshot/shard-codec.ts";
import { shardFileName } from "../../engine/snapshot/snapshot-builder.ts";
import { openShard } from "../../engine/snapshot/universe.ts";

/**
 * The part of an R2 bucket this module uses: Workers' R2Bucket, and Miniflare's (the local
 * stack's publisher), both fit it.
 */
export interface SnapshotBucket {
  get(key: string): Promise<{ json<T>(): Promise<T>; arrayBuffer(): Promise<ArrayBuffer> } | null>;
  put(key: string, value: string | ArrayBuffer | ArrayBufferView): Promise<unknown>;
}

export class SnapshotUnavailableError extends Error {
  override name = "SnapshotUnavailableError";
}

export const CURRENT_KEY = "CURRENT";
export const manifestKey = (version: string) => `snapshots/${version}/manifest.json`;
export const shardKey = (version: string, index: number) => `snapshots/${version}/${shardFileName(index)}`;

export async function currentVersion(bucket: SnapshotBucket): Promise<string> {
  const object = await bucket.get(CURRENT_KEY);
  if (!object) throw new SnapshotUnavailableError("no snapshot has been published to this deployment yet");
  const parsed = (await object.json()) as { version?: unknown };
  if (typeof parsed?.version !== "string")
    throw new SnapshotUnavailableError("CURRENT does not name a snapshot version");
  return parsed.version;
}

export async function readManifest(bucket: SnapshotBucket, version: string): Promise<Manifest> {
  const object = await bucket.get(manifestKey(version));
  if (!object) throw new SnapshotUnavailableError(`snapshot ${version} has no manifest in R2`);
  return parseManifest(await object.json(), manifestKey(version));
}

/** Reads, verifies (SHA-256 against the manifest) and decodes one shard. */
export async function readShard(bucket: SnapshotBucket, manifest: Manifest, index: number): Promise<Shard> {
  const entry = manifest.shards[index];
  if (!entry) throw new SnapshotUnavailableError(`snapshot ${manifest.version} has no shard ${index}`);
  const object = await bucket.get(shardKey(manifest.version, index));
  if (!object) throw new SnapshotUnavailableError(`shard ${index} of snapshot ${manifest.version} is missing from R2`);
  return openShard(manifest, entry, new Uint8Array(await object.arrayBuffer()));
}

/** Publishes a built snapshot: shards, then the manifest, then CURRENT. */
export async function publishToR2(
  bucket: SnapshotBucket,
  manifest: Manifest,
  shards: readonly Uint8Array[],
): Promise<void> {
  await Promise.all(shards.map((bytes, i) => bucket.put(shardKey(manifest.version, i), bytes)));
  await bucket.put(manifestKey(manifest.version), JSON.stringify(manifest));
  await bucket.put(CURRENT_KEY, JSON.stringify({ version: manifest.version }));
}
