import { describe, expect, it } from 'vitest';
import { makeSpan } from './fixtures.ts';
import { TraceContent } from './content.ts';

/** A fetcher whose responses the test settles by hand, recording every path asked for. */
function manualFetch() {
  const calls: { path: string; resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  const fetch = (path: string) => new Promise<unknown>((resolve, reject) => calls.push({ path, resolve, reject }));
  return { calls, fetch };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('TraceContent', () => {
  it('loads a span once, caches it and reports each change', async () => {
    const { calls, fetch } = manualFetch();
    let changes = 0;
    const content = new TraceContent('t/1', fetch, () => changes++);
    expect(content.span('a')).toBeNull();
    content.load('a');
    content.load('a');
    expect(calls.map((c) => c.path)).toEqual(['/api/traces/t%2F1/spans/a']);
    expect(content.span('a')).toEqual({ state: 'loading' });
    const span = makeSpan({ spanId: 'a', output: 'hi' });
    calls[0]!.resolve(span);
    await settle();
    expect(content.span('a')).toEqual({ state: 'ready', span });
    content.load('a');
    expect(calls).toHaveLength(1);
    expect(changes).toBe(2);
  });

  it('keeps an error until retried', async () => {
    const { calls, fetch } = manualFetch();
    const content = new TraceContent('t1', fetch, () => {});
    content.load('a');
    calls[0]!.reject(new Error('HTTP 503'));
    await settle();
    expect(content.span('a')).toEqual({ state: 'error', message: 'HTTP 503' });
    content.load('a');
    expect(calls).toHaveLength(1);
    content.retry('a');
    expect(calls).toHaveLength(2);
    expect(content.span('a')).toEqual({ state: 'loading' });
  });

  it('loads the whole trace once for text search and fills the span cache from it', async () => {
    const { calls, fetch } = manualFetch();
    const content = new TraceContent('t1', fetch, () => {});
    content.loadAll();
    content.loadAll();
    expect(calls.map((c) => c.path)).toEqual(['/api/traces/t1']);
    expect(content.text).toBe('loading');
    const spans = [makeSpan({ spanId: 'a' }), makeSpan({ spanId: 'b' })];
    calls[0]!.resolve({ execution: null, spans });
    await settle();
    expect(content.text).toBe('ready');
    expect(content.all).toBe(spans);
    expect(content.span('b')).toEqual({ state: 'ready', span: spans[1] });
    content.load('b');
    expect(calls).toHaveLength(1);
  });

  it('reports a failed whole-trace load and tries again when asked', async () => {
    const { calls, fetch } = manualFetch();
    const content = new TraceContent('t1', fetch, () => {});
    content.loadAll();
    calls[0]!.reject(new Error('timeout'));
    await settle();
    expect([content.text, content.textError, content.all]).toEqual(['error', 'timeout', null]);
    content.loadAll();
    expect(calls).toHaveLength(2);
  });

  it('keeps the loaded spans of the same trace across a refresh', async () => {
    const { calls, fetch } = manualFetch();
    const first = new TraceContent('t1', fetch, () => {});
    first.load('a');
    calls[0]!.resolve(makeSpan({ spanId: 'a' }));
    await settle();
    expect(new TraceContent('t1', fetch, () => {}, first).span('a')?.state).toBe('ready');
    expect(new TraceContent('t2', fetch, () => {}, first).span('a')).toBeNull();
  });
});
