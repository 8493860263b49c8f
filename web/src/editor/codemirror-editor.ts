// The CodeMirror 6 editor view for screens (loaded lazily: the page shows a plain textarea
// until this chunk arrives).

import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder } from "@codemirror/view";
import { acceptCompletion, completionKeymap } from "@codemirror/autocomplete";
import { screenLanguageSupport } from "./screen-language.ts";

export { screenDiagnostics } from "./screen-language.ts";

export interface EditorHandle {
  setText(text: string): void;
  focus(): void;
  destroy(): void;
}

export function createScreenEditor(
  parent: HTMLElement,
  text: string,
  onChange: (text: string) => void,
  onRun: () => void,
): EditorHandle {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        EditorView.lineWrapping,
        placeholder("close > sma(200) and rsi(14) < 30  sort by roc(63) desc"),
        keymap.of([
          { key: "Mod-Enter", run: () => (onRun(), true) },
          { key: "Tab", run: acceptCompletion },
          ...completionKeymap,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        ...screenLanguageSupport(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ "aria-label": "Screen", "data-testid": "screen-editor" }),
      ],
    }),
  });
  return {
    setText(next) {
      if (next !== view.state.doc.toString())
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
