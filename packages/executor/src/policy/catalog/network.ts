/**
 * Looking at the network from a host: read-only, with bounded flags. Nothing here writes a file,
 * sends data, reads a local file or talks to a local socket (curl -o/-d/-K/--unix-socket, wget -e/-i),
 * follows a redirect to a place nobody checked (curl -L; wget is run with --max-redirect=0), or
 * picks its own resolver or proxy. Where each destination may go is the allow-list in
 * `destinations.ts`: the shapes here are read-only, the destinations decide whether a person is needed.
 */
import { type ProgramSpec, flags } from '../catalog-types.js';

export const NETWORK: readonly ProgramSpec[] = [
  {
    program: 'ping',
    category: 'network',
    summary: 'reachability and round-trip time',
    // -f (flood), -b (broadcast) and -p (payload pattern) are left out; -c is required so it ends.
    options: [
      ...flags(['-4'], ['-6'], ['-q'], ['-n'], ['-D'], ['-O']),
      { names: ['-c'], value: { kind: 'count', min: 1, max: 20 } },
      { names: ['-W'], value: { kind: 'number', max: 30 } },
      { names: ['-w'], value: { kind: 'count', max: 60 } },
      { names: ['-i'], value: { kind: 'number', min: 0.2, max: 10 } },
      { names: ['-s'], value: { kind: 'count', max: 1472 } },
      { names: ['-I'], value: 'interface' },
    ],
    shapes: [
      {
        id: 'ping',
        summary: 'ping a host a few times',
        requires: [['-c']],
        operands: [{ kind: 'host' }],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'dig',
    category: 'network',
    summary: 'DNS lookups',
    // -f (batch file), -k and -y (keys) are left out.
    options: [
      ...flags(['-4'], ['-6']),
      { names: ['-t'], value: 'word' },
      { names: ['-x'], value: 'dns-reverse' },
      { names: ['-p'], value: { kind: 'count', max: 65535 } },
    ],
    shapes: [
      { id: 'dig', summary: 'look up DNS records', operands: [{ kind: 'dig-arg', min: 0, max: 8 }], risk: 'read-only' },
    ],
  },
  {
    program: 'nslookup',
    category: 'network',
    summary: 'DNS lookups',
    optionStyle: 'words',
    options: [
      { names: ['-type', '-query', '-q', '-querytype'], value: 'word' },
      { names: ['-timeout'], value: { kind: 'count', max: 30 } },
      { names: ['-debug'] },
    ],
    // At least one name: with none nslookup turns interactive.
    shapes: [
      {
        id: 'nslookup',
        summary: 'look up a name',
        operands: [{ kind: 'dns-name' }, { kind: 'dns-server', min: 0, max: 1 }],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'curl',
    category: 'network',
    summary: 'HTTP(S) requests that only read',
    options: [
      // -L is left out: a redirect would go to a place the policy never checked.
      ...flags(
        ['-s', '--silent'],
        ['-S', '--show-error'],
        ['-f', '--fail'],
        ['-I', '--head'],
        ['-i', '--include'],
        ['-k', '--insecure'],
        ['-v', '--verbose'],
        ['-4', '--ipv4'],
        ['-6', '--ipv6'],
        ['--compressed'],
        ['-g', '--globoff'],
      ),
      { names: ['-m', '--max-time'], value: { kind: 'number', max: 120 } },
      { names: ['--connect-timeout'], value: { kind: 'number', max: 60 } },
      { names: ['--max-redirs'], value: { kind: 'count', max: 10 } },
      { names: ['--max-filesize'], value: 'count' },
    ],
    shapes: [
      {
        id: 'curl',
        summary: 'fetch a URL to the output',
        operands: [{ kind: 'url', min: 1, max: 4 }],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'wget',
    category: 'network',
    summary: 'HTTP(S) requests that only read',
    options: [
      ...flags(
        ['-q', '--quiet'],
        ['-S', '--server-response'],
        ['--spider'],
        ['-4', '--inet4-only'],
        ['-6', '--inet6-only'],
        ['--no-check-certificate'],
      ),
      { names: ['-O', '--output-document'], value: { oneOf: ['-'] } },
      { names: ['-T', '--timeout'], value: { kind: 'number', max: 120 } },
      { names: ['-t', '--tries'], value: { kind: 'count', max: 5 } },
      { names: ['--max-redirect'], value: { oneOf: ['0'] } },
    ],
    // Either to standard output (-O -) or nothing at all (--spider): wget never leaves a file behind.
    shapes: [
      {
        id: 'wget',
        summary: 'fetch a URL to the output',
        requires: [['--spider', '-O']],
        operands: [{ kind: 'url', min: 1, max: 4 }],
        risk: 'read-only',
      },
    ],
  },
];
