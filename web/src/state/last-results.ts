// The last results, kept on the device so the app opens offline onto what the user last
// saw (with its time), not onto an empty page. Large answers are cut to what fits.

import type { ScanOutcome } from "../types.ts";

const KEY = "technic.lastResults";

export interface SavedResults {
  screen: string;
  outcome: ScanOutcome;
}

export function saveLastResults(saved: SavedResults): void {
  const rows = saved.outcome.body.rows;
  for (const keep of [rows.length, 2000, 500, 100]) {
    try {
      const cut = {
        ...saved,
        outcome: { ...saved.outcome, body: { ...saved.outcome.body, rows: rows.slice(0, keep) } },
      };
      localStorage.setItem(KEY, JSON.stringify(cut));
      return;
    } catch {
      // over the storage quota: try fewer rows
    }
  }
}

export function loadLastResults(): SavedResults | null {
  try {
    const text = localStorage.getItem(KEY);
    return text ? (JSON.parse(text) as SavedResults) : null;
  } catch {
    return null;
  }
}
