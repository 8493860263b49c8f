// The form of a shard the app downloads: the compact, lossless encoding
// (docs/snapshot-format.md, "Compact download form"), about a third of the stored shard's
// bytes, decoded back to the identical float32 columns the edge scans.

import { decodeCompactShard } from "../../../engine/snapshot/compact-codec.ts";
import type { Shard } from "../../../engine/snapshot/shard-codec.ts";

export const shardUrl = (base: string, version: string, index: number) =>
  `${base}/v1/snapshot/${encodeURIComponent(version)}/compact/${index}`;

export const decodeDownloadedShard = (bytes: Uint8Array): Promise<Shard> => decodeCompactShard(bytes);
