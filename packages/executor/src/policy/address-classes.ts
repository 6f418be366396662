/**
 * What an IP address is, for the destination rules: cloud metadata and other special addresses
 * (never reached), the unspecified address, loopback and link-local (reached only where listed
 * with their port), private ranges (only where listed or managed), or public. An IPv6 address
 * that carries an IPv4 one (mapped, NAT64, compatible, 6to4) is also judged by the IPv4 inside,
 * so `::ffff:169.254.169.254` and `64:ff9b::a9fe:a9fe` are metadata.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export type AddressClass = 'metadata' | 'special' | 'unspecified' | 'loopback' | 'link-local' | 'private' | 'public';

/** Gravest first: an address with an IPv4 inside takes the graver of the two. */
const GRAVITY: readonly AddressClass[] = [
  'metadata',
  'special',
  'unspecified',
  'loopback',
  'link-local',
  'private',
  'public',
];

const RANGES: Record<Exclude<AddressClass, 'public'>, ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']>> = {
  // Every cloud's instance metadata: the whole IPv4 link-local block (AWS, GCP, Azure, OpenStack,
  // DigitalOcean, Hetzner, Oracle: 169.254.169.254; ECS 169.254.170.2; Tencent 169.254.0.23),
  // AWS and GCP over IPv6, Alibaba, Azure's WireServer.
  metadata: [
    ['169.254.0.0', 16, 'ipv4'],
    ['100.100.100.200', 32, 'ipv4'],
    ['168.63.129.16', 32, 'ipv4'],
    ['fd00:ec2::', 32, 'ipv6'],
    ['fd20:ce::', 32, 'ipv6'],
  ],
  special: [
    ['224.0.0.0', 4, 'ipv4'],
    ['240.0.0.0', 4, 'ipv4'],
    ['192.0.0.0', 24, 'ipv4'],
    ['ff00::', 8, 'ipv6'],
    ['100::', 64, 'ipv6'],
    ['2001:2::', 48, 'ipv6'],
    ['2001::', 32, 'ipv6'], // benchmarking; Teredo hides an address of its own
  ],
  unspecified: [
    ['0.0.0.0', 8, 'ipv4'],
    ['::', 128, 'ipv6'],
  ],
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  'link-local': [['fe80::', 10, 'ipv6']],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['100.64.0.0', 10, 'ipv4'],
    ['198.18.0.0', 15, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
    ['fec0::', 10, 'ipv6'],
  ],
};

const LISTS = new Map<AddressClass, BlockList>();
for (const [cls, ranges] of Object.entries(RANGES) as [
  AddressClass,
  ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']>,
][]) {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  LISTS.set(cls, list);
}

export function classifyAddress(address: string): AddressClass {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return 'special';
  const own = GRAVITY.find((cls) => cls !== 'public' && LISTS.get(cls)!.check(address, family)) ?? 'public';
  const inner = family === 'ipv6' ? embeddedIPv4(address) : undefined;
  if (!inner) return own;
  const innerClass = classifyAddress(inner);
  return GRAVITY.indexOf(innerClass) < GRAVITY.indexOf(own) ? innerClass : own;
}

/** The IPv4 address inside an IPv4-mapped, NAT64, IPv4-compatible or 6to4 IPv6 address. */
export function embeddedIPv4(address: string): string | undefined {
  const groups = expandIPv6(address);
  if (!groups) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!); // ::ffff:a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6]!, groups[7]!); // 64:ff9b::a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups[2] === 1) return v4(groups[6]!, groups[7]!); // 64:ff9b:1::/48, local NAT64
  if (zero(0, 6) && (groups[6] !== 0 || groups[7]! > 1)) return v4(groups[6]!, groups[7]!); // ::a.b.c.d (deprecated)
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!); // 6to4
  return undefined;
}

function expandIPv6(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined;
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  return tail === undefined ? left : [...left, ...Array<number>(missing).fill(0), ...right];
}

/** Whether an address lies in a CIDR range. */
export function inRange(address: string, range: { address: string; prefix: number; family: 4 | 6 }): boolean {
  const list = new BlockList();
  list.addSubnet(range.address, range.prefix, range.family === 4 ? 'ipv4' : 'ipv6');
  const family = isIPv4(address) ? 'ipv4' : 'ipv6';
  if (list.check(address, family)) return true;
  const inner = family === 'ipv6' ? embeddedIPv4(address) : undefined;
  return inner !== undefined && range.family === 4 && list.check(inner, 'ipv4');
}
