// The bindings tests see through `cloudflare:test` (`env`): the Worker's own, from wrangler.toml.
import type { Env as WorkerEnv } from "../../worker/env.ts";

declare global {
  namespace Cloudflare {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the Worker's bindings
    interface Env extends WorkerEnv {}
  }
}
