// Microsoft Teams "workflow" webhook message carrying one Adaptive Card 1.4
// (https://adaptivecards.io/explorer/). TextBlock and Fact text accept a Markdown subset (bold,
// italic, lists, links) and {{DATE()}} templates, so user text has those characters backslash-escaped
// (CommonMark escapes); HTML is never rendered, and `<`/`>` are escaped too so nothing reads as markup.
import { fit, formatNumber, MAX_EXECUTION_LINKS, statusWord, type AlertNotification } from './notification.ts';

const MARKDOWN_SPECIALS = new Set(['\\', '*', '_', '[', ']', '(', ')', '<', '>', '{', '}', '`', '~', '#']);
const escapeMarkdown = (char: string) => (MARKDOWN_SPECIALS.has(char) ? `\\${char}` : char);

// Teams caps a message at about 28 KB; these keep a card well inside that.
const text = (value: string, max = 1024) => fit(value, max, escapeMarkdown);

const COLOR = { critical: 'Attention', warning: 'Warning', info: 'Accent' } as const;

export function buildTeams(notification: AlertNotification) {
  const { status, labels, links } = notification;
  const facts: [string, string | undefined][] = [
    ['Severity', notification.severity],
    ['Status', status],
    ['Agent', labels.agent],
    ['Check', labels.check],
    ['Project', labels.project],
    ['Value', formatNumber(notification.value)],
    ['Threshold', formatNumber(notification.threshold)],
    ['Started', notification.startsAt],
    ['Ended', notification.endsAt],
  ];
  const body = [
    {
      type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true,
      color: status === 'resolved' ? 'Good' : COLOR[notification.severity],
      text: text(`${statusWord(status)}: ${notification.rule}`, 256),
    },
    { type: 'TextBlock', wrap: true, text: text(notification.summary) },
    ...(notification.description ? [{ type: 'TextBlock', wrap: true, isSubtle: true, text: text(notification.description, 4000) }] : []),
    {
      type: 'FactSet',
      facts: facts.filter((fact): fact is [string, string] => fact[1] !== undefined).map(([title, value]) => ({ title, value: text(value, 256) })),
    },
  ];
  const actions = [
    { type: 'Action.OpenUrl', title: 'Open alert', url: links.alert },
    ...(links.evaluations ? [{ type: 'Action.OpenUrl', title: 'Evaluations', url: links.evaluations }] : []),
    ...links.executions.slice(0, MAX_EXECUTION_LINKS).map((execution) => ({ type: 'Action.OpenUrl', title: `Trace ${execution.traceId.slice(0, 12)}`, url: execution.url })),
  ];
  return {
    type: 'message',
    attachments: [{
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
    }],
  };
}
