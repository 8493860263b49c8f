// One publisher at a time per data directory. The lock file holds the owner's pid; a lock
// left by a process that no longer exists (killed mid-publish) is taken over.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { UserError } from "../user-error.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquirePublishLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))
        throw new UserError(
          `another technic process (pid ${owner}) is publishing a snapshot in this data directory; try again when it finishes`,
        );
      rmSync(path, { force: true });
    }
  }
  throw new UserError(`could not take the publish lock ${path}`);
}
