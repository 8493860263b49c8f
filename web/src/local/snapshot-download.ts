// Downloads a snapshot's shards (the form and decoder are in shard-format.ts),
// keeping each in Cache Storage under its versioned URL: the bytes of a version never
// change, so a cached shard is reused as is, and when a new version arrives every entry of
// older versions is deleted.

import type { Shard } from "../../../engine/snapshot/shard-codec.ts";
import { decodeDownloadedShard, shardUrl } from "./shard-format.ts";

const CACHE = "technic-snapshot";

export interface DownloadProgress {
  loaded: number;
  total: number;
  bytes: number;
  fromCache: number;
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === "undefined" ? null : await caches.open(CACHE);
  } catch {
    return null; // storage refused (private mode, quota): download without keeping
  }
}

/** Drops cached shards of any other version. */
async function evictOtherVersions(cache: Cache, version: string): Promise<void> {
  const marker = `/v1/snapshot/${encodeURIComponent(version)}/`;
  for (const request of await cache.keys()) if (!request.url.includes(marker)) await cache.delete(request);
}

async function fetchShard(cache: Cache | null, url: string): Promise<{ bytes: Uint8Array; cached: boolean }> {
  const hit = cache ? await cache.match(url) : undefined;
  if (hit) return { bytes: new Uint8Array(await hit.arrayBuffer()), cached: true };
  const response = await fetch(url);
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      message = ((await response.json()) as { error: { message: string } }).error.message;
    } catch {}
    throw new Error(`could not download ${url}: ${message}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (cache)
    await cache
      .put(url, new Response(bytes.slice(), { headers: { "content-type": "application/octet-stream" } }))
      .catch(() => undefined); // over quota: still usable this session
  return { bytes, cached: false };
}

export async function downloadSnapshot(
  base: string,
  version: string,
  shardCount: number,
  onProgress: (p: DownloadProgress) => void,
): Promise<Shard[]> {
  const cache = await openCache();
  if (cache) await evictOtherVersions(cache, version);
  const progress: DownloadProgress = { loaded: 0, total: shardCount, bytes: 0, fromCache: 0 };
  const shards: Shard[] = new Array(shardCount);
  // Four at a time: enough to fill the connection, few enough to keep memory flat.
  let next = 0;
  const worker = async () => {
    while (next < shardCount) {
      const index = next++;
      const { bytes, cached } = await fetchShard(cache, shardUrl(base, version, index));
      shards[index] = await decodeDownloadedShard(bytes);
      progress.loaded++;
      progress.bytes += bytes.byteLength;
      if (cached) progress.fromCache++;
      onProgress({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, shardCount) }, worker));
  return shards;
}
