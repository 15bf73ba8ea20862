// A suite run as CI reads it: JUnit XML for test-result viewers, and a Markdown summary that fits a
// pull-request comment. Pure: run (and comparison) in, text out. Everything the agent under test or a
// suite author wrote (outputs, reasons, descriptions, names) is escaped for the format it lands in.

import { byOccurrence, type CaseComparison, type RunComparison } from './compare.ts';
import { cut, totalsOf, type CaseResult, type SuiteRun } from '../../core/suites/model.ts';

export interface ReportOptions {
  /** Base URL of the Vigil UI (VIGIL_PUBLIC_URL); with it, each case with a trace id links to its trace. */
  publicUrl?: string;
}

export interface MarkdownOptions extends ReportOptions {
  /** Longest summary; GitHub rejects comments over 65,536 characters. Default 50,000. */
  maxChars?: number;
}

/** Scores are means of assertion scores: two decimals are what a reader compares. */
const score = (value: number | undefined): string => (value === undefined ? '?' : String(Math.round(value * 100) / 100));

export function traceUrl(publicUrl: string | undefined, traceId: string): string | undefined {
  if (!publicUrl || !traceId) return undefined;
  return `${publicUrl.replace(/\/+$/, '')}/traces/${encodeURIComponent(traceId)}`;
}

// ---- JUnit XML -------------------------------------------------------------------------------------

const JUNIT_OUTPUT_CHARS = 4000;
const JUNIT_REASON_CHARS = 2000;
const JUNIT_MESSAGE_CHARS = 300;

// XML 1.0 §2.2: a document may hold no C0 control but tab, LF and CR, no U+FFFE/U+FFFF and no unpaired
// surrogate, not even as a character reference. Such characters are written as visible \uXXXX text.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const visible = (char: string) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Character data; `>` is escaped too, so `]]>` cannot appear, and CR survives line-end normalisation. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, visible).replace(/[&<>\r]/g, (char) => XML_ENTITY[char]!);
}

