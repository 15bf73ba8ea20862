// Mouse, wheel and keyboard input for the waterfall's zoom window. Drag across the bars to zoom
// to a range; Ctrl + wheel zooms around the pointer; Shift + wheel (or a sideways swipe) pans;
// + and − zoom around the centre, 0 resets.
import type { ScaleLinear } from 'd3-scale';
import { fullWindow, pan, selectWindow, zoomAround, type ZoomWindow } from './zoom.ts';

export interface ZoomInputOptions {
  total: () => number;
  window: () => ZoomWindow;
  scale: () => ScaleLinear<number, number>;
  /** Width of the span-name column left of the bars, in px (it narrows with the window). */
  labelWidth: () => number;
  setWindow: (w: ZoomWindow) => void;
}

const DRAG_THRESHOLD_PX = 4;
const STEP = 0.5;

export function createZoomInput(o: ZoomInputOptions) {
  let drag = $state<{ x0: number; x1: number } | null>(null);
  let dragging = $state(false);
  let swallowClick = false;

  const trackX = (e: MouseEvent, el: Element) => e.clientX - el.getBoundingClientRect().left - o.labelWidth();
  const width = () => o.scale().range()[1] ?? 0;
  const zoomAt = (ms: number, factor: number) => o.setWindow(zoomAround(o.window(), o.total(), ms, factor));
  const centre = () => (o.window().start + o.window().end) / 2;

  return {
    /** The range being dragged, in track pixels, for the overlay. */
    get selection(): { x: number; width: number } | null {
      if (!drag || !dragging) return null;
      return { x: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0) };
    },
    pointerDown(e: PointerEvent) {
      const el = e.currentTarget as Element;
      const x = trackX(e, el);
      if (e.button !== 0 || x < 0 || (e.target as Element).closest('button')) return;
      drag = { x0: x, x1: x };
      dragging = false;
    },
    pointerMove(e: PointerEvent) {
      if (!drag) return;
      const el = e.currentTarget as Element;
      drag.x1 = Math.max(0, Math.min(width(), trackX(e, el)));
      if (!dragging && Math.abs(drag.x1 - drag.x0) > DRAG_THRESHOLD_PX) {
        dragging = true;
        // Captured only once it is a drag, so a plain click still reaches the row under it.
        el.setPointerCapture(e.pointerId);
      }
    },
    pointerUp() {
      if (drag && dragging) {
        const s = o.scale();
        const w = selectWindow(s.invert(drag.x0), s.invert(drag.x1), o.total(), 0);
        if (w) o.setWindow(w);
        swallowClick = true;
      }
      drag = null;
      dragging = false;
    },
    swallowClickAfterDrag(e: MouseEvent) {
      if (!swallowClick) return;
      swallowClick = false;
      e.stopPropagation();
      e.preventDefault();
    },
    attachWheel(el: HTMLElement) {
      const onWheel = (e: WheelEvent) => {
        const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY);
        if (e.ctrlKey || e.metaKey) {
          const x = trackX(e, el);
          const at = x >= 0 ? o.scale().invert(x) : centre();
          zoomAt(at, Math.exp(Math.max(-1, Math.min(1, e.deltaY / 300))));
        } else if (e.shiftKey || sideways) {
          const px = sideways ? e.deltaX : e.deltaY;
          const w = o.window();
          o.setWindow(pan(w, o.total(), (px * (w.end - w.start)) / Math.max(1, width())));
        } else return;
        e.preventDefault();
      };
      el.addEventListener('wheel', onWheel, { passive: false });
      return () => el.removeEventListener('wheel', onWheel);
    },
    /** Handles + − 0; returns whether the key was one of them. */
    key(key: string): boolean {
      if (key === '+' || key === '=') zoomAt(centre(), STEP);
      else if (key === '-' || key === '_') zoomAt(centre(), 1 / STEP);
      else if (key === '0') o.setWindow(fullWindow(o.total()));
      else return false;
      return true;
    },
    zoomCentre(factor: number) {
      zoomAt(centre(), factor);
    },
  };
}
