// The verification snippet the README gives receivers is the one the tests run (generic.test.ts).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { VERIFY_SNIPPET } from './generic.ts';

it('the README carries the verification snippet exactly', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(VERIFY_SNIPPET);
});
