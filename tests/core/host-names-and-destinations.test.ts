/** One spelling for every host (core's normaliser), and the config's destination entries. */
import { describe, expect, it } from 'vitest';
import { normaliseHost, parseConfig, parseDestinationEntry } from '@ai-sysadmin/core';

describe('normaliseHost', () => {
  it('reads every IPv4 shorthand curl and ping accept as the dotted quad', () => {
    for (const written of ['127.0.0.1', '127.1', '0x7f.1', '2130706433', '017700000001', '0x7f000001', '127.0.0.1.'])
      expect(normaliseHost(written), written).toEqual({ kind: 'ipv4', host: '127.0.0.1' });
    expect(normaliseHost('0')).toEqual({ kind: 'ipv4', host: '0.0.0.0' });
  });

  it('compresses IPv6 and keeps an IPv4 inside it visible to the address rules', () => {
    expect(normaliseHost('[0:0:0:0:0:ffff:7f00:1]')).toEqual({ kind: 'ipv6', host: '::ffff:7f00:1' });
    expect(normaliseHost('FD00:EC2::254')).toEqual({ kind: 'ipv6', host: 'fd00:ec2::254' });
    expect(normaliseHost('fe80::1%eth0')).toHaveProperty('problem');
  });

  it('lowercases, drops one trailing dot and writes international names in ASCII', () => {
    expect(normaliseHost('Metadata.Google.Internal.')).toEqual({ kind: 'name', host: 'metadata.google.internal' });
    expect(normaliseHost('ｍｅｔａｄａｔａ.google.internal')).toEqual({
      kind: 'name',
      host: 'metadata.google.internal',
    });
    expect(normaliseHost('bücher.example')).toEqual({ kind: 'name', host: 'xn--bcher-kva.example' });
  });

  it('refuses what no host is', () => {
    for (const bad of [
      '',
      '-oProxyCommand=x',
      'a..b',
      'a b',
      'evil.com/x',
      'user@host',
      '1.2.3.4.5',
      '999.1.1.1',
      'x.123',
    ])
      expect(normaliseHost(bad), bad).toHaveProperty('problem');
  });
});

describe('parseDestinationEntry', () => {
  it('reads hosts, host:port, domains, CIDR ranges and URL prefixes', () => {
    expect(parseDestinationEntry('Cache.LAN.')).toMatchObject({ kind: 'host', host: { host: 'cache.lan' } });
    expect(parseDestinationEntry('[fd00::5]:8080')).toMatchObject({
      kind: 'host',
      host: { host: 'fd00::5' },
      port: 8080,
    });
    expect(parseDestinationEntry('*.example.org')).toMatchObject({ kind: 'domain', suffix: 'example.org' });
    expect(parseDestinationEntry('10.0.0.0/24')).toMatchObject({
      kind: 'cidr',
      address: '10.0.0.0',
      prefix: 24,
      family: 4,
    });
    expect(parseDestinationEntry('https://cache.nixos.org/')).toMatchObject({
      kind: 'url',
      scheme: 'https',
      port: 443,
      path: '/',
    });
    expect(parseDestinationEntry('http://127.1:11434')).toMatchObject({
      kind: 'url',
      host: { host: '127.0.0.1' },
      port: 11434,
    });
  });

  it('says what is wrong with an entry, and the config names the field', () => {
    for (const bad of ['ftp://x', 'https://u:p@x/', 'https://x/?q=1', '10.0.0.0/33', '*.', ' cache.lan', 'cache.lan:0'])
      expect(parseDestinationEntry(bad), bad).toHaveProperty('problem');
    expect(() => parseConfig({ policy: { allowedDestinations: ['ftp://x'] } })).toThrow(
      /policy\.allowedDestinations\[0\]/,
    );
    expect(() => parseConfig({ policy: { trustedBuildSources: ['/home/alice/nixos'] } })).toThrow(
      /policy\.trustedBuildSources\[0\].*home/,
    );
    expect(() => parseConfig({ policy: { readablePaths: ['/srv/../etc'] } })).toThrow(/policy\.readablePaths\[0\]/);
    expect(() => parseConfig({ policy: { loggerTags: ['Not A Tag'] } })).toThrow(/policy\.loggerTags\[0\]/);
  });

  it('has defaults that add nothing but the logger tag `note`', () => {
    expect(parseConfig({}).policy).toEqual({
      readablePaths: [],
      listableDirs: [],
      trustedBuildSources: [],
      allowedDestinations: [],
      highRiskUnits: [],
      loggerTags: ['note'],
    });
    expect(parseConfig({}).execution.maxOutputTotalMiB).toBe(64);
  });
});
