import { describe, expect, it } from 'vitest';
import { matchRoute, safeNext, sessionPath, signInPath, tracePath, withProject } from './routes.ts';

const q = (s = '') => new URLSearchParams(s);

describe('matchRoute', () => {
  it('maps each page', () => {
    expect(matchRoute('/', q())).toEqual({ name: 'traces' });
    expect(matchRoute('/traces/', q('agent=a'))).toEqual({ name: 'traces' });
    expect(matchRoute('/sre', q())).toEqual({ name: 'sre' });
    expect(matchRoute('/evaluations', q('check=pii'))).toEqual({ name: 'evaluations' });
    expect(matchRoute('/alerts', q('from=7d'))).toEqual({ name: 'alerts', fingerprint: null });
    expect(matchRoute('/alerts/', q('alert=3f2a9c0d1e4b5a67'))).toEqual({ name: 'alerts', fingerprint: '3f2a9c0d1e4b5a67' });
    expect(matchRoute('/executive/', q('agent=a&interval=week'))).toEqual({ name: 'executive' });
    expect(matchRoute('/suites', q())).toEqual({ name: 'suites', runId: null });
    expect(matchRoute('/suites/', q('run=v2&baseline=v1'))).toEqual({ name: 'suites', runId: 'v2' });
    expect(matchRoute('/traces/abc123', q('span=s1'))).toEqual({ name: 'trace', traceId: 'abc123', spanId: 's1' });
    expect(matchRoute('/traces/abc123', q())).toEqual({ name: 'trace', traceId: 'abc123', spanId: null });
    expect(matchRoute('/sessions/conv%2F42', q())).toEqual({ name: 'session', sessionId: 'conv/42' });
    expect(matchRoute('/sign-in', q('next=%2Fsre')).valueOf()).toEqual({ name: 'sign-in', next: '/sre' });
  });
  it('sends anything else to not found', () => {
    expect(matchRoute('/datasets', q())).toEqual({ name: 'not-found', path: '/datasets' });
    expect(matchRoute('/traces/a/b', q())).toEqual({ name: 'not-found', path: '/traces/a/b' });
  });
});

describe('links', () => {
  it('never redirects off-site after sign-in', () => {
    expect(safeNext('/traces?agent=a')).toBe('/traces?agent=a');
    expect(safeNext('//evil.example')).toBe('/traces');
    expect(safeNext('https://evil.example')).toBe('/traces');
    expect(safeNext('/\\evil.example')).toBe('/traces');
    expect(safeNext('/sign-in?next=/x')).toBe('/traces');
    expect(safeNext(null)).toBe('/traces');
    expect(signInPath('/sre?from=1h')).toBe('/sign-in?next=%2Fsre%3Ffrom%3D1h');
  });
  it('builds trace and session paths', () => {
    expect(tracePath('t1', 's 1')).toBe('/traces/t1?span=s%201');
    expect(sessionPath('a/b')).toBe('/sessions/a%2Fb');
  });
  it('keeps the project on links', () => {
    expect(withProject('/traces?agent=a', 'p2')).toBe('/traces?agent=a&project=p2');
    expect(withProject('/sre', null)).toBe('/sre');
  });
});
