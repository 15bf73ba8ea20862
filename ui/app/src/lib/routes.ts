// The app's routes, matched from a URL path and query. Pure: the router module applies them to
// the browser history.

export type Route =
  | { name: 'traces' }
  | { name: 'trace'; traceId: string; spanId: string | null }
  | { name: 'session'; sessionId: string }
  | { name: 'sre' }
  | { name: 'evaluations' }
  | { name: 'alerts'; fingerprint: string | null }
  | { name: 'executive' }
  | { name: 'suites'; runId: string | null }
  | { name: 'sign-in'; next: string }
  | { name: 'not-found'; path: string };

export function matchRoute(pathname: string, query: URLSearchParams): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '/traces') return { name: 'traces' };
  if (path === '/sre') return { name: 'sre' };
  if (path === '/evaluations') return { name: 'evaluations' };
  if (path === '/alerts') return { name: 'alerts', fingerprint: query.get('alert') || null };
  if (path === '/executive') return { name: 'executive' };
  if (path === '/suites') return { name: 'suites', runId: query.get('run') || null };
  if (path === '/sign-in') return { name: 'sign-in', next: safeNext(query.get('next')) };
  const trace = /^\/traces\/([^/]+)$/.exec(path);
  if (trace) return { name: 'trace', traceId: decode(trace[1]!), spanId: query.get('span') || null };
  const session = /^\/sessions\/([^/]+)$/.exec(path);
  if (session) return { name: 'session', sessionId: decode(session[1]!) };
  return { name: 'not-found', path: pathname };
}

/** Only a path on this site may follow sign-in: never another origin ("//evil", "https://…"). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/traces';
  if (next.startsWith('/sign-in')) return '/traces';
  return next;
}

export function signInPath(next: string): string {
  return `/sign-in?next=${encodeURIComponent(safeNext(next))}`;
}

export function tracePath(traceId: string, spanId?: string | null): string {
  return `/traces/${encodeURIComponent(traceId)}${spanId ? `?span=${encodeURIComponent(spanId)}` : ''}`;
}

export function sessionPath(sessionId: string): string {
  return `/sessions/${encodeURIComponent(sessionId)}`;
}

/** Carries `project` (the admin's project choice) onto a link so navigation stays in the project. */
export function withProject(href: string, project: string | null): string {
  if (!project) return href;
  const url = new URL(href, 'http://vigil.invalid');
  url.searchParams.set('project', project);
  return `${url.pathname}${url.search}${url.hash}`;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
