// The universe facts and the built-in screens, kept on the device: offline, the app still
// shows the gallery, the demo label and the snapshot's date, and can scan the cached
// universe locally.

import type { BuiltinScreen, UniverseInfo } from "../types.ts";

const KEY = "technic.apiFacts";

export interface ApiFacts {
  universe: UniverseInfo;
  screens: BuiltinScreen[];
}

export function saveApiFacts(facts: ApiFacts): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(facts));
  } catch {}
}

export function loadApiFacts(): ApiFacts | null {
  try {
    const text = localStorage.getItem(KEY);
    return text ? (JSON.parse(text) as ApiFacts) : null;
  } catch {
    return null;
  }
}
