import { describe, expect, it } from 'vitest';
import { checkDestination, sameOrigin, type DestinationOptions } from './destination.ts';

/** A resolver that answers from a table, and fails for anything else like getaddrinfo does. */
function dns(table: Record<string, string[]>) {
  return async (host: string): Promise<string[]> => {
    const answer = table[host];
    if (!answer) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return answer;
  };
}

const publicDns = dns({ 'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });

async function reason(url: string, options: DestinationOptions = {}, resolve = publicDns): Promise<string> {
  const result = await checkDestination(url, options, resolve);
  if (result.ok) throw new Error(`${url} was accepted`);
  return result.reason;
}

describe('checkDestination', () => {
  it('accepts a public https receiver and returns every address to connect to', async () => {
    const result = await checkDestination('https://hooks.example.com/vigil?team=a', {}, publicDns);
    expect(result).toEqual({
      ok: true,
      url: new URL('https://hooks.example.com/vigil?team=a'),
      addresses: ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    });
  });

  it('accepts a public IP literal without asking DNS', async () => {
    const result = await checkDestination('http://93.184.215.14:8080/hook', {}, dns({}));
    expect(result).toMatchObject({ ok: true, addresses: ['93.184.215.14'] });
  });

  it('refuses schemes other than http and https, and URLs that do not parse', async () => {
    expect(await reason('ftp://hooks.example.com/')).toMatch(/ftp: URLs are not allowed; use an http or https URL/);
    expect(await reason('file:///etc/passwd')).toMatch(/file: URLs are not allowed/);
    expect(await reason('javascript:alert(1)')).toMatch(/javascript: URLs are not allowed/);
    expect(await reason('hooks.example.com/vigil')).toMatch(/is not a URL; write it in full/);
  });

  it('refuses credentials in the URL', async () => {
    expect(await reason('https://user:secret@hooks.example.com/')).toMatch(/carries credentials/);
    expect(await reason('https://token@hooks.example.com/')).toMatch(/carries credentials/);
  });

  it('says what is wrong with a private address and how to allow it', async () => {
    const resolve = dns({ 'alerts.corp': ['10.0.0.5'] });
    expect(await reason('https://alerts.corp/hook', {}, resolve)).toBe(
      'alerts.corp resolves to 10.0.0.5, a private address; set allowPrivate for receivers on your network',
    );
    expect(await checkDestination('https://alerts.corp/hook', { allowPrivate: true }, resolve)).toMatchObject({ ok: true, addresses: ['10.0.0.5'] });
  });

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.255.1.2/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://172.31.255.255/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://[fc00::1]/', 'private'],
    ['http://[fd12:3456::1]/', 'private'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://100.127.255.254/', 'carrier-grade NAT'],
    ['http://0.0.0.0/', '"this network"'],
    ['http://0/', '"this network"'],
    ['http://[::]/', '"this network"'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://239.255.255.250/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
  ])('refuses %s (%s) unless allowPrivate', async (url, kind) => {
    expect(await reason(url)).toMatch(new RegExp(`${kind}.*; set allowPrivate`));
    expect((await checkDestination(url, { allowPrivate: true }, dns({}))).ok).toBe(true);
  });

  it('allows the public neighbours of private ranges', async () => {
    for (const url of ['http://172.32.0.1/', 'http://172.15.255.255/', 'http://100.128.0.1/', 'http://192.169.0.1/', 'http://11.0.0.1/']) {
      expect((await checkDestination(url, {}, dns({}))).ok, url).toBe(true);
    }
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.170.2/v2/credentials',
    'http://100.100.100.200/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
  ])('refuses the cloud metadata address in %s even with allowPrivate', async (url) => {
    expect(await reason(url, { allowPrivate: true })).toMatch(/a cloud metadata address; add the host to allowHosts only if/);
  });

  it('refuses the metadata host name without resolving it, in any case and with a trailing dot', async () => {
    const resolve = dns({ 'metadata.google.internal': ['8.8.8.8'] });
    expect(await reason('http://metadata.google.internal/computeMetadata/v1/', { allowPrivate: true }, resolve)).toMatch(
      /metadata.google.internal is a cloud metadata host; add it to allowHosts/,
    );
    expect(await reason('http://METADATA.Google.Internal./', {}, resolve)).toMatch(/cloud metadata host/);
  });

  it('refuses link-local addresses even with allowPrivate', async () => {
    expect(await reason('http://169.254.1.1/', { allowPrivate: true })).toMatch(/169.254.1.1, a link-local address; add the host to allowHosts/);
    expect(await reason('http://[fe80::1]/', { allowPrivate: true })).toMatch(/link-local/);
    expect(await reason('http://[febf::1]/', { allowPrivate: true })).toMatch(/link-local/);
  });

  it.each([
    ['decimal', 'http://2852039166/'],
    ['hex', 'http://0xa9fea9fe/'],
    ['octal', 'http://0251.0376.0251.0376/'],
    ['mixed short form', 'http://169.254.43518/'],
    ['trailing dot', 'http://169.254.169.254./'],
  ])('reads a %s IPv4 literal as the address it means', async (_form, url) => {
    expect(await reason(url)).toBe('http://169.254.169.254/ points at 169.254.169.254, a cloud metadata address; add the host to allowHosts only if it really is your receiver');
  });

  it('never echoes the path of a webhook URL, which often holds its secret', async () => {
    const secret = 'T000/B000/XXXXsecretXXXX';
    expect(await reason(`http://169.254.169.254/services/${secret}`)).not.toContain(secret);
    expect(await reason(`not a url /services/${secret}`)).not.toContain(secret);
  });

  it('reads shortened loopback literals', async () => {
    for (const url of ['http://127.1/', 'http://0x7f.1/', 'http://017700000001/']) {
      expect(await reason(url), url).toMatch(/127.0.0.1, a loopback address/);
    }
  });

  it('sees the IPv4 inside IPv4-mapped and NAT64 IPv6 literals', async () => {
    expect(await reason('http://[::ffff:169.254.169.254]/')).toMatch(/::ffff:a9fe:a9fe \(169.254.169.254\), a cloud metadata address/);
    expect(await reason('http://[0:0:0:0:0:ffff:7f00:1]/')).toMatch(/\(127.0.0.1\), a loopback address/);
    expect(await reason('http://[::ffff:10.0.0.1]/')).toMatch(/\(10.0.0.1\), a private address/);
    expect(await reason('http://[64:ff9b::169.254.169.254]/', { allowPrivate: true })).toMatch(/\(169.254.169.254\), a cloud metadata/);
    expect((await checkDestination('http://[::ffff:93.184.215.14]/', {}, dns({}))).ok).toBe(true);
  });

  it('sees mapped addresses a resolver returns in dotted form', async () => {
    const resolve = dns({ 'sneaky.example.com': ['::ffff:169.254.169.254'] });
    expect(await reason('https://sneaky.example.com/', {}, resolve)).toMatch(
      /sneaky.example.com resolves to ::ffff:169.254.169.254 \(169.254.169.254\), a cloud metadata address/,
    );
  });

  it('checks every resolved address, so one private answer among public ones is refused', async () => {
    const resolve = dns({ 'rebind.example.com': ['93.184.215.14', '127.0.0.1'] });
    expect(await reason('https://rebind.example.com/', {}, resolve)).toMatch(/resolves to 127.0.0.1, a loopback address/);
  });

  it('refuses names that do not resolve, resolve to nothing, or resolve to something not an address', async () => {
    expect(await reason('https://nowhere.example.com/')).toMatch(/nowhere.example.com did not resolve \(getaddrinfo ENOTFOUND nowhere.example.com\)/);
    expect(await reason('https://empty.example.com/', {}, dns({ 'empty.example.com': [] }))).toMatch(/resolves to no address/);
    expect(await reason('https://odd.example.com/', {}, dns({ 'odd.example.com': ['not-an-ip'] }))).toMatch(/which is not an IP address/);
  });

  it('trusts a host in allowHosts whatever it resolves to', async () => {
    const resolve = dns({ 'metadata.google.internal': ['169.254.169.254'], 'sidecar.local': ['127.0.0.1'] });
    expect(await checkDestination('http://metadata.google.internal/', { allowHosts: ['Metadata.Google.Internal'] }, resolve)).toMatchObject({
      ok: true,
      addresses: ['169.254.169.254'],
    });
    expect(await checkDestination('http://169.254.169.254/', { allowHosts: ['169.254.169.254'] }, resolve)).toMatchObject({ ok: true });
    expect(await checkDestination('http://[fe80::1]/', { allowHosts: ['[fe80::1]'] }, resolve)).toMatchObject({ ok: true });
    expect(await checkDestination('http://sidecar.local:9000/', { allowHosts: ['sidecar.local'] }, resolve)).toMatchObject({ ok: true });
    // Trust is per host: another name resolving to the same address is still refused.
    expect(await reason('http://169.254.169.254/', { allowHosts: ['metadata.google.internal'] }, resolve)).toMatch(/cloud metadata/);
  });
});

describe('sameOrigin', () => {
  const from = new URL('https://hooks.example.com/vigil');

  it('follows a redirect on the same scheme, host and port', () => {
    expect(sameOrigin(from, new URL('https://hooks.example.com:443/v2/vigil?x=1'))).toBe(true);
    expect(sameOrigin(from, new URL('https://HOOKS.example.com/other'))).toBe(true);
  });

  it('does not follow a redirect to another host, port or scheme', () => {
    expect(sameOrigin(from, new URL('https://169.254.169.254/latest/meta-data/'))).toBe(false);
    expect(sameOrigin(from, new URL('https://hooks.example.com.evil.test/'))).toBe(false);
    expect(sameOrigin(from, new URL('https://hooks.example.com:8443/'))).toBe(false);
    expect(sameOrigin(from, new URL('http://hooks.example.com/vigil'))).toBe(false);
  });
});
