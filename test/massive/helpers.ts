// Shared setup for the Massive tests: a client aimed at the fake server with test-sized
// timeouts and backoffs, and the API key the fake server expects.

import { MassiveClient, type MassiveClientOptions } from "../../worker/providers/massive/index.ts";
import type { FakeMassiveServer } from "./fake-massive-server.ts";

/** Distinctive, so a test can assert it never leaks into a message. */
export const TEST_API_KEY = "sEcReT-key-0123456789";

export function testClient(server: FakeMassiveServer, options: Partial<MassiveClientOptions> = {}): MassiveClient {
  return new MassiveClient({
    apiKey: TEST_API_KEY,
    baseUrl: server.baseUrl,
    requestsPerMinute: 100_000,
    timeoutMs: 200,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    ...options,
  });
}

/** Runs `fn` expecting it to reject; returns the error for closer checks. */
export async function rejection(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, but it resolved");
}
