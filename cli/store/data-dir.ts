// Where snapshots live on this machine: TECHNIC_DATA_DIR, or `.technic/` inside the project.
// The edge stack uploads the same snapshots to local R2 later.

import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.TECHNIC_DATA_DIR?.trim();
  return configured ? resolve(configured) : join(PROJECT_ROOT, ".technic");
}
