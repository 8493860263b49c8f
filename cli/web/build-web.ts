// Builds the web app and the widget (web/, Vite) into web/dist when the sources are newer
// than the last build, so `npm start` always serves the current app without a separate
// build step, and a second start does not rebuild. A lock file keeps two concurrent starts
// (parallel test files) from writing web/dist at the same time.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../store/data-dir.ts";

export const WEB_DIR = join(PROJECT_ROOT, "web");
export const WEB_DIST = join(WEB_DIR, "dist");
const STAMP = join(WEB_DIST, ".build-stamp");
const LOCK = join(PROJECT_ROOT, ".technic-web-build.lock");

/** Newest modification time under the folders the bundles are built from. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "dist" || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ["web", "engine", "shaders"]) walk(join(PROJECT_ROOT, dir));
  return newest;
}

export function webBuildIsCurrent(): boolean {
  if (!existsSync(STAMP)) return false;
  return Number(readFileSync(STAMP, "utf8")) >= newestSource();
}

async function takeLock(): Promise<() => void> {
  for (let i = 0; i < 1200; i++) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // A lock older than 10 minutes was left by a killed build.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 600_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {}
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`another web build holds ${LOCK} for more than 5 minutes`);
}

/** Builds web/dist unless it is current; returns whether it built. */
export async function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (webBuildIsCurrent()) return false;
  const release = await takeLock();
  try {
    if (webBuildIsCurrent()) return false; // built by whoever held the lock
    const sources = newestSource();
    log("building the web app (web/ → web/dist)");
    const { build } = await import("vite");
    // Vite derives production mode from NODE_ENV: under a test runner (NODE_ENV=test) it
    // would build the development bundle, without the service worker.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({ configFile: join(WEB_DIR, "vite.config.ts"), logLevel: "warn", mode: "production" });
      await build({ configFile: join(WEB_DIR, "widget", "vite.config.ts"), logLevel: "warn", mode: "production" });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    writeFileSync(STAMP, String(sources));
    return true;
  } finally {
    release();
  }
}
