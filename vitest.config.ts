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

// Two projects: everything in Node, and the edge suites (test/edge/) inside workerd through
// vitest-pool-workers with the Worker, its R2 bucket and Durable Objects from wrangler.toml.
export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "node",
          include: ["engine/**/*.test.ts", "cli/**/*.test.ts", "worker/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/node_modules/**", "test/edge/**", ...(haveReferences ? [] : REFERENCE_SUITES)],
          testTimeout: 60_000,
          hookTimeout: 120_000,
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
