import { describe, expect, it } from 'vitest';
import { compareRuns, type RunComparison } from './compare.ts';
import type { AssertionResult, CaseResult, SuiteRun } from '../../core/suites/model.ts';
import { junitXml, markdown, markdownText } from './report.ts';

const PUBLIC_URL = 'https://vigil.example.com/';

const assertion = (type: string, pass: boolean, reason = pass ? 'ok' : `${type} failed`): AssertionResult => ({ type, pass, score: pass ? 1 : 0, reason });

function result(caseId: string, pass: boolean, extra: Partial<CaseResult> = {}): CaseResult {
  return { caseId, description: caseId, pass, score: pass ? 1 : 0, assertions: [assertion('contains', pass)], latencyMs: 1200, costUsd: 0.002, output: 'fine', traceId: `trace-${caseId}`, error: '', vars: {}, ...extra };
}

function suiteRun(id: string, cases: CaseResult[]): SuiteRun {
  return { id, suite: 'support', agent: 'support-bot', agentVersion: '2.0.0', gitCommit: '0123456789abcdef', startedAt: '2025-01-01T00:00:00Z', durationMs: 4321, cases };
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Resolves references, refusing a bare `&` and references to characters XML 1.0 forbids. */
function decode(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    if (raw[i] !== '&') {
      out += raw[i++];
      continue;
    }
    REFERENCE.lastIndex = i;
    const m = REFERENCE.exec(raw);
    if (!m) throw new Error(`bare & at ${raw.slice(i, i + 20)}`);
    const char = m[1] ? NAMED[m[1]]! : String.fromCodePoint(Number.parseInt(m[2] ?? m[3]!, m[2] ? 10 : 16));
    if (NOT_XML_CHAR.test(char)) throw new Error(`reference to a character XML 1.0 forbids: ${m[0]}`);
    out += char;
    i = REFERENCE.lastIndex;
  }
  return out;
}

/** A strict parser for the XML subset the report writes (declaration, elements, attributes, text): throws where a conforming parser would. */
function parseXml(xml: string): XmlElement {
  if (NOT_XML_CHAR.test(xml)) throw new Error('a character XML 1.0 forbids');
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!xml.startsWith(declaration)) throw new Error('no XML declaration');
  const token = /<\/([A-Za-z_][\w.:-]*)>|<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (let i = declaration.length; i < xml.length; ) {
    token.lastIndex = i;
    const m = token.exec(xml);
    if (!m) throw new Error(`not well-formed at ${JSON.stringify(xml.slice(i, i + 40))}`);
    i = token.lastIndex;
    const [, closing, opening, attributeText = '', selfClosing, text] = m;
    if (closing) {
      if (stack.pop()?.name !== closing) throw new Error(`</${closing}> does not close the open element`);
    } else if (opening) {
      const attributes: Record<string, string> = {};
      for (const [, name, value] of attributeText.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
        if (name! in attributes) throw new Error(`attribute ${name} twice`);
        attributes[name!] = decode(value!);
      }
      const element: XmlElement = { name: opening, attributes, children: [], text: '' };
      if (stack.length > 0) stack.at(-1)!.children.push(element);
      else if (root) throw new Error('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    } else if (text) {
      if (text.includes(']]>')) throw new Error(']]> in character data');
      if (stack.length === 0) {
        if (text.trim()) throw new Error('text outside the root element');
      } else stack.at(-1)!.text += decode(text);
    }
  }
  if (!root || stack.length > 0) throw new Error('unclosed elements');
  return root;
}

const child = (element: XmlElement | undefined, name: string) => element?.children.find((c) => c.name === name);
const propertiesOf = (element: XmlElement | undefined) => Object.fromEntries((child(element, 'properties')?.children ?? []).map((p) => [p.attributes.name, p.attributes.value]));

