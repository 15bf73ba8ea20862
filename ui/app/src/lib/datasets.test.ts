import { describe, expect, it } from 'vitest';
import { datasetExportPath, datasetNameProblem, describeAdded, pageSelection, selectedTraceIds, toggleOne, togglePage } from './datasets.ts';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);

describe('dataset names', () => {
  it('accepts what the API accepts', () => {
    expect(datasetNameProblem('refunds')).toBeNull();
    expect(datasetNameProblem('v1.2_refunds-eu')).toBeNull();
    expect(datasetNameProblem('x'.repeat(100))).toBeNull();
  });

  it('says what is wrong with the others', () => {
    expect(datasetNameProblem('')).toMatch(/Choose a dataset or type/);
    expect(datasetNameProblem('x'.repeat(101))).toMatch(/at most 100/);
    expect(datasetNameProblem('my refunds')).toMatch(/no spaces/);
    expect(datasetNameProblem('a/b')).toMatch(/letters, digits/);
  });
});

describe('selection', () => {
  it('toggles one row without changing the set it was given', () => {
    const empty = new Set<string>();
    const one = toggleOne(empty, A);
    expect([...one]).toEqual([A]);
    expect(empty.size).toBe(0);
    expect(toggleOne(one, A).size).toBe(0);
  });

  it('tells the select-all box whether none, some or all of the page is selected', () => {
    expect(pageSelection(new Set(), [A, B])).toBe('none');
    expect(pageSelection(new Set([A]), [A, B])).toBe('some');
    expect(pageSelection(new Set([A, B, C]), [A, B])).toBe('all');
    expect(pageSelection(new Set([A]), [])).toBe('none');
  });

  it('selects the whole page, then clears it, keeping selections elsewhere', () => {
    const all = togglePage(new Set([A, C]), [A, B]);
    expect([...all].sort()).toEqual([A, B, C]);
    expect([...togglePage(all, [A, B])]).toEqual([C]);
  });

  it('sends the selected trace ids that are shown, once each, in page order', () => {
    expect(selectedTraceIds(new Set([C, A]), [A, B, A, C, null])).toEqual([A, C]);
    expect(selectedTraceIds(new Set([A, 'not-a-trace-id']), ['not-a-trace-id', B])).toEqual([]);
  });
});

describe('results', () => {
  it('reads as what the dataset now holds', () => {
    expect(describeAdded({ dataset: 'refunds', added: 2, items: 12 })).toBe('Added 2. 12 executions in refunds.');
    expect(describeAdded({ dataset: 'x', added: 1, items: 1 })).toBe('Added 1. 1 execution in x.');
  });

  it('exports through an encoded path', () => {
    expect(datasetExportPath('v1.2_a-b')).toBe('/api/datasets/v1.2_a-b/export');
  });
});
