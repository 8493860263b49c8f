// File writes that survive a crash: data is fsync'd before a rename makes it visible, and
// the directory is fsync'd after, so after a kill or power loss a file is either absent or
// complete.

import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` to `path` (which must not be visible to readers yet) and fsyncs it. */
export function writeFileDurable(path: string, data: Uint8Array | string): void {
  const fd = openSync(path, "w");
  try {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Atomically replaces `path` with `data` (write a sibling temp file, fsync, rename, fsync the directory). */
export function replaceFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileDurable(tmp, data);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}
