// The alert engine: every `alerts.intervalSeconds`, each rule of the policy is measured in every
// project, each label set's alert takes one lifecycle step (state.ts), and what changed is written
// to `alert_events` in one insert. A row that notifies is the notification: the notifier delivers it
// after the insert, so a restart finds every notification that exists and none that does not.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../core/clickhouse/client.ts';
import { insertAlertRecords, readActiveSilences, readCurrentAlerts, type AlertEventKind, type AlertRecord } from '../../core/alerts/repository.ts';
import { DAY_NUMBERS, DEFAULT_THRESHOLDS, INSTANCE_METRICS, type AlertMetric, type AlertRulePolicy, type MutePolicy } from '../../core/policy/alerts.ts';
import type { PolicyStore, SloPolicy } from '../../core/policy/index.ts';
import { alertsOpen } from '../../core/metrics.ts';
import { listProjects } from '../../core/projects/repository.ts';
import { INSTANCE } from '../../core/projects/keys.ts';
import { alertLinks, summarize } from './describe.ts';
import type { AlertNotification } from './formats/notification.ts';
import { measure, type Measurement } from './measure.ts';
import { fingerprint, isMuted, step, type AlertState, type MuteWindow } from './state.ts';

/** Signals about this process, for the instance-wide metrics. */
export interface InstanceSignals {
  lagSeconds(): number;
  /** Judge calls that failed in a row; undefined when no judge is configured. */
  judgeFailures(): number | undefined;
}

export interface Delivering {
  enqueue(record: AlertRecord, channel: string): void;
}

export interface AlertEngineOptions {
  store: Store;
  policy: PolicyStore;
  notifier: Delivering;
  /** Base of the links in notifications when the policy sets no alerts.publicUrl. */
  publicUrl: () => string;
  instance?: InstanceSignals;
  now?: () => number;
  log?: (message: string) => void;
}

export interface AlertEngine {
  /** Loads the stored state of every alert, then evaluates on the policy's interval. */
  start(): Promise<void>;
  /** One evaluation of every rule (tests and the loop). */
  evaluate(): Promise<AlertRecord[]>;
  stop(): Promise<void>;
}

/** Fewer samples than this in the window: not enough to say, so not breached. */
const DEFAULT_MIN_SAMPLES: Record<AlertMetric, number> = {
  hallucination_rate: 10,
  error_rate: 10,
  cost_per_execution: 10,
  latency_drift: 1,
  slo_burn: 1,
  pii_found: 1,
  loops: 1,
  judge_unavailable: 1,
  evaluator_lag: 1,
};

export const thresholdOf = (rule: AlertRulePolicy): number => rule.threshold ?? DEFAULT_THRESHOLDS[rule.metric] ?? 0;

function muteWindows(mutes: readonly MutePolicy[] | undefined): MuteWindow[] {
  return (mutes ?? []).map((m) =>
    m.days
      ? { kind: 'weekly', days: m.days.map((d) => DAY_NUMBERS[d]), from: m.from, to: m.to, timeZone: m.timeZone ?? 'UTC' }
      : { kind: 'once', fromMs: Date.parse(m.from), toMs: Date.parse(m.to) },
  );
}

const isOpen = (r: AlertRecord) => r.status === 'pending' || r.status === 'firing';

function stateOf(r: AlertRecord | undefined): AlertState | undefined {
  if (!r) return undefined;
  return {
    status: r.status,
    since: r.sinceMs,
    ...(r.firingSinceMs > 0 ? { firingSince: r.firingSinceMs } : {}),
    ...(r.lastNotifiedMs > 0 ? { lastNotifiedMs: r.lastNotifiedMs } : {}),
    value: r.value,
  };
}

/** The event a step amounts to, or null when nothing worth a row happened (inactive stays inactive). */
function eventKind(previous: AlertRecord | undefined, next: AlertState, notified: boolean): AlertEventKind | null {
  const before = previous?.status ?? 'inactive';
  if (next.status === 'resolved') return before === 'resolved' ? null : 'resolved';
  if (next.status === 'inactive') return before === 'pending' ? 'inactive' : null;
  if (next.status === 'pending') return before === 'pending' ? 'observe' : 'pending';
  if (before !== 'firing') return 'firing';
  if (!notified) return 'observe';
  return previous && previous.lastNotifiedMs > 0 ? 'renotify' : 'firing';
}

