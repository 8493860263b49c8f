// Test tooling: Upstash's documented REST protocol in front of a real Redis, so the Upstash
// cache runs against the machine's Redis (there is no local Upstash emulator on npm).
//   POST /               body ["SET","k","v","EX","60"]      -> {"result": "OK"}
//   POST /pipeline       body [["GET","a"],["GET","b"]]       -> [{"result": ...}, ...]
//   POST /multi-exec     the same, in a MULTI/EXEC transaction
// Authorization: Bearer <token>. With `Upstash-Encoding: base64` (which @upstash/redis
// sends) string results are base64-encoded. Errors come back as {"error": "..."}.

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis } from "ioredis";

type Reply = string | number | null | Reply[];

function encode(value: Reply, base64: boolean): Reply {
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  if (typeof value === "string" && base64) return Buffer.from(value, "utf8").toString("base64");
  return value;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
}

export interface UpstashAdapter {
  readonly url: string;
  readonly token: string;
  readonly redis: IORedis;
  close(): Promise<void>;
}

export async function startUpstashAdapter(redisUrl = "redis://127.0.0.1:6379"): Promise<UpstashAdapter> {
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const token = `test-token-${Math.random().toString(36).slice(2)}`;
  const run = async (command: unknown[]): Promise<{ result?: Reply; error?: string }> => {
    try {
      const [name, ...args] = command.map(String);
      return { result: (await redis.call(name as string, ...args)) as Reply };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Unauthorized" });
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const path = (req.url ?? "/").split("?")[0];
    const payload = await body(req);
    const wrap = (r: { result?: Reply; error?: string }) =>
      r.error ? r : { result: encode(r.result ?? null, base64) };
    if (path === "/pipeline" || path === "/multi-exec") {
      const commands = payload as unknown[][];
      if (path === "/multi-exec") await redis.call("MULTI");
      const results = [];
      for (const c of commands) results.push(await run(c));
      if (path === "/multi-exec") await redis.call("EXEC");
      return send(200, results.map(wrap));
    }
    const r = await run(payload as unknown[]);
    return send(r.error ? 400 : 200, wrap(r));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    redis,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

/** Whether a Redis answers at the URL (tests skip with a message when not). */
export async function redisAvailable(redisUrl = "redis://127.0.0.1:6379"): Promise<boolean> {
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
