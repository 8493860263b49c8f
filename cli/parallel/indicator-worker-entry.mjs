// Worker threads start without the main thread's module hooks: register tsx here (as
// bin/technic.js does) so the TypeScript worker can load.
import { register } from "tsx/esm/api";

register();
await import("./indicator-worker.ts");
