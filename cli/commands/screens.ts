// `technic screens`: the built-in screen library, with each screen's text.

import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";

export function screensCommand(options: { json?: boolean }): void {
  if (options.json) {
    const screens = BUILTIN_SCREENS.map((s) => ({ ...s, canonical: compileScreen(s.text).canonical }));
    process.stdout.write(`${JSON.stringify(screens, null, 2)}\n`);
    return;
  }
  for (const s of BUILTIN_SCREENS) {
    process.stdout.write(`${s.id}  —  ${s.title}\n  ${s.description}\n`);
    for (const line of s.text.split("\n")) process.stdout.write(`    ${line.trim()}\n`);
    process.stdout.write("\n");
  }
  process.stdout.write(
    'run one: technic scan <id>   or your own: technic scan "close > sma(200) sort by roc(126) desc"\n',
  );
}