describe('junitXml', () => {
  it('writes the testsuite structure JUnit consumers expect, with failures, errors, properties and trace links', () => {
    const run = suiteRun('run-1', [
      result('greeting', true),
      result('refund', false, { score: 0.5, assertions: [assertion('contains', true), assertion('vigil:groundedness', false, 'claims a 90-day window')] }),
      result('timeout', false, { assertions: [], error: 'HTTP 504 from the agent', traceId: '' }),
    ]);
    const root = parseXml(junitXml(run, undefined, { publicUrl: PUBLIC_URL }));

    expect(root.name).toBe('testsuites');
    expect(root.children.map((c) => c.name)).toEqual(['testsuite']);
    const suite = root.children[0]!;
    for (const element of [root, suite]) expect(element.attributes).toMatchObject({ tests: '3', failures: '1', errors: '1', skipped: '0', time: '4.321', timestamp: '2025-01-01T00:00:00Z' });
    expect(suite.attributes.name).toBe('support');
    expect(propertiesOf(suite)).toMatchObject({ suite: 'support', agent: 'support-bot', version: '2.0.0', commit: '0123456789abcdef', 'vigil.runId': 'run-1' });

    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => [c.attributes.name, c.attributes.classname, c.attributes.time])).toEqual([
      ['greeting', 'support', '1.200'],
      ['refund', 'support', '1.200'],
      ['timeout', 'support', '1.200'],
    ]);
    const [greeting, refund, timeout] = cases;
    expect(child(greeting, 'failure')).toBeUndefined();
    expect(propertiesOf(greeting)).toMatchObject({ 'url:trace': 'https://vigil.example.com/traces/trace-greeting', 'vigil.traceId': 'trace-greeting' });
    expect(child(greeting, 'system-out')?.text).toBe('Trace: https://vigil.example.com/traces/trace-greeting\nOutput:\nfine');

    expect(child(refund, 'failure')?.attributes).toEqual({ message: 'vigil:groundedness: claims a 90-day window', type: 'vigil:groundedness' });
    expect(child(refund, 'failure')?.text).toBe('vigil:groundedness: claims a 90-day window');

    expect(child(timeout, 'error')?.attributes).toEqual({ message: 'HTTP 504 from the agent', type: 'provider-error' });
    expect(child(timeout, 'failure')).toBeUndefined();
    expect(propertiesOf(timeout)).not.toHaveProperty('url:trace');
  });

  it('links no trace without a public URL', () => {
    const root = parseXml(junitXml(suiteRun('r', [result('a', true)])));
    const testcase = root.children[0]!.children.find((c) => c.name === 'testcase');
    expect(propertiesOf(testcase)).toEqual({ 'vigil.traceId': 'trace-a', 'vigil.caseId': 'a' });
    expect(child(testcase, 'system-out')?.text).toBe('Output:\nfine');
  });

  it('escapes ]]>, <, &, quotes and line breaks, and writes characters XML forbids as visible escapes', () => {
    const hostile = 'a]]>b <script>&amp; "q" \'s\'\r\nnext\u0000\u0008\u000B\u001B[31m\uFFFF lone\uD800 ok\uD83D\uDE00';
    const shown = 'a]]>b <script>&amp; "q" \'s\'\r\nnext\\u0000\\u0008\\u000B\\u001B[31m\\uFFFF lone\\uD800 ok\uD83D\uDE00';
    const run = suiteRun('r', [result(hostile, false, { output: hostile, assertions: [assertion(`contains`, false, hostile)] })]);
    run.suite = hostile;
    const xml = junitXml(run);

    expect(xml).not.toContain(']]>');
    const suite = parseXml(xml).children[0]!;
    expect(suite.attributes.name).toBe(shown);
    expect(propertiesOf(suite).suite).toBe(shown);
    const testcase = suite.children.find((c) => c.name === 'testcase');
    expect(testcase?.attributes.name).toBe(shown);
    expect(child(testcase, 'failure')?.attributes.message).toBe(`contains: ${shown}`);
    expect(child(testcase, 'failure')?.text).toBe(`contains: ${shown}`);
    expect(child(testcase, 'system-out')?.text).toBe(`Output:\n${shown}`);
  });

  it('cuts huge outputs and reasons', () => {
    const huge = 'x'.repeat(1_000_000);
    const xml = junitXml(suiteRun('r', [result('a', false, { output: huge, assertions: [assertion('llm-rubric', false, huge)] })]));
    expect(xml.length).toBeLessThan(10_000);
    const testcase = parseXml(xml).children[0]!.children.find((c) => c.name === 'testcase');
    expect(child(testcase, 'system-out')?.text).toMatch(/^Output:\nx{4000}… \[996000 more characters cut\]$/);
    expect(child(testcase, 'failure')?.attributes.message).toMatch(/^llm-rubric: x{300}… \[999700 more characters cut\]$/);
  });

  it('marks newly failing cases and records the comparison', () => {
    const run = suiteRun('run', [result('a', false), result('b', false)]);
    const comparison = JSON.parse(JSON.stringify(compareRuns(run, suiteRun('base', [result('a', true), result('b', false)])))) as RunComparison;
    const suite = parseXml(junitXml(run, comparison)).children[0]!;
    expect(propertiesOf(suite)).toMatchObject({ 'vigil.baselineRunId': 'base', 'vigil.regressed': 'true', 'vigil.newlyFailing': '1' });
    const [a, b] = suite.children.filter((c) => c.name === 'testcase');
    expect(child(a, 'failure')?.attributes.message).toBe('[newly failing] contains: contains failed');
    expect(child(a, 'failure')?.text).toBe('contains: contains failed\nNewly failing: passed in baseline run base (score 1 → 0).');
    expect(child(b, 'failure')?.attributes.message).toBe('contains: contains failed');
  });
});

