// Waiting that stops when the caller aborts: a backfill killed with Ctrl-C should not sit
// out a 60 s rate-limit pause or a backoff before noticing.

import { MassiveError } from "./errors.ts";

export type Sleep = (ms: number) => Promise<void>;

/** The host timer; the only timer use besides the request timeout in client.ts. */
export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function abortedError(what: string): MassiveError {
  return new MassiveError("aborted", `${what} was aborted`);
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortedError(what);
}

/** Runs `sleep(ms)` but rejects as soon as `signal` aborts (the sleep itself may keep running). */
export async function sleepUnlessAborted(
  sleep: Sleep,
  ms: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  throwIfAborted(signal, what);
  if (!signal) return sleep(ms);
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(what));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
