// docs/screen-language.md documents every name the language knows and every built-in screen.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { knownNames } from "../../engine/screen/functions.ts";
import { PROJECT_ROOT } from "../support/shared-data.ts";

const doc = readFileSync(`${PROJECT_ROOT}/docs/screen-language.md`, "utf8");

describe("docs/screen-language.md", () => {
  it("mentions every field and function", () => {
    const missing = knownNames().filter(
      (name) => !doc.includes(`\`${name}`) && !doc.includes(` ${name} `) && !doc.includes(` ${name}\n`),
    );
    expect(missing).toEqual([]);
  });

  it("lists every built-in screen", () => {
    for (const b of BUILTIN_SCREENS) expect(doc, b.id).toContain(`\`${b.id}\``);
  });
});
