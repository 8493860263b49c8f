// A Preact binding for @tanstack/virtual-core (the maintained virtualizer behind
// react-virtual): only the rows in view (plus overscan) are in the DOM, so 7,700 rows
// scroll like 50.

import {
  Virtualizer,
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type VirtualItem,
} from "@tanstack/virtual-core";
import { useLayoutEffect, useReducer, useState } from "preact/hooks";

export function useVirtualRows(
  count: number,
  scrollElement: () => HTMLElement | null,
  rowHeight: number,
): { items: VirtualItem[]; totalSize: number; scrollToIndex: (i: number) => void } {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, Element>({
        count,
        getScrollElement: scrollElement,
        estimateSize: () => rowHeight,
        overscan: 12,
        observeElementRect,
        observeElementOffset,
        scrollToFn: elementScroll,
        onChange: () => rerender(undefined),
      }),
  );
  virtualizer.setOptions({ ...virtualizer.options, count, estimateSize: () => rowHeight });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  return {
    items: virtualizer.getVirtualItems(),
    totalSize: virtualizer.getTotalSize(),
    scrollToIndex: (i) => virtualizer.scrollToIndex(i),
  };
}
