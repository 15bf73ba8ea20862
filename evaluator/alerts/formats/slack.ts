// Slack incoming-webhook message in Block Kit. Limits are Slack's documented ones
// (https://api.slack.com/reference/block-kit/blocks): header text 150, section text 3000,
// section field 2000, button text 75.
import { fit, formatNumber, MAX_EXECUTION_LINKS, statusWord, type AlertNotification } from './notification.ts';

const MRKDWN_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Slack treats &, < and > as control characters in mrkdwn (links, mentions); nothing else needs escaping. */
const escapeMrkdwn = (char: string) => MRKDWN_ESCAPES[char] ?? char;

const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: fit(text, max, escapeMrkdwn) });
// plain_text is shown verbatim (no links or mentions), so it is only cut, not escaped.
const plain = (text: string, max: number) => ({ type: 'plain_text', text: fit(text, max), emoji: false });

export function buildSlack(notification: AlertNotification) {
  const { status, rule, severity, summary, labels, links } = notification;
  const facts: [string, string | undefined][] = [
    ['Severity', severity],
    ['Agent', labels.agent],
    ['Value', formatNumber(notification.value)],
    ['Threshold', formatNumber(notification.threshold)],
  ];
  const fields = facts.filter((fact): fact is [string, string] => fact[1] !== undefined)
    .map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${fit(value, 1900, escapeMrkdwn)}` }));
  const since = status === 'firing' ? `since ${notification.startsAt}` : `at ${notification.endsAt ?? notification.startsAt}`;
  const buttons = [
    { type: 'button', text: plain('Open alert', 75), url: links.alert, action_id: 'vigil_alert', ...(status === 'firing' ? { style: 'danger' } : {}) },
    ...links.executions.slice(0, MAX_EXECUTION_LINKS).map((execution, index) => ({
      type: 'button', text: plain(`Trace ${execution.traceId.slice(0, 12)}`, 75), url: execution.url, action_id: `vigil_execution_${index}`,
    })),
  ];
  return {
    // Fallback for notifications and clients that cannot render blocks.
    text: fit(`[${statusWord(status)}] ${rule}: ${summary}`, 3000, escapeMrkdwn),
    blocks: [
      { type: 'header', text: plain(`${statusWord(status)}: ${rule}`, 150) },
      { type: 'section', text: mrkdwn(summary, 3000), fields },
      { type: 'context', elements: [mrkdwn(`Status: *${status}* ${since}`, 3000)] },
      { type: 'actions', elements: buttons },
    ],
  };
}
