// The screen editor on the page: a textarea at once, upgraded to CodeMirror (highlighting,
// autocomplete, inline errors) when its chunk has loaded. Under it, the compiler's own
// message with a caret under the spot, updated as the user types.

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
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
  // The latest text, for an editor created after it changed (the chunk loads asynchronously).
  const latest = useRef(text);
  latest.current = text;

  useEffect(() => {
    let cancelled = false;
    void loadEditor().then((m) => {
      if (cancelled || !host.current) return;
      host.current.replaceChildren();
      editor.current = m.createScreenEditor(
        host.current,
        latest.current,
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

  // Text set from outside (a gallery pick, a shared URL) goes into the editor, in a layout
  // effect: it runs as this render commits, so it always carries the text just rendered. A
  // plain effect waits for the next frame, and Preact runs a still-pending one just before
  // the component's next render: a keystroke landing in between (fast typing; select all,
  // Delete, then paste) had that render push the older text back into the editor, whose
  // change set it as the page's text, whose render pushed the newer one back, and so on: an
  // endless render loop that froze the page (and a replaceState per turn flooded the browser).
  useLayoutEffect(() => editor.current?.setText(text), [text]);

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
