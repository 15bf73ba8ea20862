// What the UI benchmark runs inside the page. Playwright sends these functions' source to the
// browser, so each is self-contained: no imports, no helpers from this module.
//
// Timing rests on two facts of Chromium's frame loop: a requestAnimationFrame callback receives the
// frame's begin time (before that frame's input and scroll events are dispatched), and a message
// posted from it is delivered only after the frame's style, layout and paint. The difference is
// the main thread's work for the frame; the difference between consecutive begin times is the
// frame time a user sees (one vsync, 16.7 ms at 60 Hz, when nothing is dropped).

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
  api: { start: number; requestStart: number; responseStart: number; responseEnd: number; bytes: number; wireBytes: number } | null;
  longFrames: LongFrameJson[];
}

export interface Frames {
  /** Begin-to-begin times of consecutive frames, ms. */
  intervals: number[];
  /** Main-thread work per frame (events, rAF, style, layout, paint), ms. */
  busy: number[];
  longFrames: LongFrameJson[];
}

export type FrameAction = { kind: 'scroll'; pxPerFrame: number } | { kind: 'wheel-zoom'; deltaY: number } | { kind: 'key-zoom' };

/** Init script: records when the first waterfall rows are in the DOM and when they are painted. */
export function installFirstRenderProbe(): void {
  type Probe = { loaf: PerformanceEntry[]; rowsInDom?: number; painted?: number; done: Promise<void> };
  let resolve!: () => void;
  const probe: Probe = { loaf: [], done: new Promise((r) => (resolve = r)) };
  (window as unknown as { __benchProbe: Probe }).__benchProbe = probe;
  new PerformanceObserver((list) => probe.loaf.push(...list.getEntries())).observe({ type: 'long-animation-frame', buffered: true });
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

/** Resolves once the probe saw the rows painted, with the trace fetch's resource timing. */
export async function readFirstRender(traceId: string): Promise<FirstRender> {
  type Probe = { loaf: PerformanceEntry[]; rowsInDom: number; painted: number; done: Promise<void> };
  const probe = (window as unknown as { __benchProbe: Probe }).__benchProbe;
  await probe.done;
  await new Promise((r) => setTimeout(r, 200)); // observers deliver the last long frames asynchronously
  const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => new URL(e.name).pathname === `/api/traces/${traceId}`);
  const longFrames = probe.loaf.filter((f) => f.startTime < probe.painted).map((f) => f.toJSON() as LongFrameJson);
  return {
    rowsInDom: probe.rowsInDom,
    painted: probe.painted,
    api: entry ? { start: entry.startTime, requestStart: entry.requestStart, responseStart: entry.responseStart, responseEnd: entry.responseEnd, bytes: entry.decodedBodySize, wireBytes: entry.encodedBodySize } : null,
    longFrames,
  };
}

/** Drives the waterfall once per frame for `warmup + frames` frames and times every frame. */
export async function measureFrames({ action, frames, warmup }: { action: FrameAction; frames: number; warmup: number }): Promise<Frames> {
  const tree = document.querySelector<HTMLElement>('[role=tree]')!;
  const box = tree.getBoundingClientRect();
  const labelWidth = 320;
  const overBars = { clientX: box.left + labelWidth + (box.width - labelWidth) / 2, clientY: box.top + box.height / 2 };
  tree.focus();
  let direction = 1;
  const act = (i: number) => {
    // Zoom in for 20 frames, then out for 20, and so on: the window stays within its bounds.
    const zoomIn = Math.floor(i / 20) % 2 === 0;
    if (action.kind === 'scroll') {
      const next = tree.scrollTop + action.pxPerFrame * direction;
      if (next < 0 || next > tree.scrollHeight - tree.clientHeight) direction = -direction;
      tree.scrollTop += action.pxPerFrame * direction;
    } else if (action.kind === 'wheel-zoom') {
      tree.dispatchEvent(new WheelEvent('wheel', { ...overBars, deltaY: zoomIn ? -action.deltaY : action.deltaY, ctrlKey: true, bubbles: true, cancelable: true }));
    } else {
      (document.activeElement ?? tree).dispatchEvent(new KeyboardEvent('keydown', { key: zoomIn ? '+' : '-', bubbles: true, cancelable: true }));
    }
  };

  const loaf: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => loaf.push(...list.getEntries()));
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
  const longFrames = loaf.filter((f) => f.startTime >= measuredFrom).map((f) => f.toJSON() as LongFrameJson);
  return { intervals, busy, longFrames };
}
