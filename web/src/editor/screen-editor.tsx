// The screen editor on the page: a textarea at once, upgraded to CodeMirror (highlighting,
// autocomplete, inline errors) when its chunk has loaded. Under it, the compiler's own
// message with a caret under the spot, updated as the user types.

import { useEffect, useRef, useState } from "preact/hooks";
import type { EditorHandle } from "./codemirror-editor.ts";

type EditorModule = typeof import("./codemirror-editor.ts");
let editorModule: Promise<EditorModule> | null = null;
const loadEditor = () => (editorModule ??= import("./codemirror-editor.ts"));

export interface ScreenEditorProps {
  text: string;
  onChange: (text: string) => void;
  onRun: () => void;
  /** Whether the current text compiles (drives the Scan button). */
  onValidity: (valid: boolean) => void;
}

export function ScreenEditor({ text, onChange, onRun, onValidity }: ScreenEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [error, setError] = useState<string | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useEffect(() => {
    let cancelled = false;
    void loadEditor().then((m) => {
      if (cancelled || !host.current) return;
      host.current.replaceChildren();
      editor.current = m.createScreenEditor(
        host.current,
        text,
        (t) => callbacks.current.onChange(t),
        () => callbacks.current.onRun(),
      );
    });
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = null;
    };
  }, []);

  // Text set from outside (a gallery pick, a shared URL) goes into the editor.
  useEffect(() => editor.current?.setText(text), [text]);

  useEffect(() => {
    let current = true;
    void loadEditor().then((m) => {
      if (!current) return;
      const { message } = m.screenDiagnostics(text);
      setError(message);
      onValidity(message === null && text.trim() !== "");
    });
    return () => {
      current = false;
    };
  }, [text, onValidity]);

  return (
    <div class="editor">
      <div ref={host} class="editor-host">
        <textarea
          aria-label="Screen"
          data-testid="screen-editor"
          spellcheck={false}
          value={text}
          onInput={(e) => onChange((e.target as HTMLTextAreaElement).value)}
        />
      </div>
      {error && (
        <pre class="screen-error" role="alert" data-testid="screen-error">
          {error}
        </pre>
      )}
    </div>
  );
}
