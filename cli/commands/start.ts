// `technic start` (npm start), the main job: make sure a snapshot exists (the demo universe
// on first run), publish it to the local R2 that `wrangler dev` reads, start the edge stack
// (the Worker and its UniverseShard Durable Objects in workerd, serving the web app built
// from web/) and print where it answers.
// Ctrl-C stops wrangler and workerd together. `--scan-only` prints a scan instead.

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { publishToLocalR2 } from "../edge/local-r2.ts";
import { PROJECT_ROOT } from "../store/data-dir.ts";
import type { SnapshotStore } from "../store/snapshot-store.ts";
import { UserError } from "../user-error.ts";
import { ensureWebBuilt } from "../web/build-web.ts";
import { demoCommand } from "./demo.ts";
import { scanCommand } from "./scan.ts";

export interface StartOptions {
  readonly port?: number;
  readonly scanOnly?: boolean;
}

const WRANGLER = join(PROJECT_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

export async function startCommand(store: SnapshotStore, options: StartOptions = {}): Promise<void> {
  if (!store.currentVersion()) {
    process.stdout.write(`no snapshot in ${store.dir} yet: building the demo universe (first run only)\n`);
    await demoCommand(store, {});
  }
  if (options.scanOnly) {
    await scanCommand(store, undefined, { top: 25 });
    return;
  }
  const manifest = store.currentManifest();
  if (!manifest) throw new UserError("no current snapshot");
  const stateDir = join(store.dir, "wrangler-state");
  const { uploaded } = await publishToLocalR2(store, manifest, stateDir);
  let current = manifest.version;
  process.stdout.write(
    `${uploaded ? "published" : "serving"} snapshot ${manifest.version} (${manifest.source.label}) to local R2 in ${stateDir}\n`,
  );
  await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
  const port = options.port ?? 8787;
  const child = spawn(
    process.execPath,
    [WRANGLER, "dev", "--local", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so workerd stops with it
    },
  );
  const stop = () => {
    if (child.pid)
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.once("exit", stop);
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  process.stdout.write(
    [
      `Technic on ${url}  — open it in a browser (Ctrl-C to stop)`,
      `Technic edge API on ${url}/v1  (docs: ${url}/docs)`,
      `  curl ${url}/v1/universe`,
      `  curl -X POST ${url}/v1/scan -H 'content-type: application/json' -d '{"screen":"golden-cross","limit":10}'`,
      `  OpenAPI: ${url}/v1/openapi.json`,
      "",
    ].join("\n"),
  );
  // A snapshot published while the stack runs (technic import, demo, ingest in another
  // terminal) goes to local R2 too; every shard switches to it on its next call.
  let publishing = false;
  const watcher = setInterval(async () => {
    if (publishing) return;
    publishing = true;
    try {
      const latest = store.currentManifest();
      if (latest && latest.version !== current) {
        await publishToLocalR2(store, latest, stateDir);
        current = latest.version;
        process.stdout.write(`published new snapshot ${latest.version} (${latest.source.label}) to local R2\n`);
      }
    } catch (error) {
      process.stderr.write(`technic: could not publish the new snapshot: ${(error as Error).message}\n`);
    } finally {
      publishing = false;
    }
  }, 2000);
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
  clearInterval(watcher);
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  for (let i = 0; i < 240 && !exited; i++) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new UserError(
    exited ? "wrangler dev exited before it answered (see above)" : `nothing answered on ${url} within 60 s`,
  );
}
