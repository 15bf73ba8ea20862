import { describe, expect, it } from 'vitest';
import { notification, SCRIPT } from './fixture.ts';
import { buildTeams } from './teams.ts';

type Json = Record<string, any>;

/** Adaptive Card 1.4 rules for the elements used (https://adaptivecards.io/explorer/), inside a Teams workflow message. */
function cardProblems(message: Json): string[] {
  const problems: string[] = [];
  if (message.type !== 'message') problems.push('type: "message"');
  if (!Array.isArray(message.attachments) || message.attachments.length !== 1) return [...problems, 'attachments: exactly one card'];
  const attachment = message.attachments[0];
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push('attachments[0].contentType');
  const card = attachment.content ?? {};
  if (card.type !== 'AdaptiveCard') problems.push('content.type: AdaptiveCard');
  if (card.version !== '1.4') problems.push('content.version: 1.4');
  if (card.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json') problems.push('content.$schema');
  card.body?.forEach((element: Json, i: number) => {
    if (element.type === 'TextBlock') {
      if (typeof element.text !== 'string' || !element.text) problems.push(`body[${i}].text: required`);
      if (element.size && !['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'].includes(element.size)) problems.push(`body[${i}].size`);
      if (element.color && !['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'].includes(element.color)) problems.push(`body[${i}].color`);
    } else if (element.type === 'FactSet') {
      if (!element.facts?.every((fact: Json) => typeof fact.title === 'string' && typeof fact.value === 'string')) problems.push(`body[${i}].facts: {title, value} strings`);
    } else problems.push(`body[${i}]: unexpected ${element.type}`);
  });
  card.actions?.forEach((action: Json, i: number) => {
    if (action.type !== 'Action.OpenUrl' || typeof action.title !== 'string' || !/^https?:\/\//.test(action.url ?? '')) problems.push(`actions[${i}]: Action.OpenUrl with title and url`);
  });
  return problems;
}

const card = (message: ReturnType<typeof buildTeams>) => message.attachments[0]!.content;

describe('buildTeams', () => {
  it('builds a valid Adaptive Card with title, summary, facts and links', () => {
    const message = buildTeams(notification());
    expect(cardProblems(message)).toEqual([]);
    const { body, actions } = card(message);
    expect(body.map((element) => element.type)).toEqual(['TextBlock', 'TextBlock', 'TextBlock', 'FactSet']);
    expect(body[0]).toMatchObject({ text: 'FIRING: hallucination-rate', color: 'Attention' });
    expect(body[3]!.facts).toContainEqual({ title: 'Value', value: '0.12' });
    expect(actions.map((action) => action.url)).toEqual([notification().links.alert, notification().links.evaluations, ...notification().links.executions.slice(0, 3).map((e) => e.url)]);
  });

  it('shows a resolved alert in green without the optional parts', () => {
    const message = buildTeams(notification({ status: 'resolved', description: undefined, endsAt: '2026-12-02T01:30:00.000Z' }));
    expect(cardProblems(message)).toEqual([]);
    expect(card(message).body[0]).toMatchObject({ text: 'RESOLVED: hallucination-rate', color: 'Good' });
    expect(card(message).body).toHaveLength(3);
  });

  it('escapes markup, links and templates in user text', () => {
    const message = buildTeams(notification({ summary: SCRIPT, labels: { agent: '[x](https://evil.example)' } }));
    expect(cardProblems(message)).toEqual([]);
    const { body } = card(message);
    expect(body[1]!.text).toBe('\\<script\\>alert\\(1\\)\\</script\\> & \\[click\\]\\(https://evil.example\\) \\*bold\\* \\{\\{DATE\\(2017-02-14T06:00:00Z\\)\\}\\}');
    expect(body.at(-1)!.facts).toContainEqual({ title: 'Agent', value: '\\[x\\]\\(https://evil.example\\)' });
    expect(JSON.stringify(body)).not.toMatch(/(?<!\\)</);
  });

  it('cuts a long summary', () => {
    const text = card(buildTeams(notification({ summary: 'y'.repeat(10_000) }))).body[1]!.text!;
    expect(text).toHaveLength(1024);
    expect(text.endsWith('…')).toBe(true);
  });
});
