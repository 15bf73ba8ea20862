import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSERTIONS_KEY, readSuiteConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-suite-config-'));
function write(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('suite files', () => {
  it('splits Vigil providers and assertions from what promptfoo runs, keeping promptfoo fields as they are', () => {
    write('cases.yaml', ['- description: from a file', '  vars: { question: q2 }', '  assert: [{ type: vigil:loop, config: { maxSteps: 8 } }]']);
    const config = readSuiteConfig(
      write('suite.yaml', [
        'description: Support answers',
        'vigil: { agent: support-agent, agentVersion: 1.2.0 }',
        'providers:',
        '  - openai:gpt-4o-mini',
        '  - { id: vigil:http, label: agent, config: { url: "http://127.0.0.1:8787/chat", output: reply.text } }',
        '  - vigil:module:./agent.ts',
        'defaultTest: { assert: [{ type: vigil:pii }, { type: contains, value: x }] }',
        'tests:',
        '  - description: inline',
        '    vars: { question: q1 }',
        '    assert: [{ type: icontains, value: days }, { type: vigil:latency, threshold: 2000 }]',
        '  - file://cases.yaml',
      ]),
    );
    expect(config).toMatchObject({ suite: 'Support answers', agent: 'support-agent', agentVersion: '1.2.0', defaultAssertions: [{ type: 'vigil:pii' }] });
    expect(config.agents).toEqual([
      { kind: 'http', index: 1, label: 'agent', config: { url: 'http://127.0.0.1:8787/chat', method: 'POST', headers: {}, body: { input: '{{prompt}}' }, output: 'reply.text', timeoutMs: 60_000 } },
      { kind: 'module', index: 2, label: 'vigil:module:./agent.ts', file: join(dir, 'agent.ts'), config: {} },
    ]);
    expect(config.promptfoo.prompts).toEqual(['{{question}}']);
    expect(config.promptfoo.defaultTest).toEqual({ assert: [{ type: 'contains', value: 'x' }] });
    expect(config.promptfoo.tests).toEqual([
      { description: 'inline', vars: { question: 'q1' }, assert: [{ type: 'icontains', value: 'days' }], metadata: { [ASSERTIONS_KEY]: [{ type: 'vigil:latency', threshold: 2000 }] } },
      { description: 'from a file', vars: { question: 'q2' }, assert: [], metadata: { [ASSERTIONS_KEY]: [{ type: 'vigil:loop', config: { maxSteps: 8 } }] } },
    ]);
    expect(config.promptfoo).not.toHaveProperty('vigil');
  });

  it('leaves the test forms promptfoo reads itself (CSV, globs) to promptfoo, beside split inline tests', () => {
    const mixed = readSuiteConfig(write('mixed.yaml', ['providers: [echo]', 'tests:', '  - file://cases.csv', '  - { vars: { q: a }, assert: [{ type: vigil:pii }] }']));
    expect(mixed.promptfoo.tests).toEqual(['file://cases.csv', { vars: { q: 'a' }, assert: [], metadata: { [ASSERTIONS_KEY]: [{ type: 'vigil:pii' }] } }]);
    expect(readSuiteConfig(write('csv.yaml', ['providers: [echo]', 'tests: file://cases.csv'])).promptfoo.tests).toBe('file://cases.csv');
  });

  it('names the file, line and field of a mistake', () => {
    const base = ['providers: [vigil:module:./a.ts]', 'tests:', '  - vars: { question: q }', '    assert:'];
    const cases: [string[], RegExp][] = [
      [[...base, '      - type: vigil:groundedness', '        threshold: 2'], /:6: tests\[0\]\.assert\[0\]\.threshold: Too big/],
      [[...base, '      - type: vigil:latency'], /:5: tests\[0\]\.assert\[0\]\.threshold: missing: give a number/],
      [[...base, '      - type: vigil:pii', '        config: { kinds: [email, shoe_size] }'], /:6: tests\[0\]\.assert\[0\]\.config\.kinds\[1\]: Invalid option/],
      [[...base, '      - type: vigil:hallucination'], /:5: tests\[0\]\.assert\[0\]\.type: unknown Vigil assertion "vigil:hallucination": use one of vigil:groundedness, vigil:pii, vigil:latency, vigil:cost, vigil:loop/],
      [[...base, '      - type: vigil:cost', '        threshold: 1', '        treshold: 1'], /:5: tests\[0\]\.assert\[0\]: Unrecognized key: "treshold" \(allowed here: type, threshold\)/],
      [['vigil: { sute: x }', 'providers: [vigil:module:./a.ts]', 'tests: []'], /:1: vigil: Unrecognized key: "sute" \(allowed here: suite, agent, agentVersion\)/],
      [['providers: [{ id: vigil:http, config: { url: "ftp://x" } }]', 'tests: []'], /:1: providers\[0\]\.config\.url: Invalid URL/],
      [['providers: []', 'tests: []'], /providers: list at least one provider/],
      [['providers: [echo]'], /tests: list the test cases/],
      [['providers: [echo', 'tests: []'], /suite\.yaml:\d+: /],
    ];
    for (const [lines, message] of cases) expect(() => readSuiteConfig(write('suite.yaml', lines)), lines.join(' | ')).toThrow(message);
    expect(() => readSuiteConfig(join(dir, 'nothing.yaml'))).toThrow(/nothing\.yaml: no such file/);
  });
});
