// Whether an alert webhook URL is safe to POST to. An operator types the URL, but Vigil makes the
// request from inside the network it runs in, so a careless or hostile URL could reach cloud metadata
// endpoints (credentials), the host's own services, or other machines on the private network (SSRF).
// Every address the name resolves to is checked and returned: the caller connects to those addresses
// and not to a second lookup, which a rebinding DNS server could answer differently.
import { BlockList, isIP } from 'node:net';

export interface DestinationOptions {
  /** Allow loopback, private, CGNAT, "this network" and multicast addresses: receivers on your own network. */
  readonly allowPrivate?: boolean;
  /** Hosts trusted as they are, whatever they resolve to; the only way to reach a metadata or link-local address. */
  readonly allowHosts?: readonly string[];
}

export type Resolve = (host: string) => Promise<string[]>;

export type DestinationCheck =
  | { readonly ok: true; readonly url: URL; readonly addresses: string[] }
  | { readonly ok: false; readonly reason: string };

interface AddressClass {
  readonly name: string;
  /** Refused even with allowPrivate. */
  readonly always: boolean;
  readonly list: BlockList;
}

function addressClass(name: string, always: boolean, ranges: readonly string[]): AddressClass {
  const list = new BlockList();
  for (const range of ranges) {
    const [network = '', prefix] = range.split('/');
    const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(network, family);
    else list.addSubnet(network, Number(prefix), family);
  }
  return { name, always, list };
}

// First match names the address, so the exact metadata addresses come before the ranges holding them.
// BlockList also matches IPv4 rules against IPv4-mapped IPv6 (::ffff:a.b.c.d).
const CLASSES: readonly AddressClass[] = [
  addressClass('a cloud metadata address', true, ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']),
  addressClass('a link-local address', true, ['169.254.0.0/16', 'fe80::/10']),
  addressClass('a loopback address', false, ['127.0.0.0/8', '::1/128']),
  addressClass('a private address', false, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']),
  addressClass('a carrier-grade NAT address', false, ['100.64.0.0/10']),
  addressClass('a "this network" address', false, ['0.0.0.0/8', '::/128']),
  addressClass('a multicast or broadcast address', false, ['224.0.0.0/4', '255.255.255.255', 'ff00::/8']),
];

const METADATA_HOSTS = new Set(['metadata.google.internal']);

/** Lower case, without IPv6 brackets or the trailing dot of a fully qualified name. */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** IPv6 in canonical form, with an IPv4 embedded by mapping (::ffff:0:0/96) or NAT64 (64:ff9b::/96) pulled out. */
function embeddedIpv4(address: string): string | undefined {
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const match = /^(?:::ffff|64:ff9b:):([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!match) return undefined;
  const high = parseInt(match[1]!, 16);
  const low = parseInt(match[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function refusal(address: string, options: DestinationOptions): string | undefined {
  const family = isIP(address);
  const ipv4 = family === 6 ? embeddedIpv4(address) : address;
  const found = CLASSES.find((c) => (ipv4 ? c.list.check(ipv4, 'ipv4') : c.list.check(address, 'ipv6')));
  if (!found || (options.allowPrivate && !found.always)) return undefined;
  const fix = found.always
    ? 'add the host to allowHosts only if it really is your receiver'
    : 'set allowPrivate for receivers on your network';
  const shown = ipv4 && ipv4 !== address ? `${address} (${ipv4})` : address;
  return `${shown}, ${found.name}; ${fix}`;
}

export async function checkDestination(url: string, options: DestinationOptions, resolve: Resolve): Promise<DestinationCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Webhook URLs often carry their secret in the path (Slack, Teams): never echoed in reasons.
    return { ok: false, reason: 'the destination is not a URL; write it in full, e.g. https://hooks.example.com/vigil' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: `${parsed.protocol} URLs are not allowed; use an http or https URL` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, reason: 'the URL carries credentials; put them in a header or the path token your receiver expects instead' };
  }
  const host = normalHost(parsed.hostname);
  const trusted = (options.allowHosts ?? []).some((allowed) => normalHost(allowed) === host);
  if (!trusted && METADATA_HOSTS.has(host)) {
    return { ok: false, reason: `${host} is a cloud metadata host; add it to allowHosts only if it really is your receiver` };
  }

  const literal = isIP(host) !== 0;
  let addresses: string[];
  if (literal) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return { ok: false, reason: `${host} did not resolve (${error instanceof Error ? error.message : String(error)}); check the host name` };
    }
    if (addresses.length === 0) return { ok: false, reason: `${host} resolves to no address; check the host name` };
  }
  if (trusted) return { ok: true, url: parsed, addresses };

  for (const address of addresses) {
    if (isIP(address) === 0) return { ok: false, reason: `${host} resolved to "${address}", which is not an IP address; check the resolver` };
    const why = refusal(address, options);
    if (why) return { ok: false, reason: literal ? `${parsed.protocol}//${parsed.host}/ points at ${why}` : `${host} resolves to ${why}` };
  }
  return { ok: true, url: parsed, addresses };
}

/** Whether a redirect from `a` to `b` stays on the checked destination: same scheme, host and port. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin !== 'null' && a.origin === b.origin;
}
