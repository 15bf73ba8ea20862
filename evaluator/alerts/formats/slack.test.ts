import { describe, expect, it } from 'vitest';
import { notification, SCRIPT } from './fixture.ts';
import { buildSlack } from './slack.ts';

type Json = Record<string, any>;

/** Block Kit rules the message relies on (https://api.slack.com/reference/block-kit/blocks). */
function blockKitProblems(message: Json): string[] {
  const problems: string[] = [];
  const textObject = (object: Json | undefined, at: string, max: number, kind?: string) => {
    if (!object || !['plain_text', 'mrkdwn'].includes(object.type)) problems.push(`${at}: not a text object`);
    else if (kind && object.type !== kind) problems.push(`${at}: must be ${kind}`);
    else if (typeof object.text !== 'string' || object.text.length === 0 || object.text.length > max) problems.push(`${at}: text must be 1..${max} chars`);
  };
  if (typeof message.text !== 'string' || !message.text) problems.push('text: fallback required');
  if (!Array.isArray(message.blocks) || message.blocks.length > 50) return [...problems, 'blocks: 1..50 required'];
  const actionIds = new Set<string>();
  message.blocks.forEach((block: Json, index: number) => {
    const at = `blocks[${index}]`;
    if (block.type === 'header') textObject(block.text, `${at}.text`, 150, 'plain_text');
    else if (block.type === 'section') {
      textObject(block.text, `${at}.text`, 3000);
      if (block.fields && (block.fields.length > 10)) problems.push(`${at}.fields: at most 10`);
      block.fields?.forEach((field: Json, i: number) => textObject(field, `${at}.fields[${i}]`, 2000));
    } else if (block.type === 'context') {
      if (!block.elements?.length || block.elements.length > 10) problems.push(`${at}.elements: 1..10`);
      block.elements?.forEach((element: Json, i: number) => textObject(element, `${at}.elements[${i}]`, 3000));
    } else if (block.type === 'actions') {
      if (!block.elements?.length || block.elements.length > 25) problems.push(`${at}.elements: 1..25`);
      block.elements?.forEach((button: Json, i: number) => {
        if (button.type !== 'button') problems.push(`${at}.elements[${i}]: not a button`);
        textObject(button.text, `${at}.elements[${i}].text`, 75, 'plain_text');
        if (!/^https?:\/\//.test(button.url ?? '') || button.url.length > 3000) problems.push(`${at}.elements[${i}].url: absolute URL ≤ 3000`);
        if (!button.action_id || button.action_id.length > 255 || actionIds.has(button.action_id)) problems.push(`${at}.elements[${i}].action_id: unique, ≤ 255`);
        actionIds.add(button.action_id);
        if (button.style && !['primary', 'danger'].includes(button.style)) problems.push(`${at}.elements[${i}].style`);
      });
    } else problems.push(`${at}: unexpected block type ${block.type}`);
  });
  return problems;
}

const mrkdwnTexts = (message: Json): string[] => [message.text, ...JSON.stringify(message.blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)!.map((m) => JSON.parse(`{${m}}`).text)];

describe('buildSlack', () => {
  it('builds a valid Block Kit message with header, facts, status and links', () => {
    const message = buildSlack(notification());
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(message.text).toBe('[FIRING] hallucination-rate: hallucination rate 12% > 5% for support-bot over 15 min'.replace('>', '&gt;'));
    expect(JSON.stringify(message.blocks[1])).toContain('*Agent*\\nsupport-bot');
    expect(JSON.stringify(message.blocks[1])).toContain('*Threshold*\\n0.05');
  });

  it('links the alert and at most three executions', () => {
    const buttons = buildSlack(notification()).blocks[3]!.elements as Json[];
    expect(buttons.map((button) => button.url)).toEqual([notification().links.alert, ...notification().links.executions.slice(0, 3).map((e) => e.url)]);
  });

  it('leaves out facts the notification does not have and shows resolution', () => {
    const message = buildSlack(notification({ status: 'resolved', value: undefined, threshold: undefined, endsAt: '2026-12-02T01:30:00.000Z', links: { alert: 'https://v.example/a', executions: [] } }));
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks[1]!.fields!.map((field) => field.text.split('\n')[0])).toEqual(['*Severity*', '*Agent*']);
    expect(message.blocks[2]!.elements![0]!.text).toContain('*resolved* at 2026-12-02T01:30:00.000Z');
    expect(message.blocks[3]!.elements).toHaveLength(1);
  });

  it('escapes &, < and > in user text so it cannot form links or mentions', () => {
    const message = buildSlack(notification({ summary: SCRIPT, rule: '<!channel>', labels: { agent: '<@U123>' } }));
    expect(blockKitProblems(message)).toEqual([]);
    for (const text of mrkdwnTexts(message)) expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
    expect(message.blocks[1]!.text!.text).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; [click](https://evil.example) *bold* {{DATE(2017-02-14T06:00:00Z)}}');
    expect(message.blocks[0]!.text!.text).toBe('FIRING: <!channel>'); // plain_text is shown verbatim, never parsed
  });

  it('cuts long text to the Block Kit limits without splitting an escape', () => {
    const message = buildSlack(notification({ summary: '<'.repeat(5000), rule: 'r'.repeat(400) }));
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks[1]!.text!.text).toMatch(/^(&lt;)+…$/);
    expect(message.blocks[0]!.text!.text).toHaveLength(150);
  });
});
