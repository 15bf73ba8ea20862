// One POST of a notification to a receiver. The destination is checked first (destination.ts) and
// the connection goes to the addresses that check resolved, never to a second lookup; redirects are
// not followed (a receiver that redirects elsewhere is refused, with the reason). Error messages name
// the receiver's origin at most: webhook paths and headers carry secrets.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { ChannelPolicy } from '../../core/policy/alerts.ts';
import { checkDestination, type DestinationOptions, type Resolve } from './destination.ts';
import type { PayloadRequest } from './formats/index.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
/** How much of a receiver's answer is kept (for `vigil alerts test` and the delivery log). */
export const MAX_RESPONSE_CHARS = 2000;

export interface SendResult {
  /** HTTP status, or what happened instead of an answer. `refused`: Vigil would not send (see error). */
  status: number | 'timeout' | 'network' | 'refused';
  retryAfter?: string;
  latencyMs: number;
  response: string;
  error: string;
}

export interface SendOptions {
  timeoutMs: number;
  destination: DestinationOptions;
  resolve?: Resolve;
}

const systemResolve: Resolve = async (host) => (await dnsLookup(host, { all: true })).map((a) => a.address);

/** A lookup that answers with the addresses already checked. */
function pinned(addresses: readonly string[]): LookupFunction {
  return (_host, options, callback) => {
    const all = addresses.map((address) => ({ address, family: isIP(address) }));
    if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof all) => void)(null, all);
    else callback(null, all[0]!.address, all[0]!.family);
  };
}

async function readSome(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) {
    if (text.length < MAX_RESPONSE_CHARS) text += String(chunk);
  }
  return text.slice(0, MAX_RESPONSE_CHARS);
}

export async function postWebhook(url: string, payload: PayloadRequest, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const check = await checkDestination(url, options.destination, options.resolve ?? systemResolve);
  if (!check.ok) return { status: 'refused', latencyMs: elapsed(), response: '', error: `refused to send: ${check.reason}` };
  const target = check.url;
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(options.timeoutMs);
  return new Promise<SendResult>((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...payload.headers, 'Content-Length': Buffer.byteLength(payload.body), 'User-Agent': 'vigil-alerts' },
        lookup: pinned(check.addresses),
        signal,
      },
      (response) => {
        readSome(response)
          .then((text) => {
            const status = response.statusCode ?? 0;
            const location = response.headers.location;
            let error = status >= 300 && status < 400 ? `the receiver redirected (${status}${redirectTarget(location, target)}); Vigil does not follow redirects: configure the final URL` : '';
            if (!error && (status < 200 || status > 299)) error = `the receiver answered HTTP ${status}`;
            const retryAfter = response.headers['retry-after'];
            resolve({ status, ...(retryAfter ? { retryAfter } : {}), latencyMs: elapsed(), response: text, error });
          })
          .catch((e: unknown) => resolve(failure(e, signal, options.timeoutMs, elapsed())));
      },
    );
    req.on('error', (e) => resolve(failure(e, signal, options.timeoutMs, elapsed())));
    req.end(payload.body);
  });
}

function redirectTarget(location: string | undefined, from: URL): string {
  if (!location) return '';
  try {
    const to = new URL(location, from);
    return to.origin === from.origin ? ' to another path on the same host' : ` to ${to.origin}`;
  } catch {
    return '';
  }
}

function failure(error: unknown, signal: AbortSignal, timeoutMs: number, latencyMs: number): SendResult {
  if (signal.aborted) return { status: 'timeout', latencyMs, response: '', error: `no answer within ${timeoutMs / 1000} s` };
  const code = (error as NodeJS.ErrnoException).code;
  return { status: 'network', latencyMs, response: '', error: `could not reach the receiver (${code ?? (error as Error).message})` };
}

const FORMAT_NAMES: Record<ChannelPolicy['format'], string> = { generic: 'receiver\'s', slack: 'Slack', pagerduty: 'PagerDuty', teams: 'Teams', alertmanager: 'Alertmanager' };

export type ChannelTarget =
  | { ok: true; url: string; secret?: string; routingKey?: string }
  | { ok: false; problem: string };

/** Where a channel sends and with which secrets, read from the environment at each send. */
export function channelTarget(channel: ChannelPolicy, env: Record<string, string | undefined>): ChannelTarget {
  const missing = (name: string, what: string): ChannelTarget => ({ ok: false, problem: `the environment variable ${name} is not set: set it to ${what} and restart Vigil` });
  let url = channel.url ?? (channel.format === 'pagerduty' ? PAGERDUTY_EVENTS_URL : undefined);
  if (channel.urlEnv) {
    const value = env[channel.urlEnv]?.trim();
    if (!value) return missing(channel.urlEnv, `the ${FORMAT_NAMES[channel.format]} webhook URL`);
    url = value;
  }
  if (!url) return { ok: false, problem: 'no URL: set urlEnv or url' };
  const target: ChannelTarget = { ok: true, url };
  if (channel.secretEnv) {
    const secret = env[channel.secretEnv];
    if (!secret) return missing(channel.secretEnv, 'the signing secret your receiver verifies with');
    target.secret = secret;
  }
  if (channel.routingKeyEnv) {
    const routingKey = env[channel.routingKeyEnv]?.trim();
    if (!routingKey) return missing(channel.routingKeyEnv, 'the PagerDuty integration key');
    target.routingKey = routingKey;
  }
  return target;
}

/** Scheme and host of a URL, for showing where a channel sends without its secret path. */
export function originOf(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(not a URL)';
  }
}
