// The policy file's `alerts:` section: where notifications go (channels) and when (rules). Secrets
// never live here: webhook URLs that carry a token (Slack, Teams), signing secrets and PagerDuty
// routing keys are named by environment variable, because the policy is kept in repositories and
// shown by GET /api/policy.
import { z } from 'zod';

export const ALERT_FORMATS = ['generic', 'slack', 'pagerduty', 'teams', 'alertmanager'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

export const ALERT_METRICS = [
  'hallucination_rate',
  'latency_drift',
  'slo_burn',
  'cost_per_execution',
  'error_rate',
  'pii_found',
  'loops',
  'judge_unavailable',
  'evaluator_lag',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** Metrics about the Vigil process rather than a project's agents: one alert for the instance. */
export const INSTANCE_METRICS: ReadonlySet<AlertMetric> = new Set(['judge_unavailable', 'evaluator_lag']);

/**
 * The threshold a rule gets when it names none. Absent: the rule must say (a rate or a cost has no
 * threshold that fits every agent).
 */
export const DEFAULT_THRESHOLDS: Partial<Record<AlertMetric, number>> = {
  latency_drift: 0,
  slo_burn: 0,
  pii_found: 0,
  loops: 0,
  judge_unavailable: 2,
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = (what: string, example: string) =>
  z.string().regex(ENV_NAME, { error: `${what} must be an environment variable name, e.g. ${example}` });

const SECRET_URL_FORMATS: ReadonlySet<string> = new Set(['slack', 'teams']);

export const ChannelSchema = z
  .strictObject({
    format: z.enum(ALERT_FORMATS, { error: `format must be one of ${ALERT_FORMATS.join(', ')}` }),
    /** The receiver's URL, written here when it holds no secret (generic, alertmanager, a PagerDuty proxy). */
    url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL, e.g. https://hooks.example.com/vigil' }).optional(),
    /** The environment variable holding the URL; the only way for Slack and Teams, whose URLs are secrets. */
    urlEnv: envName('urlEnv', 'SLACK_WEBHOOK_URL').optional(),
    /** generic: the environment variable holding the HMAC signing secret. */
    secretEnv: envName('secretEnv', 'VIGIL_WEBHOOK_SECRET').optional(),
    /** pagerduty: the environment variable holding the integration (routing) key. */
    routingKeyEnv: envName('routingKeyEnv', 'PAGERDUTY_ROUTING_KEY').optional(),
    /** Allow receivers on loopback or private networks (refused by default: see docs/policy.md). */
    allowPrivate: z.boolean().optional(),
    /** Hosts trusted whatever they resolve to; the only way to reach a link-local or metadata address. */
    allowHosts: z.array(z.string().min(1)).optional(),
    timeoutSeconds: z.number().positive().max(120, { error: 'timeoutSeconds must be at most 120' }).optional(),
    /** Attempts in all, the first included. */
    maxAttempts: z.number().int().min(1).max(20).optional(),
  })
  .superRefine((channel, ctx) => {
    if (channel.url !== undefined && SECRET_URL_FORMATS.has(channel.format)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `a ${channel.format} webhook URL is a secret: put it in an environment variable and name it with urlEnv`,
      });
    }
    if (channel.url === undefined && channel.urlEnv === undefined && channel.format !== 'pagerduty') {
      ctx.addIssue({ code: 'custom', path: ['urlEnv'], message: 'say where to send: urlEnv (an environment variable holding the URL) or url' });
    }
    if (channel.format === 'generic' && channel.secretEnv === undefined) {
      ctx.addIssue({ code: 'custom', path: ['secretEnv'], message: 'a generic webhook is signed: name the environment variable holding the secret with secretEnv' });
    }
    if (channel.format === 'pagerduty' && channel.routingKeyEnv === undefined) {
      ctx.addIssue({ code: 'custom', path: ['routingKeyEnv'], message: 'PagerDuty needs an integration key: name its environment variable with routingKeyEnv' });
    }
  });

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const CLOCK = /^([01]\d|2[0-4]):[0-5]\d$/;

const ISO_WITH_ZONE = z.iso.datetime({ offset: true });

/**
 * A one-off window `{from, to}` (ISO 8601 times with their zone), or a weekly one `{days, from, to,
 * timeZone}` (wall-clock HH:MM; a `to` at or before `from` ends the next day).
 */
const MuteSchema = z
  .strictObject({
    days: z.array(z.enum(DAYS, { error: `days are ${DAYS.join(', ')}` })).min(1).optional(),
    from: z.string(),
    to: z.string(),
    timeZone: z.string().refine(validTimeZone, { error: 'timeZone must be an IANA time zone name, e.g. Europe/Berlin or UTC' }).optional(),
  })
  .superRefine((w, ctx) => {
    if (w.days) {
      for (const key of ['from', 'to'] as const) {
        if (!CLOCK.test(w[key])) ctx.addIssue({ code: 'custom', path: [key], message: `${key} of a weekly window is a wall-clock time HH:MM, e.g. 22:00` });
      }
      return;
    }
    if (w.timeZone !== undefined) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'timeZone belongs to weekly windows (with days); a one-off window gives its zone in from and to' });
    for (const key of ['from', 'to'] as const) {
      if (!ISO_WITH_ZONE.safeParse(w[key]).success) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be an ISO 8601 time with its zone, e.g. 2026-12-24T18:00:00Z (or give days for a weekly window)` });
    }
    if (Date.parse(w.from) >= Date.parse(w.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  });

function validTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const RuleSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    metric: z.enum(ALERT_METRICS, { error: `metric must be one of ${ALERT_METRICS.join(', ')}` }),
    /** Only this agent's executions; every agent when absent. */
    agent: z.string().min(1).optional(),
    op: z.enum(['above', 'below']).default('above'),
    threshold: z.number().optional(),
    windowMinutes: z.number().int().min(1).max(7 * 24 * 60).default(15),
    /** Fewer executions (or judgements) than this in the window: not enough to judge, not breached. */
    minSamples: z.number().int().min(1).optional(),
    /** How long the condition must hold before the alert fires. */
    forMinutes: z.number().min(0).max(24 * 60).default(0),
    severity: z.enum(['critical', 'warning', 'info']).default('warning'),
    /** `[agent]`: one alert per agent (default); `[]`: one alert across agents. */
    groupBy: z.array(z.enum(['agent'])).max(1).default(['agent']),
    /** Reminders while firing; 0 sends none. */
    renotifyMinutes: z.number().min(0).default(240),
    /** Where notifications go; none: the alert shows on the alerts page only. */
    channels: z.array(z.string().min(1)).default([]),
    mute: z.array(MuteSchema).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.threshold === undefined && DEFAULT_THRESHOLDS[rule.metric] === undefined) {
      const example = rule.metric === 'hallucination_rate' || rule.metric === 'error_rate' ? '0.05 (5%)' : rule.metric === 'evaluator_lag' ? '300 (seconds)' : '0.5 (US dollars)';
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `${rule.metric} needs a threshold, e.g. ${example}` });
    }
  });

export const AlertsSchema = z
  .strictObject({
    /** Base of the links in notifications, e.g. https://vigil.example.com (default: VIGIL_PUBLIC_URL, else this server). */
    publicUrl: z.url({ protocol: /^https?$/, error: 'publicUrl must be an http(s) URL, e.g. https://vigil.example.com' }).optional(),
    /** How often rules are evaluated. */
    intervalSeconds: z.number().min(1).max(3600).default(30),
    channels: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: 'channel names are letters, digits, _ . and -' }), ChannelSchema).default({}),
    rules: z.array(RuleSchema).default([]),
  })
  .superRefine((alerts, ctx) => {
    const seen = new Set<string>();
    alerts.rules.forEach((rule, i) => {
      if (seen.has(rule.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `another rule is already named "${rule.name}"; rule names identify alerts` });
      seen.add(rule.name);
      rule.channels.forEach((channel, j) => {
        if (!(channel in alerts.channels)) {
          const known = Object.keys(alerts.channels);
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'channels', j],
            message: `no channel "${channel}" in alerts.channels${known.length ? ` (there are: ${known.join(', ')})` : ''}`,
          });
        }
      });
    });
  });

export type AlertsPolicy = z.output<typeof AlertsSchema>;
export type AlertRulePolicy = z.output<typeof RuleSchema>;
export type ChannelPolicy = z.output<typeof ChannelSchema>;
export type MutePolicy = z.output<typeof MuteSchema>;

export const DAY_NUMBERS: Readonly<Record<(typeof DAYS)[number], number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
