#!/usr/bin/env node
// The `technic` command. Sources are TypeScript; tsx compiles them on the fly (cached),
// so there is no build step between `npm ci` and `npm start`.
import { register } from "tsx/esm/api";

register();
await import("../cli/entry.ts");
