// Where the real market data lives (../shared/data beside the checkout) and whether it is
// here. Tests that need it skip with a message saying so; a user's machine has none.

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export const SHARED_DATA_DIR = process.env.TECHNIC_SHARED_DATA ?? join(projectRoot, "../shared/data");
export const US_EQUITIES_DIR = join(SHARED_DATA_DIR, "us-equities");
export const REAL_PRICES = join(US_EQUITIES_DIR, "prices-2014-2016.csv.gz");

export const hasSharedData = existsSync(REAL_PRICES);

export function sharedDataSkipMessage(): string {
  return `real market data not found at ${REAL_PRICES}: skipping tests that need ../shared/data`;
}

if (!hasSharedData) console.warn(sharedDataSkipMessage());

export const PROJECT_ROOT = projectRoot;