/** Pipes that end a table cell (an escaped `\|` does not). */
const cellBreaks = (line: string) => line.match(/(?<!\\)\|/g)?.length ?? 0;

describe('markdown', () => {
  const baseline = suiteRun('base', [
    result('refund', true, { costUsd: 0.004, assertions: [assertion('contains', true), assertion('vigil:groundedness', true)] }),
    result('greeting', false),
    result('dropped', true),
  ]);
  const run = suiteRun('run', [
    result('refund', false, { score: 0.5, assertions: [assertion('contains', true), assertion('vigil:groundedness', false, 'claims a 90-day window'), assertion('vigil:cost', false, 'over budget')] }),
    result('greeting', true, { latencyMs: 1800 }),
    result('new case', true),
  ]);

  it('gives the verdict, a totals table with deltas, the cases that changed and the significance note', () => {
    // As the CLI gets it: over JSON from the API.
    const comparison = JSON.parse(JSON.stringify(compareRuns(run, baseline))) as RunComparison;
    const text = markdown(run, comparison, { publicUrl: PUBLIC_URL });
    expect(text).toContain('### Vigil suite support');
    expect(text).toContain('Agent support-bot 2\\.0.0 (commit 0123456789ab), run run; baseline 2\\.0.0 (commit 0123456789ab), run base.');
    expect(text).toContain('**❌ Regressed.** 1 case that passed in baseline run base fails now, more than the tolerance of 0: "refund".');
    expect(text).toContain('- 1 baseline case is not in this run \\("dropped"\\) and does not count.');
    expect(text).toContain(
      [
        '| | This run | Baseline | Change |',
        '|:--|--:|--:|--:|',
        '| Cases | 3 | 3 | 0 |',
        '| Pass rate | 66.7% (2/3) | 66.7% (2/3) | 0 |',
        '| Median latency | 1.20 s | 1.20 s | 0 |',
        '| Cost | \\$0.0060 | \\$0.0080 | −\\$0.0020 (×0.75) |',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '#### Newly failing (1)',
        '- **refund** · [trace](https://vigil.example.com/traces/trace-refund) — score 1 → 0.5',
        '  - vigil:groundedness: claims a 90-day window _(started failing)_',
        '  - vigil:cost: over budget _(new assertion)_',
        '  - Output: fine',
      ].join('\n'),
    );
    expect(text).toContain('#### Newly passing (1)\n- greeting · [trace](https://vigil.example.com/traces/trace-greeting)');
    expect(text).toContain('#### Added (1)\n- new case · [trace](https://vigil.example.com/traces/trace-new%20case) — passes');
    expect(text).toContain('#### Removed (1)\n- dropped');
    expect(text.trimEnd().split('\n').at(-1)).toBe(`**Significance.** ${compareRuns(run, baseline).significance.note}`);
  });

  it('summarises a run on its own', () => {
    const text = markdown(run);
    expect(text).toContain('**❌ 1 of 3 cases failed.**');
    expect(text).toContain('| | This run |\n|:--|--:|\n| Cases | 3 |\n| Pass rate | 66.7% (2/3) |\n| Median latency | 1.20 s |\n| Cost | \\$0.0060 |');
    expect(text).toContain('#### Failing (1)\n- **refund**\n');
    expect(text).not.toContain('Significance');
    expect(markdown(suiteRun('r', [result('a', true)]))).toContain('**✅ All 1 cases passed.**');
  });

  it('keeps still-failing cases folded away', () => {
    const allFailing = suiteRun('base', [result('a', false), result('b', false)]);
    const text = markdown(allFailing, compareRuns(allFailing, allFailing));
    expect(text).toContain('**✅ No regression.** No case that passed in baseline run base fails now.');
    expect(text).toContain('<details><summary>Still failing (2)</summary>\n\n- a — fails: contains failed\n- b — fails: contains failed\n\n</details>');
  });

  it('lets no untrusted text inject markup, mentions, links or table cells', () => {
    const attacks = [
      '<img src=x onerror=alert(1)>',
      '[click here](https://evil.example)',
      '![pixel](https://tracker.example/p.png)',
      'a | b\n| --- | --- |\n# Approved by security',
      '`code` **bold** _it_ ~~gone~~ $x^2$',
      '@octocat please merge, fixes #1',
      '</details><script>x</script>',
      '&lt;b&gt;',
    ];
    const hostile = attacks.map((attack, i) =>
      result(`case ${i}`, false, { description: attack, output: attack, error: i === 0 ? attack : '', assertions: [assertion(attack, false, attack)] }),
    );
    const hostileRun = { ...suiteRun('run', hostile), suite: attacks[0]!, agent: attacks[5]! };
    const text = markdown(hostileRun, compareRuns(hostileRun, suiteRun('base', hostile.map((c) => ({ ...c, pass: true })))), { publicUrl: PUBLIC_URL });

    expect(text).not.toMatch(/<(?!details>|summary>|\/details>|\/summary>)/);
    expect(text).not.toContain('](https://evil');
    expect(text).not.toContain('](https://tracker');
    expect(text).not.toMatch(/(?<!\\)`/);
    expect(text).not.toMatch(/(?<!\\)\*\*bold/);
    expect(text).not.toMatch(/(?<!\\)\$x/);
    expect(text).not.toMatch(/@octocat|#1/);
    expect(text).toContain('@\u200Boctocat');
    expect(text).not.toMatch(/^#+ Approved/m);
    expect(text).toContain('&amp;lt;b&amp;gt;');
    for (const line of text.split('\n').filter((l) => l.startsWith('|'))) expect(cellBreaks(line), line).toBe(5);
  });

  it('escapes pipes, angle brackets, backticks and newlines for a table cell', () => {
    const cell = markdownText('a | b\r\n<c>\n`d`');
    expect(cell).toBe('a \\| b &lt;c&gt; \\`d\\`');
    expect(markdownText('\n  - nested list')).toBe('\\- nested list');
    expect(markdownText('12. ordered list')).toBe('12\\. ordered list');
    expect(markdownText('+ item')).toBe('\\+ item');
    expect(cellBreaks(`| ${cell} |`)).toBe(2);
  });

  it('stays well under GitHub’s comment limit, ending long lists with "and N more"', () => {
    const reason = '<'.repeat(10_000);
    const many = Array.from({ length: 2000 }, (_, i) =>
      result(`case ${i} ${'d'.repeat(500)}`, false, { output: reason, assertions: Array.from({ length: 8 }, () => assertion('rubric', false, reason)) }),
    );
    const bigRun = suiteRun('run', many);
    const text = markdown(bigRun, compareRuns(bigRun, suiteRun('base', many.map((c) => ({ ...c, pass: true })))), { publicUrl: PUBLIC_URL });
    expect(text.length).toBeLessThanOrEqual(50_000);
    expect(text).toMatch(/^- _and \d+ more_$/m);
    expect(text).toContain('  - _and 3 more failing assertions_');
    expect(text).toContain('**Significance.**');

    const small = markdown(bigRun, undefined, { maxChars: 20_000 });
    expect(small.length).toBeLessThanOrEqual(20_000);
    expect(small).toContain('- **case 0 ddd');
    expect(small).toMatch(/^- _and 199\d more_$/m);
  });
});
