/**
 * Which IP addresses are on the public internet, and the install's allow-list of hosts, addresses and
 * networks that may be fetched although they are not (OUTBOUND_ALLOW). Addresses are parsed into
 * numbers here rather than matched as text, so every spelling of one address (`::7f00:1`,
 * `::ffff:127.0.0.1`, `0:0:0:0:0:0:7f00:1`) is judged the same.
 */
import net from 'node:net';

interface Range {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

/** The address as a number (32 bits for IPv4, 128 for IPv6), or undefined when it is not an IP address. */
export function addressValue(ip: string): { family: 4 | 6; value: bigint } | undefined {
  const plain = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(plain);
  if (family === 4) return { family: 4, value: ipv4Value(plain) };
  if (family !== 6) return undefined;
  let text = plain.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4) is the last 32 bits.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad) {
    const v = ipv4Value(quad);
    text = `${text.slice(0, -quad.length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? headParts : [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(parseInt(group, 16));
  return { family: 6, value };
}

function ipv4Value(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** A network in CIDR notation (`10.0.0.0/8`, `fc00::/7`) or one address; undefined when it is neither. */
export function parseRange(text: string): Range | undefined {
  const [ip = '', bits, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const address = addressValue(ip);
  if (!address) return undefined;
  const width = address.family === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = bits === undefined ? width : Number(bits);
  if (prefix > width) return undefined;
  return { family: address.family, base: address.value, prefix };
}

function inRange(address: { family: 4 | 6; value: bigint }, range: Range): boolean {
  if (address.family !== range.family) return false;
  const shift = BigInt((range.family === 4 ? 32 : 128) - range.prefix);
  return address.value >> shift === range.base >> shift;
}

const ranges = (list: string[]) => list.map((text) => parseRange(text)!);

/** IPv4 networks that are not the public internet (RFC 6890 and its updates). */
const NOT_PUBLIC_V4 = ranges([
  '0.0.0.0/8', // "this network", unspecified
  '10.0.0.0/8', // private
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local (cloud metadata at 169.254.169.254)
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and 255.255.255.255 broadcast
]);

/** Global unicast IPv6 (2000::/3) is public except these; everything outside 2000::/3 is not. */
const GLOBAL_V6 = parseRange('2000::/3')!;
const NOT_PUBLIC_V6 = ranges([
  '2001::/23', // IETF protocol assignments: Teredo (2001::/32, embeds an IPv4 address), ORCHID, benchmarking
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4: embeds an IPv4 address, which may be private
  '3fff::/20', // documentation
]);

/**
 * True when `ip` is an address on the public internet. False for loopback, private, link-local,
 * carrier-grade NAT, multicast, broadcast, unspecified and reserved IPv4; and for IPv6 outside global
 * unicast (`::1`, `::`, IPv4-compatible `::7f00:1`, IPv4-mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`,
 * site-local `fec0::/10`, unique-local `fc00::/7`, link-local, multicast) and for 6to4, Teredo and
 * documentation ranges inside it. Anything that is not an IP address is not public.
 */
export function isPublicAddress(ip: string): boolean {
  const address = addressValue(ip);
  if (!address) return false;
  if (address.family === 4) return !NOT_PUBLIC_V4.some((r) => inRange(address, r));
  return inRange(address, GLOBAL_V6) && !NOT_PUBLIC_V6.some((r) => inRange(address, r));
}

/** An install's allow-list (OUTBOUND_ALLOW): host names, addresses and networks fetched although not public. */
export class AllowList {
  private readonly hosts = new Set<string>();
  private readonly networks: Range[] = [];

  /** `entries`: valid entries only (config checks them with `isAllowEntry`). */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const range = parseRange(entry);
      if (range) this.networks.push(range);
      else this.hosts.add(entry.trim().toLowerCase().replace(/\.$/, ''));
    }
  }

  /** True when the host name itself is listed: every address it resolves to may be fetched. */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  allowsAddress(ip: string): boolean {
    const address = addressValue(ip);
    return address !== undefined && this.networks.some((r) => inRange(address, r));
  }
}

/** True when `entry` may stand in OUTBOUND_ALLOW: an IP address, a network in CIDR notation, or a host name. */
export function isAllowEntry(entry: string): boolean {
  if (entry.includes('/') || net.isIP(entry.replace(/^\[|\]$/g, ''))) return parseRange(entry.replace(/^\[|\]$/g, '')) !== undefined;
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(entry);
}
