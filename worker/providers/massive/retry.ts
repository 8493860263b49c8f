// Retrying transient failures: exponential backoff with full jitter, or the server's own
// Retry-After when it gives one. One attempt's outcome is either a value, a retryable
// failure (described in a few words for the final message), or a thrown fatal error.

import { type Sleep, sleepUnlessAborted, throwIfAborted } from "./abort.ts";
import { MassiveError } from "./errors.ts";

export type AttemptOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string; readonly status?: number; readonly retryAfterMs?: number };

export interface RetryInfo {
  /** What was being fetched: a date, or "tickers page 3". */
  readonly label: string;
  /** 1 for the first retry. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Why the previous attempt failed, e.g. "HTTP 503" or "timed out after 30000 ms". */
  readonly reason: string;
}

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly onRetry?: ((info: RetryInfo) => void) | undefined;
}

/** A Retry-After longer than this is treated as a broken header rather than obeyed. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Full jitter (AWS architecture blog): spreads retries uniformly over [0, cap). */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, "backoffBaseMs" | "backoffMaxMs" | "random">,
): number {
  const cap = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** retry);
  return Math.floor(policy.random() * cap);
}

/** Parses Retry-After as delta-seconds or an HTTP date; undefined when absent or unusable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const text = header.trim();
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}

export async function withRetries<T>(
  label: string,
  policy: RetryPolicy,
  attempt: () => Promise<AttemptOutcome<T>>,
  signal?: AbortSignal,
): Promise<T> {
  const what = `Massive request for ${label}`;
  for (let tries = 1; ; tries++) {
    throwIfAborted(signal, what);
    const outcome = await attempt();
    if (outcome.ok) return outcome.value;
    if (tries > policy.maxRetries)
      throw new MassiveError("exhausted", `${what} failed after ${tries} attempts: ${outcome.reason}`, {
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
        attempts: tries,
      });
    const delayMs = outcome.retryAfterMs ?? backoffDelay(tries - 1, policy);
    policy.onRetry?.({ label, attempt: tries, delayMs, reason: outcome.reason });
    await sleepUnlessAborted(policy.sleep, delayMs, signal, what);
  }
}
