// A test-only Worker that loads a snapshot shard with engine/snapshot's reader inside
// workerd: the POSTed body's ArrayBuffer is verified with WebCrypto SHA-256 (the engine's
// default digest) and decoded into zero-copy views; it answers with what it read.

import { webCryptoSha256 } from "../../../engine/snapshot/checksum.ts";
import { decodeShard } from "../../../engine/snapshot/shard-codec.ts";

export default {
  async fetch(request: Request): Promise<Response> {
    const expected = new URL(request.url).searchParams.get("sha256") ?? "";
    const buffer = await request.arrayBuffer();
    const actual = await webCryptoSha256(new Uint8Array(buffer));
    if (actual !== expected) return Response.json({ ok: false, reason: "checksum", actual }, { status: 422 });
    try {
      const shard = decodeShard(buffer);
      let closeSum = 0;
      for (const c of shard.close) if (c === c) closeSum += c;
      return Response.json({
        ok: true,
        zeroCopy: shard.close.buffer === buffer,
        symbols: shard.symbols.map((s) => s.symbol),
        days: shard.days.length,
        cells: shard.close.length,
        closeSum,
      });
    } catch (error) {
      return Response.json({ ok: false, reason: (error as Error).message }, { status: 422 });
    }
  },
};
