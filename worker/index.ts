// The Worker's entry: the edge API (worker/api/app.ts) and the UniverseShard Durable Object
// class that wrangler.toml binds.

import "./wasm-kernels.ts";
import { createApp } from "./api/app.ts";

export { UniverseShard } from "./shard/universe-shard.ts";

export default createApp();
