// `npm run bench -- <suite>`: benchmark scripts that print figures and ratios against
// peers measured in the same run. Each job runs in its own Node process so its peak RSS
// is its own. Suites: import, indicators, screens (need ../shared/data), edge (real + demo),
// web (bundle sizes; compact snapshot and client-side scans with ../shared/data).

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasSharedData, REAL_PRICES, sharedDataSkipMessage } from "../support/shared-data.ts";
import { indicatorsSuite } from "./indicators-suite.ts";
import { edgeSuite } from "./edge-suite.ts";
import { screensSuite } from "./screens-suite.ts";
import { webSuite } from "./web-suite.ts";

const here = new URL(".", import.meta.url).pathname;

function job<T>(name: string, args: string[]): T {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(here, "jobs", `${name}.ts`), ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const last = out.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last) as T;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

interface ImportJob {
  wallMs: number;
  parseMs: number;
  layoutMs: number;
  encodeMs: number;
  publishMs: number;
  maxRssMB: number;
  rows: number;
  kept: number;
  symbols: number;
  days: number;
  bytesPerSymbolDay: number;
}

function importSuite(): Record<string, unknown> {
  if (!hasSharedData) {
    console.log(sharedDataSkipMessage());
    return {};
  }
  const dir = mkdtempSync(join(tmpdir(), "technic-bench-"));
  try {
    const floor = job<{ wallMs: number; maxRssMB: number }>("gunzip-job", [REAL_PRICES]);
    const ours = job<ImportJob>("import-job", [REAL_PRICES, join(dir, "data")]);
    const peer = job<{ wallMs: number; maxRssMB: number; rows: number }>("papaparse-import-job", [REAL_PRICES]);
    const load = job<{ loadMs: number; firstLoadMs: number; readOnlyMs: number; symbols: number; bytes: number }>(
      "load-job",
      [join(dir, "data")],
    );
    const demo = job<{
      wallMs: number;
      generateMs: number;
      layoutMs: number;
      maxRssMB: number;
      symbols: number;
      days: number;
      bytesPerSymbolDay: number;
    }>("demo-job", []);
    const rows = [
      [
        "import real file (4.96 M rows, 7,720 symbols)",
        fmt(ours.wallMs),
        `${ours.maxRssMB.toFixed(0)} MB`,
        "< 15 s, < 1.5 GB",
      ],
      ["  stream + validate", fmt(ours.parseMs), "", ""],
      ["  lay out columns", fmt(ours.layoutMs), "", ""],
      ["  encode shards + SHA-256", fmt(ours.encodeMs), "", ""],
      ["  publish (write, fsync, re-verify)", fmt(ours.publishMs), "", ""],
      [
        "peer: papaparse, rows as objects (no snapshot)",
        fmt(peer.wallMs),
        `${peer.maxRssMB.toFixed(0)} MB`,
        `ours is ${(peer.wallMs / ours.wallMs).toFixed(1)}x faster, ${(peer.maxRssMB / ours.maxRssMB).toFixed(1)}x less memory`,
      ],
      [
        "floor: gunzip only",
        fmt(floor.wallMs),
        `${floor.maxRssMB.toFixed(0)} MB`,
        `ours is ${(ours.wallMs / floor.wallMs).toFixed(1)}x the floor`,
      ],
      ["load all shards (verified), median of 7", fmt(load.loadMs), "", "< 200 ms"],
      ["  first load", fmt(load.firstLoadMs), "", ""],
      [
        "floor: read shard files only",
        fmt(load.readOnlyMs),
        "",
        `load is ${(load.loadMs / load.readOnlyMs).toFixed(1)}x the floor`,
      ],
      [
        `build default demo universe (${demo.symbols} x ${demo.days})`,
        fmt(demo.wallMs),
        `${demo.maxRssMB.toFixed(0)} MB`,
        "< 10 s",
      ],
      [
        "bytes per symbol-day on disk (real / demo)",
        `${ours.bytesPerSymbolDay.toFixed(2)} / ${demo.bytesPerSymbolDay.toFixed(2)}`,
        "",
        "<= 20",
      ],
    ];
    const width = [52, 12, 10, 40];
    console.log(["what", "time", "peak RSS", "target / ratio"].map((h, i) => h.padEnd(width[i] ?? 10)).join(" | "));
    for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(width[i] ?? 10)).join(" | "));
    return { ours, peer, floor, load, demo };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const suites: Record<string, () => Record<string, unknown> | Promise<Record<string, unknown>>> = {
  import: importSuite,
  indicators: indicatorsSuite,
  screens: screensSuite,
  edge: edgeSuite,
  web: webSuite,
};
const requested = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = requested.length > 0 ? requested : Object.keys(suites);
const results: Record<string, unknown> = {
  machine: { node: process.version, cpus: (await import("node:os")).cpus().length, at: new Date().toISOString() },
};
for (const name of names) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown benchmark suite "${name}"; known: ${Object.keys(suites).join(", ")}`);
    process.exit(1);
  }
  console.log(`\n== ${name} ==`);
  results[name] = await suite();
}
console.log(`\n${JSON.stringify(results)}`);
