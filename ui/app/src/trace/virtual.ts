// Which rows of a long list to put in the DOM: the ones in the viewport plus an overscan margin,
// so a 10,000-row waterfall keeps a few dozen row elements however far it is scrolled.

export interface RowRange {
  /** First row index to render. */
  start: number;
  /** One past the last row index to render. */
  end: number;
  /** Pixel offset of row `start` from the top of the list. */
  offsetTop: number;
  totalHeight: number;
}

export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): RowRange {
  const totalHeight = rowCount * rowHeight;
  const top = Math.max(0, Math.min(scrollTop, totalHeight - viewportHeight));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, last + overscan);
  return { start, end: Math.max(start, end), offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToRow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return Math.max(0, top - Math.max(0, viewportHeight - rowHeight) / 2);
  return null;
}
