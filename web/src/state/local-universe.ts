// The universe on this device: downloads the compact snapshot in the scan worker once per
// version (cached by the worker in Cache Storage, so it also loads offline) and says which
// local engine will run.

import { useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api.ts";
import { LocalEngine, type LocalLoadInfo } from "../local/local-engine.ts";
import type { UniverseInfo } from "../types.ts";

export type LocalStatus =
  | { state: "idle" }
  | { state: "loading"; loaded: number; total: number; bytes: number }
  | { state: "ready"; info: LocalLoadInfo }
  | { state: "error"; message: string };

let engine: LocalEngine | null = null;
export const localEngine = (): LocalEngine => (engine ??= new LocalEngine());

// Leaving the page: release the GPU device before the document goes (a device left to the
// collector can keep a software GPU busy for the next page).
addEventListener("pagehide", () => {
  engine?.dispose();
  engine = null;
});
// Restored from the back/forward cache without its worker: start afresh.
addEventListener("pageshow", (event) => {
  if (event.persisted) location.reload();
});

/** Starts the download when the universe is known (and the user has not asked to save data). */
export function useLocalUniverse(universe: UniverseInfo | null): LocalStatus {
  const [status, setStatus] = useState<LocalStatus>({ state: "idle" });
  useEffect(() => {
    if (!universe) return;
    const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
    if (saveData) return;
    let current = true;
    setStatus({ state: "loading", loaded: 0, total: universe.shards, bytes: 0 });
    // The engine preference comes from the URL (?engine=js) so a user can compare engines.
    const preference = new URL(location.href).searchParams.get("engine") === "js" ? "js" : "auto";
    localEngine()
      .load(
        API_BASE,
        { version: universe.version, shards: universe.shards, demo: universe.demo, source: universe.source.kind },
        preference,
        (loaded, total, bytes) => {
          if (current) setStatus({ state: "loading", loaded, total, bytes });
        },
      )
      .then((info) => current && setStatus({ state: "ready", info }))
      .catch((error: Error) => current && setStatus({ state: "error", message: error.message }));
    return () => {
      current = false;
    };
  }, [universe?.version]);
  return status;
}
