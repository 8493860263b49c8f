// The floor for any import: only gunzip the file and count its bytes.

import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

const [file] = process.argv.slice(2) as [string];
const t0 = performance.now();
let bytes = 0;
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 })))
  bytes += (chunk as Buffer).length;
process.stdout.write(
  `${JSON.stringify({ wallMs: performance.now() - t0, maxRssMB: process.resourceUsage().maxRSS / 1024, bytes })}\n`,
);
