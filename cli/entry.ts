// Process entry for bin/technic.js: runs the CLI and exits with its code.

import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2));
