// Runs the real `technic` command in a child process, as a user would.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./shared-data.ts";

export const TECHNIC_BIN = join(PROJECT_ROOT, "bin/technic.js");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [TECHNIC_BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: "1", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like runCli, but without blocking this process's event loop (for tests that serve the CLI from here). */
export function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [TECHNIC_BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: "1", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

/** Starts the CLI and resolves once its stderr contains `marker` (e.g. a fault-injection pause). */
export function startCliUntil(args: string[], env: Record<string, string>, marker: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [TECHNIC_BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: "1", ...env },
  });
  return new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`CLI never reached ${marker}; stderr: ${err}`));
    }, 60_000);
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes(marker)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!err.includes(marker)) reject(new Error(`CLI exited (${code}) before ${marker}; stderr: ${err}`));
    });
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `technic-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A small valid price CSV: `symbols` symbols over the trading days given, prices shifted by `variant`. */
export function writePriceCsv(path: string, symbols: string[], days: string[], variant = 0): void {
  const lines = ["date,symbol,open,high,low,close,volume"];
  symbols.forEach((symbol, i) => {
    days.forEach((day, d) => {
      const c = (10 + i + variant + Math.sin(d / 5 + i)).toFixed(4);
      lines.push(
        `${day},${symbol},${c},${(Number(c) + 0.5).toFixed(4)},${(Number(c) - 0.5).toFixed(4)},${c},${1000 + d * 10 + i}`,
      );
    });
  });
  writeFileSync(path, `${lines.join("\n")}\n`);
}
