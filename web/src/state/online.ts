// Whether the API answers: the browser's online flag, corrected by what requests see (a
// failed fetch means offline even when the OS thinks the network is up).

import { useEffect, useState } from "preact/hooks";

let reachable = navigator.onLine;
const listeners = new Set<(v: boolean) => void>();

export function reportReachable(value: boolean): void {
  if (value === reachable) return;
  reachable = value;
  for (const l of listeners) l(value);
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(reachable);
  useEffect(() => {
    listeners.add(setOnline);
    const up = () => reportReachable(true);
    const down = () => reportReachable(false);
    addEventListener("online", up);
    addEventListener("offline", down);
    return () => {
      listeners.delete(setOnline);
      removeEventListener("online", up);
      removeEventListener("offline", down);
    };
  }, []);
  return online;
}