/** The alert's identity: its rule and labels, with the project for a project's alerts. */
const alertId = (rule: string, projectId: string, labels: Record<string, string>) => fingerprint(rule, projectId ? { ...labels, project: projectId } : labels);

interface Subject {
  projectId: string;
  measurement: Measurement;
}

export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const { store, policy, notifier } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.error(message));
  const alerts = new Map<string, AlertRecord>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  async function subjectsOf(rule: AlertRulePolicy, projects: readonly string[], atMs: number, slos: readonly SloPolicy[]): Promise<Subject[]> {
    if (INSTANCE_METRICS.has(rule.metric)) {
      const value = rule.metric === 'evaluator_lag' ? options.instance?.lagSeconds() : options.instance?.judgeFailures();
      return value === undefined ? [] : [{ projectId: '', measurement: { labels: {}, value, samples: 1, traceIds: [] } }];
    }
    const found: Subject[] = [];
    for (const projectId of projects) for (const measurement of await measure(store.client, projectId, rule, atMs, slos)) found.push({ projectId, measurement });
    return found;
  }

  function record(rule: AlertRulePolicy, subject: Subject, previous: AlertRecord | undefined, next: AlertState, kind: AlertEventKind, notify: boolean, atMs: number, hash: string, publicUrl: string): AlertRecord {
    const { projectId, measurement: m } = subject;
    const threshold = thresholdOf(rule);
    const id = randomUUID();
    const fp = alertId(rule.name, projectId, m.labels);
    // While the condition holds, the executions behind it; once it stops, those that caused it.
    const traceIds = m.traceIds.length > 0 || !previous ? m.traceIds : previous.traceIds;
    const summary = summarize(rule, threshold, m.labels, m.value, m.samples);
    const base: AlertRecord = {
      projectId,
      id,
      fingerprint: fp,
      rule: rule.name,
      metric: rule.metric,
      severity: rule.severity,
      labels: m.labels,
      kind,
      status: next.status,
      atMs,
      sinceMs: next.since,
      firingSinceMs: next.firingSince ?? 0,
      lastNotifiedMs: next.lastNotifiedMs ?? 0,
      value: m.value,
      threshold,
      op: rule.op,
      samples: m.samples,
      summary,
      traceIds,
      channels: [...rule.channels],
      notification: '',
      policyHash: hash,
    };
    if (!notify || rule.channels.length === 0) return base;
    const notification: AlertNotification = {
      id,
      fingerprint: fp,
      status: next.status === 'resolved' ? 'resolved' : 'firing',
      rule: rule.name,
      severity: rule.severity,
      summary: next.status === 'resolved' ? `resolved: ${summary}` : summary,
      description: `Rule "${rule.name}" (${rule.metric} ${rule.op} ${threshold}, window ${rule.windowMinutes} min, for ${rule.forMinutes} min).`,
      labels: projectId ? { ...m.labels, project: projectId } : { ...m.labels },
      value: m.value,
      threshold,
      startsAt: new Date(next.firingSince ?? atMs).toISOString(),
      ...(next.status === 'resolved' ? { endsAt: new Date(atMs).toISOString() } : {}),
      links: alertLinks(publicUrl, rule.metric, fp, m.labels, traceIds),
      policyHash: hash,
    };
    return { ...base, notification: JSON.stringify(notification) };
  }

  // The loop and a direct call (tests, a policy reload) never evaluate at the same time.
  let chain: Promise<unknown> = Promise.resolve();
  function evaluate(): Promise<AlertRecord[]> {
    const next = chain.then(evaluateOnce);
    chain = next.catch(() => {});
    return next;
  }

  async function evaluateOnce(): Promise<AlertRecord[]> {
    const atMs = now();
    const active = policy.current();
    const section = active.document.alerts;
    const rules = section?.rules ?? [];
    const publicUrl = (section?.publicUrl ?? options.publicUrl()).replace(/\/+$/, '');
    const hasOpen = [...alerts.values()].some(isOpen);
    if (rules.length === 0 && !hasOpen) return [];

    const projects = (await listProjects(store.client)).map((p) => p.id).filter((id) => id !== INSTANCE);
    const silenced = new Set((await readActiveSilences(store.client, atMs)).map((s) => `${s.projectId}\u0000${s.fingerprint}`));
    const written: AlertRecord[] = [];

    for (const rule of rules) {
      const threshold = thresholdOf(rule);
      const minSamples = rule.minSamples ?? DEFAULT_MIN_SAMPLES[rule.metric];
      const mutedByPolicy = isMuted(muteWindows(rule.mute), atMs);
      let subjects: Subject[];
      try {
        subjects = await subjectsOf(rule, projects, atMs, active.document.slos ?? []);
      } catch (error) {
        // One rule's failed query must not stop the others; its alerts keep their state until it reads again.
        log(`alerts: rule "${rule.name}" could not be measured (${(error as Error).message})`);
        continue;
      }
      const measured = new Set(subjects.map((s) => alertId(rule.name, s.projectId, s.measurement.labels)));
      // An open alert whose label set has no data this time (the agent went quiet) is no longer breached.
      for (const open of alerts.values()) {
        if (open.rule === rule.name && isOpen(open) && !measured.has(open.fingerprint)) {
          subjects.push({ projectId: open.projectId, measurement: { labels: open.labels, value: 0, samples: 0, traceIds: [] } });
        }
      }
      for (const subject of subjects) {
        const m = subject.measurement;
        const fp = alertId(rule.name, subject.projectId, m.labels);
        const breached = m.samples >= minSamples && (rule.op === 'above' ? m.value > threshold : m.value < threshold);
        const muted = mutedByPolicy || silenced.has(`${subject.projectId}\u0000${fp}`);
        const previous = alerts.get(fp);
        const next = step(stateOf(previous), { breached, value: m.value, atMs }, { forMs: rule.forMinutes * 60_000, renotifyMs: rule.renotifyMinutes * 60_000, muted });
        const kind = eventKind(previous, next.state, next.notify !== null);
        if (kind) written.push(record(rule, subject, previous, next.state, kind, next.notify !== null, atMs, active.hash, publicUrl));
      }
    }

    // Alerts of rules taken out of the policy end here; their receivers hear the resolve if they heard the firing.
    const ruleNames = new Set(rules.map((r) => r.name));
    const channelNames = new Set(Object.keys(section?.channels ?? {}));
    for (const open of alerts.values()) {
      if (!isOpen(open) || ruleNames.has(open.rule)) continue;
      const told = open.status === 'firing' && open.lastNotifiedMs > 0;
      const id = randomUUID();
      const channels = told ? open.channels.filter((c) => channelNames.has(c)) : [];
      const summary = `the rule "${open.rule}" is no longer in the policy (was: ${open.summary})`;
      const notification: AlertNotification | undefined = told
        ? {
            id,
            fingerprint: open.fingerprint,
            status: 'resolved',
            rule: open.rule,
            severity: open.severity,
            summary: `resolved: ${summary}`,
            labels: open.projectId ? { ...open.labels, project: open.projectId } : { ...open.labels },
            value: open.value,
            threshold: open.threshold,
            startsAt: new Date(open.firingSinceMs || open.sinceMs).toISOString(),
            endsAt: new Date(atMs).toISOString(),
            links: alertLinks(publicUrl, open.metric as AlertMetric, open.fingerprint, open.labels, open.traceIds),
            policyHash: active.hash,
          }
        : undefined;
      written.push({
        ...open,
        id,
        kind: open.status === 'firing' ? 'resolved' : 'inactive',
        status: open.status === 'firing' ? 'resolved' : 'inactive',
        atMs,
        sinceMs: atMs,
        summary,
        channels,
        notification: notification && channels.length > 0 ? JSON.stringify(notification) : '',
        policyHash: active.hash,
      });
    }

    if (written.length === 0) return written;
    await insertAlertRecords(store, written);
    for (const r of written) alerts.set(r.fingerprint, r);
    countOpen();
    for (const r of written) if (r.notification) for (const channel of r.channels) notifier.enqueue(r, channel);
    return written;
  }

  function countOpen(): void {
    alertsOpen.reset();
    for (const r of alerts.values()) if (isOpen(r)) alertsOpen.inc({ status: r.status, severity: r.severity });
  }

  function schedule(): void {
    if (stopped) return;
    const seconds = policy.current().document.alerts?.intervalSeconds ?? 30;
    timer = setTimeout(() => {
      running = evaluate()
        .catch((error: unknown) => log(`alerts: evaluation failed (${(error as Error).message}); trying again in ${seconds} s`))
        .finally(schedule);
    }, seconds * 1000);
    timer.unref();
  }

  return {
    async start() {
      for (const r of await readCurrentAlerts(store.client)) alerts.set(r.fingerprint, r);
      countOpen();
      schedule();
    },
    evaluate,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
