// A sliding-window request limiter: at most `limit` request starts in any `windowMs` span.
// Massive's free plan allows 5 requests per minute and answers 429 beyond that, so every
// request (first tries and retries alike) takes a slot here before it goes out.

import { type Sleep, sleepUnlessAborted } from "./abort.ts";

export interface RateLimiterOptions {
  readonly limit: number;
  readonly windowMs?: number;
  readonly now: () => number;
  readonly sleep: Sleep;
}

export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  /** Start times of the requests still inside the window, oldest first. */
  readonly #starts: number[] = [];
  /** Callers take slots one at a time, so two concurrent callers cannot both see a free slot. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (!(Number.isInteger(options.limit) && options.limit > 0))
      throw new RangeError(`requestsPerMinute must be a positive integer, got ${options.limit}`);
    this.#limit = options.limit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now;
    this.#sleep = options.sleep;
  }

  /** Resolves when a request may start, having counted it. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#takeSlot(signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #takeSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const now = this.#now();
      while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - this.#windowMs) this.#starts.shift();
      if (this.#starts.length < this.#limit) {
        this.#starts.push(now);
        return;
      }
      // The oldest start leaves the window at oldest + windowMs; loop since the clock may drift.
      const wait = (this.#starts[0] ?? now) + this.#windowMs - now;
      await sleepUnlessAborted(this.#sleep, wait, signal, "waiting for the Massive rate limit");
    }
  }
}