/** An attribute value between double quotes; tab and line breaks as references so they survive normalisation (XML 1.0 §3.3.3). */
export function xmlAttr(text: string): string {
  return text.replace(NOT_XML_CHAR, visible).replace(/[&<>"'\t\n\r]/g, (char) => XML_ENTITY[char]!);
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values).map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`).join('');
const property = (name: string, value: string) => `<property${attributes({ name, value })}/>`;
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML as CI systems read it (testsuites > testsuite > testcase; a failed assertion is a
 * <failure>, a provider error an <error>). Suite, agent, version and commit are suite properties; a
 * case's trace link is a `url:trace` property (the type-hint convention of testmoapp/junitxml) and
 * also the first line of its system-out, for viewers that ignore case properties.
 */
export function junitXml(run: SuiteRun, comparison?: RunComparison, options: ReportOptions = {}): string {
  const totals = totalsOf(run);
  const errors = run.cases.filter((c) => !c.pass && c.error).length;
  const counts = { tests: totals.cases, failures: totals.failed - errors, errors, skipped: 0, time: seconds(run.durationMs), ...(run.startedAt ? { timestamp: run.startedAt } : {}) };
  const compared = alignedWith(run, comparison);
  const properties = [
    property('suite', run.suite),
    property('agent', run.agent),
    property('version', run.agentVersion),
    property('commit', run.gitCommit),
    property('vigil.runId', run.id),
    ...(comparison ? [property('vigil.baselineRunId', comparison.baseline.id), property('vigil.regressed', String(comparison.regressed)), property('vigil.newlyFailing', String(comparison.newlyFailing.length))] : []),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: `vigil suite ${run.suite}`, ...counts })}>`,
    `  <testsuite${attributes({ name: run.suite, ...counts })}>`,
    `    <properties>${properties.join('')}</properties>`,
    ...run.cases.map((c, i) => testcase(run, c, compared[i], comparison, options)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(run: SuiteRun, c: CaseResult, compared: CaseComparison | undefined, comparison: RunComparison | undefined, options: ReportOptions): string {
  const url = traceUrl(options.publicUrl, c.traceId);
  const properties = [...(url ? [property('url:trace', url)] : []), ...(c.traceId ? [property('vigil.traceId', c.traceId)] : []), property('vigil.caseId', c.caseId)];
  const failing = c.assertions.filter((a) => !a.pass);
  const newly = compared?.status === 'newly-failing' && comparison ? `Newly failing: passed in baseline run ${comparison.baseline.id} (score ${score(compared.baseline?.score)} → ${score(c.score)}).` : '';
  const details = [...failing.map((a) => `${a.type}: ${cut(a.reason, JUNIT_REASON_CHARS)}`), ...(newly ? [newly] : [])].join('\n');
  const prefix = newly ? '[newly failing] ' : '';
  let result = '';
  if (!c.pass && c.error) {
    result = `<error${attributes({ message: prefix + cut(c.error, JUNIT_MESSAGE_CHARS), type: 'provider-error' })}>${xmlText([cut(c.error, JUNIT_REASON_CHARS), details].filter(Boolean).join('\n'))}</error>`;
  } else if (!c.pass) {
    const first = failing[0];
    const message = first ? `${first.type}: ${cut(first.reason, JUNIT_MESSAGE_CHARS)}` : `failed with score ${score(c.score)}`;
    result = `<failure${attributes({ message: prefix + message, type: first?.type ?? 'score' })}>${xmlText(details)}</failure>`;
  }
  const out = [...(url ? [`Trace: ${url}`] : []), `Output:\n${cut(c.output, JUNIT_OUTPUT_CHARS)}`].join('\n');
  return [
    `    <testcase${attributes({ name: cut(c.description || c.caseId, JUNIT_MESSAGE_CHARS), classname: run.suite, time: seconds(c.latencyMs) })}>`,
    `      <properties>${properties.join('')}</properties>`,
    ...(result ? [`      ${result}`] : []),
    `      <system-out>${xmlText(out)}</system-out>`,
    '    </testcase>',
  ].join('\n');
}

/** The comparison of each of the run's cases, matched as compareRuns matched them (the comparison may have come over JSON). */
function alignedWith(run: SuiteRun, comparison: RunComparison | undefined): (CaseComparison | undefined)[] {
  if (!comparison || comparison.run.id !== run.id) return [];
  const compared = byOccurrence(comparison.cases.filter((c) => c.status !== 'removed'), (c) => c.caseId);
  return [...byOccurrence(run.cases, (c) => c.caseId).keys()].map((key) => compared.get(key));
}

// ---- Markdown --------------------------------------------------------------------------------------

const MD_DESCRIPTION_CHARS = 200;
const MD_REASON_CHARS = 300;
const MD_OUTPUT_CHARS = 160;
const MD_ASSERTIONS_PER_CASE = 5;
const MD_CASES_PER_LIST = 25;
const MD_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Untrusted text as one inline run of plain GitHub Markdown: line breaks become spaces and ends are
 * trimmed (so nothing starts a block or leaves a table cell), and a leading list marker is escaped (the
 * text may follow a bullet, where "- x" would nest a list); characters that open markup (emphasis, code, links, images,
 * strikethrough, table pipes, `$` math) are backslash-escaped (CommonMark §2.4); `<`, `>`, `&` become
 * entities so no HTML gets through; `@` and `#` are followed by a zero-width space so agent text cannot
 * mention people or reference issues from the comment.
 */
export function markdownText(text: string): string {
  return text
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()!|~$]/g, '\\$&')
    .replace(/^[-+]|^(\d+)\./, (marker, digits?: string) => (digits ? `${digits}\\.` : `\\${marker}`))
    .replace(/[&<>]/g, (char) => MD_ENTITY[char]!)
    .replace(/[@#]/g, '$&\u200B');
}

const md = (text: string, max: number) => markdownText(cut(text, max));
const nameOf = (c: { description: string; caseId: string }) => md(c.description || c.caseId, MD_DESCRIPTION_CHARS);
const urlChar = (char: string) => (char === '(' ? '%28' : char === ')' ? '%29' : encodeURIComponent(char));
const link = (label: string, url: string | undefined) => (url ? ` · [${label}](${url.replace(/[()<>\s]/g, urlChar)})` : '');

/**
 * A pull-request comment: the verdict, a totals table (with deltas against the baseline when there is
 * one), the newly failing cases with their failing assertions and trace links, newly passing, added,
 * removed and still failing cases, and the significance note. Lists stop at 25 cases, or sooner when
 * the summary would pass `maxChars`, and end with "and N more".
 */
export function markdown(run: SuiteRun, comparison?: RunComparison, options: MarkdownOptions = {}): string {
  const trace = (c: CaseResult | undefined) => link('trace', c && traceUrl(options.publicUrl, c.traceId));
  const head = [`### Vigil suite ${md(run.suite, MD_DESCRIPTION_CHARS)}`, '', runLine(run, comparison), '', ...verdict(run, comparison), '', ...totalsTable(run, comparison), ''];
  const tail = comparison ? [`**Significance.** ${comparison.significance.note}`] : [];
  const room = { left: (options.maxChars ?? 50_000) - [...head, ...tail].join('\n').length - 2 };

  const failedCase = (c: CaseResult, compared?: CaseComparison) => {
    const changed = new Map(compared?.assertionChanges.filter((a) => a.kind === 'started-failing' || a.kind === 'added').map((a) => [c.assertions[a.index], a.kind === 'added' ? ' _(new assertion)_' : ' _(started failing)_']));
    const failing = c.assertions.filter((a) => !a.pass);
    const scores = compared?.baseline && compared.scoreDelta !== 0 ? ` — score ${score(compared.baseline.score)} → ${score(c.score)}` : '';
    return [
      `- **${nameOf(c)}**${trace(c)}${scores}`,
      ...(c.error ? [`  - Error: ${md(c.error, MD_REASON_CHARS)}`] : []),
      ...failing.slice(0, MD_ASSERTIONS_PER_CASE).map((a) => `  - ${md(a.type, 100)}: ${md(a.reason, MD_REASON_CHARS)}${changed.get(a) ?? ''}`),
      ...(failing.length > MD_ASSERTIONS_PER_CASE ? [`  - _and ${failing.length - MD_ASSERTIONS_PER_CASE} more failing assertions_`] : []),
      `  - Output: ${md(c.output, MD_OUTPUT_CHARS) || '_(empty)_'}`,
    ].join('\n');
  };
  const brief = (c: CaseComparison) => {
    const result = c.current ?? c.baseline;
    const firstFailure = result?.error || result?.assertions.find((a) => !a.pass)?.reason;
    return `- ${nameOf(c)}${trace(c.current)}${c.status === 'added' || c.status === 'still-failing' ? (result?.pass ? ' — passes' : ` — fails${firstFailure ? `: ${md(firstFailure, MD_REASON_CHARS)}` : ''}`) : ''}`;
  };

  const body = comparison
    ? [
        ...section('Newly failing', comparison.newlyFailing, (c) => failedCase(c.current!, c), room),
        ...section('Newly passing', comparison.newlyPassing, brief, room),
        ...section('Added', comparison.added, brief, room),
        ...section('Removed', comparison.removed, brief, room),
        ...section('Still failing', comparison.stillFailing, brief, room, true),
      ]
    : section('Failing', run.cases.filter((c) => !c.pass), (c) => failedCase(c), room);
  return [...head, ...body, ...tail].join('\n').trimEnd() + '\n';
}

function runLine(run: SuiteRun, comparison: RunComparison | undefined): string {
  const describe = (r: Pick<SuiteRun, 'id' | 'agentVersion' | 'gitCommit'>) =>
    `${md(r.agentVersion || 'unknown version', 80)}${r.gitCommit ? ` (commit ${md(r.gitCommit.slice(0, 12), 12)})` : ''}, run ${md(r.id, 80)}`;
  const against = comparison ? `; baseline ${describe(comparison.baseline)}` : '';
  return `Agent ${md(run.agent, 120)} ${describe(run)}${against}.`;
}

function verdict(run: SuiteRun, comparison: RunComparison | undefined): string[] {
  if (comparison) {
    const [first = '', ...others] = comparison.reasons.map((reason) => md(reason, 1000));
    return [`**${comparison.regressed ? '❌ Regressed.' : '✅ No regression.'}** ${first}`, ...others.map((reason) => `- ${reason}`)];
  }
  const { cases, failed } = totalsOf(run);
  if (cases === 0) return ['**⚠️ The suite has no cases.**'];
  return [failed === 0 ? `**✅ All ${cases} cases passed.**` : `**❌ ${failed} of ${cases} cases failed.**`];
}

function totalsTable(run: SuiteRun, comparison: RunComparison | undefined): string[] {
  const now = totalsOf(run);
  const rate = (t: typeof now) => `${percent(t.passRate)} (${t.passed}/${t.cases})`;
  if (!comparison) {
    return ['| | This run |', '|:--|--:|', `| Cases | ${now.cases} |`, `| Pass rate | ${rate(now)} |`, `| Median latency | ${duration(now.latencyP50Ms)} |`, `| Cost | ${dollars(now.costUsd)} |`];
  }
  const then = comparison.totals.baseline;
  const { passRate, latencyP50Ms, costUsd } = comparison;
  return [
    '| | This run | Baseline | Change |',
    '|:--|--:|--:|--:|',
    `| Cases | ${now.cases} | ${then.cases} | ${signed(now.cases - then.cases, String)} |`,
    `| Pass rate | ${rate(now)} | ${rate(then)} | ${signed(passRate.delta, (d) => `${Number((d * 100).toFixed(1))} pts`)} |`,
    `| Median latency | ${duration(latencyP50Ms.run)} | ${duration(latencyP50Ms.baseline)} | ${signed(latencyP50Ms.delta, duration)}${times(latencyP50Ms.ratio)} |`,
    `| Cost | ${dollars(costUsd.run)} | ${dollars(costUsd.baseline)} | ${signed(costUsd.delta, dollars)}${times(costUsd.ratio)} |`,
  ];
}

/** A heading and a list that stops at MD_CASES_PER_LIST items or when `room` runs out, then says how many it left out. */
function section<T>(title: string, items: T[], render: (item: T) => string, room: { left: number }, folded = false): string[] {
  if (items.length === 0) return [];
  const heading = `${title} (${items.length})`;
  const frame = (lines: string[]) => (folded ? [`<details><summary>${heading}</summary>`, '', ...lines, '', '</details>', ''] : [`#### ${heading}`, ...lines, '']);
  // The frame and a closing "and N more" line are paid for up front, so the list can always end honestly.
  const fixed = frame([`- _and ${items.length} more_`]).join('\n').length + 1;
  if (fixed > room.left) return [];
  room.left -= fixed;
  const lines: string[] = [];
  for (const item of items.slice(0, MD_CASES_PER_LIST)) {
    const text = render(item);
    if (text.length + 1 > room.left) break;
    room.left -= text.length + 1;
    lines.push(text);
  }
  if (lines.length < items.length) lines.push(`- _and ${items.length - lines.length} more_`);
  return frame(lines);
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(1))}%`;
const duration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
// `\$`: two bare dollar signs on a line can open GitHub's inline math.
const dollars = (usd: number) => `\\$${usd.toFixed(4)}`;
const signed = (delta: number, format: (magnitude: number) => string) => (delta === 0 ? '0' : `${delta > 0 ? '+' : '−'}${format(Math.abs(delta))}`);
const times = (ratio: number | null) => (ratio === null || ratio === 1 ? '' : ` (×${ratio.toFixed(2)})`);
