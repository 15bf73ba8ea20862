// npm run bench:ui — the trace page on one 10,000-span trace in a real browser: time to the first
// painted waterfall rows, and frame times while scrolling and zooming the waterfall.
//
// Starts an in-process Vigil on a fresh data directory, sends the trace through the real
// OpenTelemetry SDK and OTLP/HTTP protobuf exporter, then drives Debian's Chromium (headless,
// 1280×800) and measures inside the page with the performance API (see lib/ui-page.ts). Options
// (environment):
//   BENCH_SPANS (10000)      spans in the trace       BENCH_RENDER_RUNS (7)  fresh navigations timed
//   BENCH_FRAMES (300)       frames per interaction   CHROMIUM_PATH (/usr/bin/chromium)
import { cpus, loadavg } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { startTestVigil, type TestVigil } from '../test/helpers/vigil.ts';
import { describeBigExecution, maxDepth, sendExecution } from './lib/ui-trace.ts';
import { installFirstRenderProbe, measureFrames, readFirstRender, scrollToMiddle, type FirstRender, type FrameAction, type Frames } from './lib/ui-page.ts';
import { frameRows, longFrameSummary, renderRows, table, type TableRow } from './lib/ui-report.ts';
import { fmt } from './lib/stats.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 10_000);
const RENDER_RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 7);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 300);
const WARMUP_FRAMES = 30;
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((n) => fmt(n, 2)).join(' / ');

const INTERACTIONS: { name: string; action: FrameAction }[] = [
  { name: 'scroll 100 px/frame', action: { kind: 'scroll', pxPerFrame: 100 } },
  { name: 'scroll 400 px/frame (stress)', action: { kind: 'scroll', pxPerFrame: 400 } },
  { name: 'zoom, ctrl+wheel over the bars', action: { kind: 'wheel-zoom', deltaY: 100 } },
  { name: 'zoom, keyboard + / − on the tree', action: { kind: 'key-zoom' } },
];

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits until the API returns every span of the trace; resolves with the response size in bytes. */
async function waitUntilStored(vigil: TestVigil, traceId: string): Promise<number> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const response = await fetch(`${vigil.api}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${vigil.key}` } });
    const body = response.ok ? await response.text() : '';
    if (body && (JSON.parse(body) as { spans: unknown[] }).spans.length === SPANS) return body.length;
    if (performance.now() > deadline) throw new Error(`trace ${traceId} not fully stored after 120 s (status ${response.status})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signIn(page: Page, vigil: TestVigil): Promise<void> {
  await page.goto(`${vigil.api}/sign-in`);
  await page.locator('input[type=password]').fill(vigil.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const loadBefore = load();
let vigil: TestVigil | undefined;
let browser: Browser | undefined;
try {
  const staleUi = uiBuildNeeded();
  if (staleUi) {
    log(`building the web UI (${staleUi})...`);
    await buildUi();
  }
  vigil = await startTestVigil();
  log(`generating and sending one ${fmt(SPANS)}-span execution with the OpenTelemetry SDK (OTLP/HTTP protobuf)...`);
  const root = describeBigExecution(SPANS, Date.now() - 2 * 3_600_000);
  const sendStart = performance.now();
  const traceId = await sendExecution(root, vigil.otlpHttp, vigil.key);
  const jsonBytes = await waitUntilStored(vigil, traceId);
  log(`  trace ${traceId}: sent and stored in ${fmt((performance.now() - sendStart) / 1000, 1)} s, ${fmt(jsonBytes / 2 ** 20, 1)} MiB of JSON from the API`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => log(`  page error: ${error.message}`));
  await signIn(page, vigil);
  await page.addInitScript(installFirstRenderProbe);

  const renders: FirstRender[] = [];
  for (let i = 0; i < RENDER_RUNS; i++) {
    await page.goto(`${vigil.api}/traces/${traceId}`);
    const render = await withTimeout(page.evaluate(readFirstRender, traceId), 120_000, 'first render');
    renders.push(render);
    log(`  first render ${i + 1}/${RENDER_RUNS}: rows painted at ${fmt(render.painted)} ms (trace response at ${fmt(render.api?.responseEnd ?? NaN)} ms)`);
  }

  await page.waitForTimeout(500);
  const frames: { name: string; result: Frames }[] = [];
  for (const { name, action } of INTERACTIONS) {
    if (action.kind !== 'scroll') {
      // From the middle of the trace, at the full time window ('0' resets the zoom).
      await page.evaluate(scrollToMiddle);
      await page.locator('[role=tree]').focus();
      await page.keyboard.press('0');
    }
    await page.waitForTimeout(300);
    log(`  ${name}: ${FRAMES} frames...`);
    frames.push({ name, result: await withTimeout(page.evaluate(measureFrames, { action, frames: FRAMES, warmup: WARMUP_FRAMES }), 120_000, name) });
  }

  const rows: TableRow[] = [...renderRows(renders), ...frames.flatMap(({ name, result }) => frameRows(name, result))];
  const sample = renders[0]!.api;
  console.log(`
Vigil UI benchmark — trace page, one ${fmt(SPANS)}-span trace (${maxDepth(root) + 1} levels: agents, LLM calls with messages,
tools, retrievals), ${fmt(jsonBytes / 2 ** 20, 1)} MiB of JSON for the full trace; the page fetched ${sample ? `${sample.path}: ${fmt(sample.bytes / 2 ** 20, 1)} MiB, ${fmt(sample.wireBytes / 2 ** 20, 1)} MiB on the wire` : '(no resource timing)'},
Chromium ${browser.version()} headless (software rendering), 1280×800

${table(rows)}

  frame time: begin-to-begin of consecutive frames (rAF timestamps, 100 µs resolution) — 16.7 ms means
  no frame dropped, so p95 up to 17.0 counts as on target; busy: frame begin → frame rendered on the
  main thread (events, rAF, style, layout, paint, commit; 1–2 ms on an empty page); over budget: frames
  longer than 1.5 vsync intervals. Input is synthetic (scrollTop, WheelEvent, KeyboardEvent) once per frame.

  long frames (≥ 50 ms, Long Animation Frames API), where their time went:
${longFrameSummary('first render', renders.flatMap((r) => r.longFrames), renders.length)}
${frames.map(({ name, result }) => longFrameSummary(name, result.longFrames, 1)).join('\n')}

  machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), load average 1/5/15 min ${loadBefore} before, ${load()} after;
  Node ${process.version}; median of ${renders.length} fresh navigations, ${FRAMES} frames per interaction after ${WARMUP_FRAMES} warm-up
`);
} finally {
  await browser?.close();
  await vigil?.close();
}
