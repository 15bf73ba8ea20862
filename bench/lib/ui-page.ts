// What the UI benchmark runs inside the page. Playwright sends these functions' source to the
// browser, so each is self-contained: no imports, no helpers from this module.
//
// Timing rests on two facts of Chromium's frame loop: a requestAnimationFrame callback receives the
// frame's begin time (before that frame's input and scroll events are dispatched), and a message
// posted from it is delivered only after the frame's style, layout and paint. The difference is
// the main thread's work for the frame; the difference between consecutive begin times is the
// frame time a user sees (one vsync, 16.7 ms at 60 Hz, when nothing is dropped).

// The browser globals used below, declared for this module only: the project compiles against
// Node's types, and lib.dom would change them for every file.
interface PageElement {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  focus(): void;
  dispatchEvent(event: object): boolean;
}
interface ResourceTiming { name: string; startTime: number; requestStart: number; responseStart: number; responseEnd: number; encodedBodySize: number; decodedBodySize: number }
interface ObservedEntry { startTime: number; toJSON(): unknown }
declare const document: { querySelector(selector: string): PageElement | null; readonly activeElement: PageElement | null };
declare const performance: { now(): number; getEntriesByType(type: 'resource'): ResourceTiming[] };
declare function requestAnimationFrame(callback: (frameStart: number) => void): number;
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: object, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
}
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): ObservedEntry[] }) => void);
  observe(options: { type: 'long-animation-frame'; buffered?: boolean }): void;
  disconnect(): void;
}
declare class MessageChannel {
  readonly port1: { onmessage: (() => void) | null };
  readonly port2: { postMessage(message: unknown): void };
}
declare class WheelEvent {
  constructor(type: 'wheel', init: { deltaY: number; ctrlKey: boolean; clientX: number; clientY: number; bubbles: boolean; cancelable: boolean });
}
declare class KeyboardEvent {
  constructor(type: 'keydown', init: { key: string; bubbles: boolean; cancelable: boolean });
}

/** A long animation frame (≥ 50 ms) as the browser reports it (PerformanceLongAnimationFrameTiming). */
export interface LongFrameJson {
  startTime: number;
  duration: number;
  styleAndLayoutStart: number;
  scripts: { invoker: string; sourceFunctionName: string; duration: number; forcedStyleAndLayoutDuration: number }[];
}

export interface FirstRender {
  /** ms from navigation start (performance.timeOrigin) */
  rowsInDom: number;
  painted: number;
  api: { path: string; start: number; requestStart: number; responseStart: number; responseEnd: number; bytes: number; wireBytes: number } | null;
  longFrames: LongFrameJson[];
}

export interface Frames {
  /** Begin-to-begin times of consecutive frames, ms. */
  intervals: number[];
  /** Frame begin to frame rendered on the main thread (events, rAF, style, layout, paint), ms. */
  busy: number[];
  longFrames: LongFrameJson[];
}

export type FrameAction = { kind: 'scroll'; pxPerFrame: number } | { kind: 'wheel-zoom'; deltaY: number } | { kind: 'key-zoom' };

