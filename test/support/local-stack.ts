// `npm start`'s local stack for browser tests: runs the real `technic start` (demo universe
// on first run, local R2, wrangler dev serving the API and the built web app) in a fresh
// data directory on a free port, and stops its whole process group afterwards.

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { TECHNIC_BIN, tempDir } from "./run-cli.ts";
import { PROJECT_ROOT } from "./shared-data.ts";

export interface LocalStack {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startLocalStack(name: string, env: Record<string, string> = {}): Promise<LocalStack> {
  const tmp = tempDir(name);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [TECHNIC_BIN, "start", "--port", String(port)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: "1", TECHNIC_DATA_DIR: join(tmp.path, "data"), ...env },
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    tmp.remove();
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("edge API on")) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`technic start exited (${code}) before serving:\n${out}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, output: () => out, stop };
}
