import { describe, expect, it } from 'vitest';
import { buildQuery, currentProject } from './api.ts';

describe('buildQuery', () => {
  it('repeats arrays and skips empty values', () => {
    expect(buildQuery({ from: '1h', attr: ['a=1', 'b=2'], limit: 50, q: '', agent: undefined })).toBe('?from=1h&attr=a%3D1&attr=b%3D2&limit=50');
    expect(buildQuery({})).toBe('');
  });
  it('has no project outside a browser', () => {
    expect(currentProject()).toBeNull();
  });
});
