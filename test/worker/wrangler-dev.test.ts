// The pinned Cloudflare toolchain runs here for real: wrangler bundles the Worker offline
// and `wrangler dev` serves it from workerd with the R2 binding of wrangler.toml.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/run-cli.ts";
import { PROJECT_ROOT } from "../support/shared-data.ts";

const WRANGLER = join(PROJECT_ROOT, "node_modules/wrangler/bin/wrangler.js");
const tmp = tempDir("wrangler");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: join(tmp.path, "config") };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("Cloudflare toolchain", () => {
  let dev: ChildProcess | undefined;
  afterAll(() => {
    // wrangler leaves workerd running if only it is killed: end the whole process group.
    if (dev?.pid) {
      try {
        process.kill(-dev.pid, "SIGKILL");
      } catch {}
    }
    tmp.remove();
  });

  it("bundles the Worker offline with its R2 binding", () => {
    const out = execFileSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", join(tmp.path, "dist")], {
      cwd: PROJECT_ROOT,
      env,
      encoding: "utf8",
    });
    expect(out).toMatch(/env\.SNAPSHOTS \(technic-snapshots\)\s+R2 Bucket/);
  });

  it("serves /health from workerd under wrangler dev", async () => {
    const port = await freePort();
    dev = spawn(
      process.execPath,
      [WRANGLER, "dev", "--local", "--port", String(port), "--persist-to", join(tmp.path, "state")],
      {
        cwd: PROJECT_ROOT,
        env,
        detached: true,
        stdio: "ignore",
      },
    );
    let body: unknown = null;
    for (let i = 0; i < 60 && body === null; i++) {
      await new Promise((r) => setTimeout(r, 500));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        body = await res.json();
      } catch {}
    }
    expect(body).toEqual({ ok: true, service: "technic", snapshotsBound: true });
    const missing = await fetch(`http://127.0.0.1:${port}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
