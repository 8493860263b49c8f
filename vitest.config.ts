import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// TA-Lib and Tulip (npm `talib`, `tulind`) are native addons built at install time and are
// optional dependencies: a machine without a C++ toolchain still installs and tests
// everything else. Without them the differential suites cannot run, so they are left out,
// loudly.
const require = createRequire(import.meta.url);
const loads = (name: string): boolean => {
  try {
    require(name);
    return true;
  } catch {
    return false;
  }
};
const REFERENCE_SUITES = ["test/indicators/**/*.test.ts", "test/cli/indicators-cli.test.ts"];
const haveReferences = loads("talib") && loads("tulind");
if (!haveReferences)
  console.warn(
    "talib/tulind (native TA-Lib and Tulip references) are not installed or did not build here: skipping the differential suites " +
      REFERENCE_SUITES.join(", "),
  );

// wrangler.toml serves the web app from web/dist; the workers project reads that config
// before anything has built the app (the browser suites build it through `technic start`).
mkdirSync(new URL("./web/dist", import.meta.url), { recursive: true });

// Three projects: everything in Node; the browser suites (after the rest, one file at a
// time); and the edge suites (test/edge/) inside workerd through
// vitest-pool-workers with the Worker, its R2 bucket and Durable Objects from wrangler.toml.
export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "node",
          include: ["engine/**/*.test.ts", "cli/**/*.test.ts", "worker/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [
            "**/node_modules/**",
            "test/edge/**",
            "test/browser/**",
            ...(haveReferences ? [] : REFERENCE_SUITES),
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Headless Chromium against real local stacks: WebGPU on SwiftShader is the CPU, so
        // these run after the other projects and one file at a time, not competing with
        // them for two cores.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "workers",
          include: ["test/edge/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
