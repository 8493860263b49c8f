// The gallery of built-in screens: one card each, with its one-line description.

import type { BuiltinScreen } from "../types.ts";

export function Gallery(props: {
  screens: BuiltinScreen[];
  selected: string | null;
  onPick: (s: BuiltinScreen) => void;
}) {
  if (props.screens.length === 0) return null;
  return (
    <nav class="gallery" aria-label="Built-in screens">
      {props.screens.map((s) => (
        <button
          type="button"
          key={s.id}
          class={props.selected === s.id ? "card on" : "card"}
          data-screen={s.id}
          onClick={() => props.onPick(s)}
        >
          <strong>{s.title}</strong>
          <span>{s.description}</span>
        </button>
      ))}
    </nav>
  );
}
