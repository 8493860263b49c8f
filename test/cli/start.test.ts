// `npm start`, the main job, as a user meets it on a fresh machine: the demo universe is
// built on the first run, published to local R2, and the edge API answers scans from
// workerd (wrangler dev) with its UniverseShard Durable Objects; a snapshot built while it
// runs is picked up without a restart; Ctrl-C stops it all.

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TECHNIC_BIN, runCli, tempDir } from "../support/run-cli.ts";
import { PROJECT_ROOT } from "../support/shared-data.ts";

const tmp = tempDir("start");
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running)
    if (child.pid && child.exitCode === null)
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
  tmp.remove();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `technic start` and resolves with its output once the API is announced. */
function start(env: Record<string, string>, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [TECHNIC_BIN, "start", "--port", String(port)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: "1", ...env },
    detached: true,
  });
  running.push(child);
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("edge API on")) {
        clearInterval(timer);
        resolve({ child, output: () => out });
      }
    }, 200);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`technic start exited (${code}) before serving:\n${out}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exited;
}

describe("npm start", () => {
  it("builds the demo universe once, serves the edge API from workerd, and stops cleanly", async () => {
    const env = { TECHNIC_DATA_DIR: join(tmp.path, "fresh") };
    const port = await freePort();
    const first = await start(env, port);
    expect(first.output()).toMatch(/building the demo universe \(first run only\)/);
    expect(first.output()).toMatch(/published snapshot demo-\S+ \(demo data \(synthetic\)\) to local R2/);
    const res = await fetch(`http://127.0.0.1:${port}/v1/scan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ screen: "momentum-leaders", limit: 25 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { meta: { demo: boolean; universe: number }; rows: unknown[] };
    expect(body.meta).toMatchObject({ demo: true, universe: 6000 });
    expect(body.rows).toHaveLength(25);

    // A snapshot built while the stack runs is served without a restart.
    const rebuilt = runCli(["demo", "--symbols", "300", "--days", "260", "--seed", "9"], env);
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    let universe = 0;
    for (let i = 0; i < 60 && universe !== 300; i++) {
      await new Promise((r) => setTimeout(r, 500));
      universe = ((await (await fetch(`http://127.0.0.1:${port}/v1/universe`)).json()) as { symbols: number }).symbols;
    }
    expect(universe, "the new version is live").toBe(300);
    const after = (await (
      await fetch(`http://127.0.0.1:${port}/v1/scan`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ screen: "close > 0", limit: 1 }),
      })
    ).json()) as { meta: { universe: number } };
    expect(after.meta.universe).toBe(300);
    await stop(first.child);
    // Stopping took workerd with it: the port is free again.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();

    const second = await start(env, port);
    expect(second.output(), "the second run reuses the snapshot").not.toMatch(/building the demo universe/);
    expect(second.output()).toMatch(/serving snapshot demo-/);
    await stop(second.child);
  }, 180_000);

  it("--scan-only prints a ranked scan instead, labelled as demo data", () => {
    const r = runCli(["start", "--scan-only"], { TECHNIC_DATA_DIR: join(tmp.path, "scan-only") });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/DEMO DATA/);
    expect(r.stdout.split("\n").filter((l) => /^│\s+\d+ │/.test(l))).toHaveLength(25);
  }, 120_000);
});
