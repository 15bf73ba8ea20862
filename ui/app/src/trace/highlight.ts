// Splits an answer into runs so the panel can wrap unsupported claims and PII findings in <mark>
// elements while every run stays a text node (the answer is untrusted model output). A PII
// finding's run carries its masked hint in place of the value: the value never reaches the page.
import type { ClaimDetail, PiiFinding } from './judgement-details.ts';

export interface Segment {
  text: string;
  /** Index (into the claims given) of the unsupported claim this run belongs to, or null. */
  claim: number | null;
  /** True on the last run of a claim, where its number goes. */
  claimEnd: boolean;
  /** The kind of the PII finding this run stands for (its text is then the masked hint), or null. */
  pii: string | null;
}

interface Range {
  start: number;
  end: number;
}

/**
 * Where each unsupported claim occurs. Claims come in answer order, so each is searched after the
 * previous one (falling back to the start); a claim the sentence splitter reworded is not found
 * and is only listed.
 */
function claimRanges(answer: string, claims: readonly Pick<ClaimDetail, 'claim' | 'supported'>[]): (Range & { claim: number })[] {
  const ranges: (Range & { claim: number })[] = [];
  let cursor = 0;
  claims.forEach((c, index) => {
    const needle = c.claim.trim();
    if (!needle) return;
    let start = answer.indexOf(needle, cursor);
    if (start < 0) start = answer.indexOf(needle);
    if (start < 0) return;
    const end = start + needle.length;
    if (start >= cursor) cursor = end;
    if (!c.supported && !ranges.some((r) => r.start < end && start < r.end)) ranges.push({ start, end, claim: index });
  });
  return ranges;
}

/** Whether the findings are positions in this text: sorted, apart, and inside it. */
export function findingsFit(answer: string, findings: readonly PiiFinding[]): boolean {
  let previousEnd = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (!Number.isInteger(f.start) || !Number.isInteger(f.end) || f.start < previousEnd || f.end <= f.start || f.end > answer.length) return false;
    previousEnd = f.end;
  }
  return true;
}

/**
 * The answer as runs: unsupported claims marked, PII findings replaced by their masked hints.
 * Findings that do not fit the text (not the answer that was checked) are left out; callers that
 * must not show the text unmasked check `findingsFit` first.
 */
export function answerSegments(
  answer: string,
  claims: readonly Pick<ClaimDetail, 'claim' | 'supported'>[] = [],
  findings: readonly PiiFinding[] = [],
): Segment[] {
  const marked = claimRanges(answer, claims);
  const masked = findingsFit(answer, findings) ? findings : [];
  const cuts = [...new Set([0, answer.length, ...marked.flatMap((r) => [r.start, r.end]), ...masked.flatMap((f) => [f.start, f.end])])].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i]!, cuts[i + 1]!];
    const range = marked.find((r) => r.start <= start && end <= r.end);
    const claim = range?.claim ?? null;
    const claimEnd = range !== undefined && end === range.end;
    const finding = masked.find((f) => f.start <= start && end <= f.end);
    if (!finding) out.push({ text: answer.slice(start, end), claim, claimEnd, pii: null });
    else if (start === finding.start) out.push({ text: finding.masked || `(${finding.kind})`, claim, claimEnd, pii: finding.kind });
    else if (claimEnd && out.length) out[out.length - 1]!.claimEnd = true; // the hint stands for the whole finding
  }
  return out;
}
