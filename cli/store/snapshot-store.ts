// Snapshots on local disk, published atomically:
//
//   <dir>/CURRENT                      {"version": "...", "publishedAt": "..."}: the one pointer readers follow
//   <dir>/snapshots/<version>/         manifest.json, shard-000.bin ..., ingest-report.json
//   <dir>/tmp/                         versions being written; never read
//
// A version directory only appears (by rename) once every shard in it is written, fsync'd
// and re-read against its checksum; CURRENT only moves (by rename) after that. A kill at
// any moment therefore leaves the previous version current and whole. Old versions are
// kept: publishing never deletes data.

import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import type { IngestReportJson } from "../../engine/bars/ingest-report.ts";
import type { Digest } from "../../engine/snapshot/checksum.ts";
import { type Manifest, parseManifest } from "../../engine/snapshot/manifest.ts";
import type { BuiltSnapshot } from "../../engine/snapshot/snapshot-builder.ts";
import { loadUniverse, openShard, type Universe } from "../../engine/snapshot/universe.ts";
import { UserError } from "../user-error.ts";
import { faultPoint } from "./fault-injection.ts";
import { fsyncDir, replaceFileAtomic, writeFileDurable } from "./fs-durable.ts";
import { acquirePublishLock } from "./publish-lock.ts";

/** Node's OpenSSL SHA-256 (uses the CPU's SHA extensions; several times faster than WebCrypto here). */
export const nodeSha256: Digest = (bytes) => createHash("sha256").update(bytes).digest("hex");

export interface PublishProgress {
  readonly phase: "write" | "verify";
  readonly done: number;
  readonly total: number;
}

export interface PublishResult {
  readonly version: string;
  readonly directory: string;
  /** False when that exact version was already on disk (same data published again). */
  readonly written: boolean;
}

export class SnapshotStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  get #snapshots(): string {
    return join(this.dir, "snapshots");
  }

  versionDir(version: string): string {
    return join(this.#snapshots, version);
  }

  currentVersion(): string | null {
    const path = join(this.dir, "CURRENT");
    if (!existsSync(path)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      throw new UserError(`${path} is unreadable; it should hold {"version": ...}`);
    }
    const version = (parsed as { version?: unknown } | null)?.version;
    if (typeof version !== "string" || !/^[a-z0-9][a-z0-9.-]{3,80}$/.test(version))
      throw new UserError(`${path} does not name a snapshot version`);
    return version;
  }

  readManifest(version: string): Manifest {
    const path = join(this.versionDir(version), "manifest.json");
    if (!existsSync(path)) throw new UserError(`snapshot ${version} has no manifest at ${path}`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      throw new UserError(`${path} is not valid JSON`);
    }
    return parseManifest(json, path);
  }

  currentManifest(): Manifest | null {
    const version = this.currentVersion();
    return version ? this.readManifest(version) : null;
  }

  listVersions(): string[] {
    if (!existsSync(this.#snapshots)) return [];
    return readdirSync(this.#snapshots)
      .filter((name) => existsSync(join(this.#snapshots, name, "manifest.json")))
      .sort();
  }

  readIngestReport(version: string): IngestReportJson | null {
    const path = join(this.versionDir(version), "ingest-report.json");
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as IngestReportJson) : null;
  }

  /** Loads a version (default: the current one), verifying every shard's checksum. */
  async load(version = this.currentVersion()): Promise<Universe> {
    if (!version) throw new UserError("no snapshot yet: run `technic demo` or `technic import <file>` first");
    const manifest = this.readManifest(version);
    const dir = this.versionDir(version);
    return loadUniverse(manifest, async (entry) => readShardFile(join(dir, entry.file)), nodeSha256);
  }

  async publish(
    built: BuiltSnapshot,
    report: IngestReportJson,
    onProgress?: (p: PublishProgress) => void,
  ): Promise<PublishResult> {
    mkdirSync(this.#snapshots, { recursive: true });
    mkdirSync(join(this.dir, "tmp"), { recursive: true });
    const release = acquirePublishLock(join(this.dir, "publish.lock"));
    try {
      this.#removeAbandonedTemp();
      const { manifest } = built;
      const finalDir = this.versionDir(manifest.version);
      let written = false;
      if (!(await this.#isIntact(manifest.version))) {
        const tmp = join(this.dir, "tmp", `${manifest.version}.${process.pid}`);
        rmSync(tmp, { recursive: true, force: true });
        mkdirSync(tmp);
        const total = built.shards.length;
        for (let i = 0; i < total; i++) {
          writeFileDurable(join(tmp, manifest.shards[i]?.file as string), built.shards[i] as Uint8Array);
          onProgress?.({ phase: "write", done: i + 1, total });
          await faultPoint(`shard:${i}`);
        }
        // Read back what the disk holds: a short write or a bad sector must not become current.
        for (let i = 0; i < total; i++) {
          const entry = manifest.shards[i];
          if (!entry) continue;
          await openShard(manifest, entry, readShardFile(join(tmp, entry.file)), nodeSha256);
          onProgress?.({ phase: "verify", done: i + 1, total });
        }
        writeFileDurable(join(tmp, "ingest-report.json"), JSON.stringify(report, null, 2));
        writeFileDurable(join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2));
        fsyncDir(tmp);
        await faultPoint("before-rename");
        if (existsSync(finalDir))
          renameSync(finalDir, join(this.dir, "tmp", `${manifest.version}.damaged-${Date.now()}`));
        renameSync(tmp, finalDir);
        fsyncDir(this.#snapshots);
        written = true;
      }
      await faultPoint("before-current");
      replaceFileAtomic(
        join(this.dir, "CURRENT"),
        `${JSON.stringify({ version: manifest.version, publishedAt: new Date().toISOString() })}\n`,
      );
      return { version: manifest.version, directory: finalDir, written };
    } finally {
      release();
    }
  }

  async #isIntact(version: string): Promise<boolean> {
    if (!existsSync(join(this.versionDir(version), "manifest.json"))) return false;
    try {
      await this.load(version);
      return true;
    } catch {
      return false;
    }
  }

  /** Temp directories of publishes that were killed; damaged versions moved aside are kept. */
  #removeAbandonedTemp(): void {
    const tmp = join(this.dir, "tmp");
    for (const name of readdirSync(tmp)) {
      const m = /\.(\d+)$/.exec(name);
      if (m && Number(m[1]) !== process.pid) rmSync(join(tmp, name), { recursive: true, force: true });
    }
  }
}

export function readShardFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new UserError(`shard file ${path} is missing`);
  const fd = openSync(path, "r");
  try {
    // Read straight into a fresh ArrayBuffer (not Node's pooled one) so the reader's views are aligned.
    const bytes = new Uint8Array(new ArrayBuffer(fstatSync(fd).size));
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === bytes.length ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
