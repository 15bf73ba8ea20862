import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError } from './index.ts';

function problemsOf(text: string) {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.problems.map((p) => `${p.line}: ${p.field}: ${p.reason}`);
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

const CHANNELS = `alerts:
  channels:
    ops: {format: generic, url: https://hooks.example.com/vigil, secretEnv: VIGIL_WEBHOOK_SECRET}
    slack: {format: slack, urlEnv: SLACK_WEBHOOK_URL}
  rules:
`;

describe('alerts in the policy', () => {
  it('accepts rules and channels, filling in defaults', () => {
    const policy = parsePolicy(`${CHANNELS}    - {name: hallucinations, metric: hallucination_rate, threshold: 0.05, channels: [ops, slack]}\n`, 'policy.yaml');
    expect(policy.document.alerts?.intervalSeconds).toBe(30);
    expect(policy.document.alerts?.rules[0]).toMatchObject({ op: 'above', windowMinutes: 15, forMinutes: 0, severity: 'warning', groupBy: ['agent'], renotifyMinutes: 240 });
  });

  it('says which channel a rule names that does not exist, and refuses duplicate rule names', () => {
    expect(
      problemsOf(`${CHANNELS}    - {name: a, metric: pii_found, channels: [ops, pager]}\n    - {name: a, metric: loops}\n`),
    ).toEqual(['6: alerts.rules[0].channels[1]: no channel "pager" in alerts.channels (there are: ops, slack)', '7: alerts.rules[1].name: another rule is already named "a"; rule names identify alerts']);
  });

  it('asks for a threshold where no default fits every agent', () => {
    expect(problemsOf(`${CHANNELS}    - {name: cost, metric: cost_per_execution}\n`)).toEqual(['6: alerts.rules[0].threshold: cost_per_execution needs a threshold, e.g. 0.5 (US dollars)']);
  });

  it('keeps secrets out of the file: Slack URLs, signing secrets and routing keys come from the environment', () => {
    const problems = problemsOf(`alerts:
  channels:
    slack: {format: slack, url: https://hooks.slack.com/services/T000/B000/XXXX}
    ops: {format: generic, url: https://hooks.example.com/vigil}
    pd: {format: pagerduty}
`);
    expect(problems).toEqual([
      '3: alerts.channels.slack.url: a slack webhook URL is a secret: put it in an environment variable and name it with urlEnv',
      '4: alerts.channels.ops.secretEnv: a generic webhook is signed: name the environment variable holding the secret with secretEnv',
      '5: alerts.channels.pd.routingKeyEnv: PagerDuty needs an integration key: name its environment variable with routingKeyEnv',
    ]);
  });

  it('validates mute windows: times with zones, wall clocks, IANA zones', () => {
    const problems = problemsOf(`${CHANNELS}    - name: quiet
      metric: loops
      mute:
        - {from: "2026-12-24", to: "2026-12-27T08:00:00Z"}
        - {days: [sat, sun], from: "25:00", to: "06:00", timeZone: Mars/Olympus}
`);
    expect(problems.join('\n')).toMatch(/mute\[0\]/);
    expect(problems.join('\n')).toMatch(/mute\[1\]/);
    const ok = parsePolicy(`${CHANNELS}    - name: quiet
      metric: loops
      mute:
        - {from: "2026-12-24T18:00:00+01:00", to: "2026-12-27T08:00:00Z"}
        - {days: [sat, sun], from: "22:00", to: "06:00", timeZone: Europe/Berlin}
`, 'policy.yaml');
    expect(ok.document.alerts?.rules[0]?.mute).toHaveLength(2);
  });
});
