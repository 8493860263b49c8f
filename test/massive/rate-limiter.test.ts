// The sliding-window limiter, on a fake clock so "no more than 5 requests in any 60 s"
// is checked exactly without waiting real minutes, alone and inside the client (where
// retries must take slots too).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "../../worker/providers/massive/index.ts";
import { FakeMassiveServer } from "./fake-massive-server.ts";
import { TEST_API_KEY, testClient } from "./helpers.ts";

function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 1_700_000_000_000;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

/** The largest number of `times` falling in any window [s, s + windowMs). */
function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe("SlidingWindowLimiter", () => {
  it("lets at most 5 requests start in any 60 s window, without waiting longer than needed", async () => {
    const clock = fakeClock();
    const start = clock.now();
    const limiter = new SlidingWindowLimiter({ limit: 5, ...clock });
    const starts: number[] = [];
    for (let i = 0; i < 23; i++) {
      await limiter.acquire();
      starts.push(clock.now());
    }
    expect(maxInAnyWindow(starts, 60_000)).toBe(5);
    // Bursts of 5 every 60 s: the 21st..23rd start exactly 4 minutes in.
    expect(starts.slice(0, 5)).toEqual(Array(5).fill(start));
    expect(starts[5]).toBe(start + 60_000);
    expect(starts[22]).toBe(start + 240_000);
  });

  it("keeps the limit for concurrent callers", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ limit: 5, ...clock });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 17 }, () => limiter.acquire().then(() => starts.push(clock.now()))));
    expect(starts).toHaveLength(17);
    expect(maxInAnyWindow(starts, 60_000)).toBe(5);
  });

  it("frees a slot as the oldest request leaves the window", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter({ limit: 2, ...clock });
    const start = clock.now();
    await limiter.acquire();
    await clock.sleep(45_000);
    await limiter.acquire();
    await limiter.acquire(); // must wait for the first to be 60 s old, not 60 s after the second
    expect(clock.now()).toBe(start + 60_000);
  });

  it("rejects an impossible limit", () => {
    expect(() => new SlidingWindowLimiter({ limit: 0, ...fakeClock() })).toThrow(/positive integer/);
  });
});

describe("MassiveClient rate limit", () => {
  let server: FakeMassiveServer;
  beforeAll(async () => {
    server = await FakeMassiveServer.start({ apiKey: TEST_API_KEY });
  });
  afterAll(async () => {
    await server.close();
  });

  it("sends no more than 5 requests in any 60 s, counting retries", async () => {
    const clock = fakeClock();
    const sent: number[] = [];
    // Retry-After "1" makes retries come fast, so only the limiter keeps them in bounds.
    server.fail("429", { retryAfter: "1", times: 3 }).fail("503", { times: 2 });
    const client = testClient(server, {
      requestsPerMinute: 5,
      ...clock,
      fetch: (input, init) => {
        sent.push(clock.now());
        return fetch(input, init);
      },
    });
    const dates = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"];
    dates.push("2024-01-09", "2024-01-10", "2024-01-11", "2024-01-12", "2024-01-16");
    for (const date of dates) await client.groupedDaily(date);
    expect(server.requests).toHaveLength(15); // 10 days + 5 retries
    expect(sent).toHaveLength(15);
    expect(maxInAnyWindow(sent, 60_000)).toBe(5);
  });

  it("spaces requests evenly for a fractional rate", async () => {
    const clock = fakeClock();
    const sent: number[] = [];
    const client = testClient(server, {
      requestsPerMinute: 2.5,
      ...clock,
      fetch: (input, init) => {
        sent.push(clock.now());
        return fetch(input, init);
      },
    });
    for (const date of ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]) await client.groupedDaily(date);
    expect(sent.slice(1).map((t, i) => t - (sent[i] ?? 0))).toEqual([24_000, 24_000, 24_000]);
  });
});