/** Init script: records when the first waterfall rows are in the DOM and when they are painted. */
export function installFirstRenderProbe(): void {
  type Probe = { longFrames: LongFrameJson[]; rowsInDom?: number; painted?: number; done: Promise<void> };
  let resolve!: () => void;
  const probe: Probe = { longFrames: [], done: new Promise((r) => (resolve = r)) };
  (globalThis as unknown as { __benchProbe: Probe }).__benchProbe = probe;
  new PerformanceObserver((list) => probe.longFrames.push(...list.getEntries().map((e) => e.toJSON() as LongFrameJson))).observe({ type: 'long-animation-frame', buffered: true });
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[role=treeitem]')) return;
    observer.disconnect();
    probe.rowsInDom = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        probe.painted = performance.now();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Resolves once the probe saw the rows painted, with the resource timing of the fetch it drew from. */
export async function readFirstRender(traceId: string): Promise<FirstRender> {
  type Probe = { longFrames: LongFrameJson[]; rowsInDom: number; painted: number; done: Promise<void> };
  const probe = (globalThis as unknown as { __benchProbe: Probe }).__benchProbe;
  await probe.done;
  await new Promise((r) => setTimeout(r, 200)); // observers deliver the last long frames asynchronously
  // The page draws from the timeline (GET /api/traces/<id>/timeline); earlier builds fetched the full trace.
  const resources = performance.getEntriesByType('resource');
  const entry = resources.find((e) => new URL(e.name).pathname === `/api/traces/${traceId}/timeline`)
    ?? resources.find((e) => new URL(e.name).pathname === `/api/traces/${traceId}`);
  const longFrames = probe.longFrames.filter((f) => f.startTime < probe.painted);
  return {
    rowsInDom: probe.rowsInDom,
    painted: probe.painted,
    api: entry ? { path: new URL(entry.name).pathname, start: entry.startTime, requestStart: entry.requestStart, responseStart: entry.responseStart, responseEnd: entry.responseEnd, bytes: entry.decodedBodySize, wireBytes: entry.encodedBodySize } : null,
    longFrames,
  };
}

/** Drives the waterfall once per frame for `warmup + frames` frames and times every frame. */
export async function measureFrames({ action, frames, warmup }: { action: FrameAction; frames: number; warmup: number }): Promise<Frames> {
  const tree = document.querySelector('[role=tree]')!;
  const box = tree.getBoundingClientRect();
  const labelWidth = 320;
  const overBars = { clientX: box.left + labelWidth + (box.width - labelWidth) / 2, clientY: box.top + box.height / 2 };
  tree.focus();
  // Read once: reading layout inside the loop would force it early in every frame.
  const maxScroll = tree.scrollHeight - tree.clientHeight;
  let scrollTop = tree.scrollTop;
  let direction = 1;
  const act = (i: number) => {
    // Zoom in for 20 frames, then out for 20, and so on: the window stays within its bounds.
    const zoomIn = Math.floor(i / 20) % 2 === 0;
    if (action.kind === 'scroll') {
      if (scrollTop + action.pxPerFrame * direction < 0 || scrollTop + action.pxPerFrame * direction > maxScroll) direction = -direction;
      scrollTop += action.pxPerFrame * direction;
      tree.scrollTop = scrollTop;
    } else if (action.kind === 'wheel-zoom') {
      tree.dispatchEvent(new WheelEvent('wheel', { ...overBars, deltaY: zoomIn ? -action.deltaY : action.deltaY, ctrlKey: true, bubbles: true, cancelable: true }));
    } else {
      (document.activeElement ?? tree).dispatchEvent(new KeyboardEvent('keydown', { key: zoomIn ? '+' : '-', bubbles: true, cancelable: true }));
    }
  };

  const loaf: LongFrameJson[] = [];
  const observer = new PerformanceObserver((list) => loaf.push(...list.getEntries().map((e) => e.toJSON() as LongFrameJson)));
  observer.observe({ type: 'long-animation-frame' });
  const intervals: number[] = [];
  const busy: number[] = [];
  let measuredFrom = Infinity;
  await new Promise<void>((resolve) => {
    let i = 0;
    let previous = 0;
    const tick = (frameStart: number) => {
      if (i > warmup) intervals.push(frameStart - previous);
      previous = frameStart;
      if (i === warmup + frames) return resolve();
      if (i === warmup) measuredFrom = frameStart;
      if (i >= warmup) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => busy.push(performance.now() - frameStart);
        channel.port2.postMessage(null);
      }
      act(i++);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await new Promise((r) => setTimeout(r, 200));
  observer.disconnect();
  return { intervals, busy, longFrames: loaf.filter((f) => f.startTime >= measuredFrom) };
}

/** Scrolls the waterfall to the middle of the trace. */
export function scrollToMiddle(): void {
  const tree = document.querySelector('[role=tree]')!;
  tree.scrollTop = tree.scrollHeight / 2;
}
