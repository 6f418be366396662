/** OS detection against real os-release files of each family, and macOS's sw_vers. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseOsRelease, parseSwVers } from '@ai-sysadmin/orchestrator';
import { fixture } from '../helpers/fixtures.js';

describe('parseOsRelease', () => {
  it.each([
    ['os-release_nixos-24.05', { id: 'nixos', name: 'NixOS', version: '24.05', family: 'nixos' }],
    ['os-release_debian10', { id: 'debian', name: 'Debian GNU/Linux', version: '10', family: 'debian' }],
    ['os-release_debian13', { id: 'debian', family: 'debian' }],
    ['os-release_debiantesting', { id: 'debian', version: null, family: 'debian' }],
    ['os-release_ubuntu16', { id: 'ubuntu', version: '16.04', family: 'ubuntu' }],
    ['os-release_ubuntu24', { id: 'ubuntu', version: '24.04', family: 'ubuntu' }],
    ['os-release_ubuntu2604', { id: 'ubuntu', family: 'ubuntu' }],
    ['os-release_arch', { id: 'arch', name: 'Arch Linux', version: null, family: 'arch' }],
    ['os-release_fedora42', { id: 'fedora', version: '42', family: 'fedora' }],
    ['os-release_amazon2023', { id: 'amzn', family: 'fedora' }],
    ['os-release_rhel9', { id: 'rhel', family: 'rhel' }],
    ['os-release_centos7', { id: 'centos', version: '7', family: 'rhel' }],
    ['os-release_rocky9', { id: 'rocky', family: 'rhel' }],
    ['os-release_alpine', { id: 'alpine', family: 'alpine' }],
    ['os-release_opensuse15', { id: 'opensuse-leap', family: 'opensuse' }],
    ['os-release_gentoo', { id: 'gentoo', family: 'other' }],
    ['os-release_guix', { id: 'guix', family: 'other' }],
    ['os-release_buildroot', { id: 'buildroot', family: 'other' }],
  ])('%s', (file, expected) => {
    expect(parseOsRelease(fixture(`os-release/${file}`))).toMatchObject(expected);
  });

  it('honours ID_LIKE in order: Linux Mint is of the ubuntu family, not debian', () => {
    expect(parseOsRelease('NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="21.3"\n')).toEqual({
      id: 'linuxmint',
      name: 'Linux Mint',
      version: '21.3',
      family: 'ubuntu',
    });
  });

  it('falls back to os-release(5) defaults: ID=linux, NAME=Linux', () => {
    expect(parseOsRelease('')).toEqual({ id: 'linux', name: 'Linux', version: null, family: 'other' });
  });

  it('unquotes values as a shell would and never throws on any text (property)', () => {
    expect(parseOsRelease('NAME="A \\"quoted\\" \\$name"\nID=\'x\'\n')).toMatchObject({
      name: 'A "quoted" $name',
      id: 'x',
    });
    fc.assert(fc.property(fc.string(), (text) => typeof parseOsRelease(text).family === 'string'));
  });
});

describe('parseSwVers', () => {
  it('identifies macOS (synthetic sw_vers, see its sidecar)', () => {
    expect(parseSwVers(fixture('sw_vers/sw_vers_macos-14.synthetic.txt'))).toEqual({
      id: 'macos',
      name: 'macOS',
      version: '14.2.1',
      family: 'macos',
    });
  });

  it('refuses output without a product name', () => {
    expect(() => parseSwVers('sw_vers: command not found\n')).toThrow(/sw_vers.*ProductName/);
  });
});
