import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auroc } from '../stats/classification.ts';
import { isHallucinated, isScored, parseBeginTsv } from './begin.ts';
import { DETECTION_MODES, detectHallucination, unigramOverlap } from './index.ts';

// 48 labelled rows from the BEGIN dev split (see fixtures/NOTICE): balanced by label and source.
const rows = parseBeginTsv(readFileSync(new URL('./fixtures/begin-sample.tsv', import.meta.url), 'utf8')).filter(isScored);

describe('BEGIN sample', () => {
  it('is balanced and parses', () => {
    expect(rows).toHaveLength(48);
    expect(rows.filter(isHallucinated)).toHaveLength(24);
  });

  const baseline = auroc(rows.map((r) => ({ score: -unigramOverlap(r.knowledge, r.response), positive: isHallucinated(r) })));

  it.each(DETECTION_MODES)('separates hallucinated from grounded responses better than unigram overlap (%s mode)', (mode) => {
    const detector = auroc(rows.map((r) => ({
      score: -detectHallucination(r.knowledge, r.response, { mode }).score, positive: isHallucinated(r),
    })));
    expect(detector).toBeGreaterThan(baseline);
    expect(detector).toBeGreaterThan(0.85);
  });
});
