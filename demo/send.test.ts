import { describe, expect, it } from 'vitest';
import { DemoError, otlpTarget } from './send.ts';

describe('otlpTarget', () => {
  it('accepts the collector base URL or its /v1/traces URL', () => {
    const expected = { tracesUrl: 'http://127.0.0.1:4318/v1/traces', healthUrl: 'http://127.0.0.1:4318/healthz' };
    expect(otlpTarget('http://127.0.0.1:4318')).toEqual(expected);
    expect(otlpTarget('http://127.0.0.1:4318/')).toEqual(expected);
    expect(otlpTarget('http://127.0.0.1:4318/v1/traces')).toEqual(expected);
  });

  it('keeps a path prefix of a collector behind a proxy', () => {
    expect(otlpTarget('https://vigil.example.com/otlp/v1/traces')).toEqual({
      tracesUrl: 'https://vigil.example.com/otlp/v1/traces',
      healthUrl: 'https://vigil.example.com/otlp/healthz',
    });
  });

  it('says what is wrong with a URL that is not one', () => {
    expect(() => otlpTarget('localhost:4318x')).toThrow(DemoError);
    expect(() => otlpTarget('not a url')).toThrow('not a URL: "not a url"');
  });
});
