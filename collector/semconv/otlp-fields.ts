// The span's own OTLP fields in their stored form (core/spans/row.ts).
import type { SpanRow } from '../../core/spans/row.ts';
import type { Attributes, OtlpEvent, OtlpLink, OtlpSpan } from '../otlp/model.ts';
import { setAttribute } from '../otlp/attributes.ts';
import { stringifyValue, toJsonSafe } from './attributes.ts';

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: SpanRow['status_code'][] = ['unset', 'ok', 'error'];

export function kindName(kind: number): string {
  return KINDS[kind] ?? 'unspecified';
}

export function statusName(code: number): SpanRow['status_code'] {
  return STATUSES[code] ?? 'unset';
}

/**
 * A time as stored: nanoseconds since the epoch as exactly 19 digits. The engine's best-effort
 * parser reads only 19-digit strings as nanoseconds: "1" becomes a date in January of this year
 * and "0" or an 18-digit time fails the whole insert.
 */
export function timeText(ns: bigint): string {
  return ns.toString().padStart(19, '0');
}

export function durationNs(span: OtlpSpan): number {
  const duration = span.endTimeUnixNano - span.startTimeUnixNano;
  return duration > 0n ? Number(duration) : 0;
}

/** The span's start as a Date (millisecond precision), for date-aware pricing. */
export function startDate(span: OtlpSpan): Date {
  return new Date(Number(span.startTimeUnixNano / 1_000_000n));
}

export function stringifyAttributes(attrs: Attributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in attrs) setAttribute(out, key, stringifyValue(attrs[key] as Attributes[string]));
  return out;
}

// One resource is shared by every span of a ResourceSpans, so stringify it once. The result is
// shared between rows too, hence frozen.
const resourceCache = new WeakMap<Attributes, Readonly<Record<string, string>>>();

export function resourceAttributes(resource: Attributes): Record<string, string> {
  let out = resourceCache.get(resource);
  if (!out) {
    out = Object.freeze(stringifyAttributes(resource));
    resourceCache.set(resource, out);
  }
  return out as Record<string, string>;
}

export function eventsJson(events: readonly OtlpEvent[]): string {
  if (events.length === 0) return '';
  return JSON.stringify(
    events.map((event) => ({
      time_unix_nano: event.timeUnixNano.toString(),
      name: event.name,
      attributes: toJsonSafe(event.attributes),
    })),
  );
}

export function linksJson(links: readonly OtlpLink[]): string {
  if (links.length === 0) return '';
  return JSON.stringify(
    links.map((link) => ({ trace_id: link.traceId, span_id: link.spanId, attributes: toJsonSafe(link.attributes) })),
  );
}
