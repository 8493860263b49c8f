// The same shard reader the CLI uses runs inside workerd: a shard built in Node is POSTed
// to a Worker under `wrangler dev`, which verifies it with WebCrypto and decodes it into
// zero-copy views; a corrupted copy is refused.

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { buildSnapshot } from "../../engine/snapshot/snapshot-builder.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { decodeShard } from "../../engine/snapshot/shard-codec.ts";
import { PROJECT_ROOT } from "../support/shared-data.ts";
import { tempDir } from "../support/run-cli.ts";

const WRANGLER = join(PROJECT_ROOT, "node_modules/wrangler/bin/wrangler.js");
const tmp = tempDir("shard-reader");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("engine/snapshot in workerd", () => {
  let dev: ChildProcess | undefined;
  let base = "";

  beforeAll(async () => {
    const port = await freePort();
    dev = spawn(
      process.execPath,
      [
        WRANGLER,
        "dev",
        "--local",
        "--port",
        String(port),
        "--config",
        "test/worker/shard-reader/wrangler.toml",
        "--persist-to",
        join(tmp.path, "state"),
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: join(tmp.path, "config") },
        detached: true,
        stdio: "ignore",
      },
    );
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 80; i++) {
      try {
        await fetch(base, { method: "POST", body: new Uint8Array(0) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw new Error("wrangler dev did not start");
  }, 60_000);

  afterAll(() => {
    // wrangler leaves workerd running if only it is killed: end the whole process group.
    if (dev?.pid) {
      try {
        process.kill(-dev.pid, "SIGKILL");
      } catch {}
    }
    tmp.remove();
  });

  it("verifies and decodes a shard built in Node, with views over the request's own buffer", async () => {
    const builder = new UniverseBuilder(new IngestReport());
    generateDemoUniverse(builder, { symbols: 100, days: 60, seed: 5 });
    const built = await buildSnapshot(builder.build().table, {
      source: { kind: "demo", label: "t", detail: "t" },
      ingest: { rowsRead: 0, rowsKept: 0, rowsRejected: 0 },
      shardCount: 2,
    });
    const bytes = built.shards[1] as Uint8Array;
    const entry = built.manifest.shards[1];
    const local = decodeShard(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    let closeSum = 0;
    for (const c of local.close) if (c === c) closeSum += c;

    const res = await fetch(`${base}/?sha256=${entry?.sha256}`, {
      method: "POST",
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    const body = (await res.json()) as {
      ok: boolean;
      zeroCopy: boolean;
      symbols: string[];
      days: number;
      cells: number;
      closeSum: number;
    };
    expect(res.status).toBe(200);
    expect(body).toEqual({
      ok: true,
      zeroCopy: true,
      symbols: local.symbols.map((s) => s.symbol),
      days: 60,
      cells: local.close.length,
      closeSum,
    });

    const corrupt = bytes.slice();
    corrupt[corrupt.length - 40] = (corrupt[corrupt.length - 40] ?? 0) ^ 1;
    const refused = await fetch(`${base}/?sha256=${entry?.sha256}`, {
      method: "POST",
      body: corrupt as Uint8Array<ArrayBuffer>,
    });
    expect(refused.status, "a corrupted shard is refused in workerd too").toBe(422);
  });
});
