/** systemctl list-units (table and JSON) and journalctl (JSON and short), against recorded outputs. */
import { describe, expect, it } from 'vitest';
import { failedUnits, parseJournal, parseSystemctlUnits } from '@ai-sysadmin/orchestrator';
import { fixture } from '../helpers/fixtures.js';

describe('parseSystemctlUnits', () => {
  it('reads the failed units of a real `list-units --failed` table with ● marks and pager truncation', () => {
    const { units, format } = parseSystemctlUnits(
      fixture('systemctl/list-units--failed_ubuntu-22.04_pager-truncated.txt'),
    );
    expect(format).toBe('text');
    expect(units).toEqual([
      {
        unit: 'casper-md5check.service',
        load: 'loaded',
        active: 'failed',
        sub: 'failed',
        description: 'casper-md5check Verify Live ISO',
      },
      {
        unit: 'networking.service',
        load: 'loaded',
        active: 'failed',
        sub: 'failed',
        description: 'Raise network interfaces',
      },
    ]);
  });

  it('finds the one failed unit among hundreds of a `list-units --all` table (systemd 246)', () => {
    const { units } = parseSystemctlUnits(fixture('systemctl/list-units-all_systemd-v246_check-systemd.txt'));
    expect(units.length).toBeGreaterThan(100);
    expect(failedUnits(units).map((u) => u.unit)).toEqual(['nm-wait-online.service']);
  });

  it.each(['systemctl/list-units-all_ubuntu-18.04.txt', 'systemctl/list-units-all_centos-7.7.txt'])(
    'finds no failed unit where %s has none',
    (file) => {
      const { units } = parseSystemctlUnits(fixture(file));
      expect(units.length).toBeGreaterThan(100);
      expect(failedUnits(units)).toEqual([]);
      expect(units.every((u) => !/^(LOAD|ACTIVE|SUB|UNIT)$/.test(u.unit))).toBe(true);
    },
  );

  it("reads systemd's JSON table output (synthetic, from systemctl(1); see its sidecar)", () => {
    const { units, format } = parseSystemctlUnits(fixture('systemctl/list-units--failed_output-json.synthetic.json'));
    expect(format).toBe('json');
    expect(units.map((u) => u.unit)).toEqual(['nginx.service', 'restic-backup.service']);
    expect(parseSystemctlUnits(fixture('systemctl/list-units--failed_output-json_none.synthetic.json'))).toEqual({
      units: [],
      format: 'json',
    });
  });

  it('reads an empty listing (no failed units, --no-legend) as none', () => {
    expect(parseSystemctlUnits('')).toEqual({ units: [], format: 'text' });
    expect(parseSystemctlUnits('0 loaded units listed.\n').units).toEqual([]);
  });

  it('names the row of JSON that lacks a unit', () => {
    expect(() => parseSystemctlUnits('[{"load":"loaded"}]')).toThrow(/systemctl.*row 0\.unit/);
  });
});

describe('parseJournal', () => {
  it('reads `journalctl -p err -o json` (real journal, rendered by journalctl 252)', () => {
    const { entries, unreadableLines } = parseJournal(fixture('journalctl/journal_arch-2013_p-err_o-json.jsonl'));
    expect(unreadableLines).toBe(0);
    expect(entries).toEqual([
      {
        time: '2013-03-29T01:07:20.880Z',
        priority: 3,
        source: 'kernel',
        message: '[drm:vmw_driver_load] *ERROR* Hardware has no pitchlock',
      },
      {
        time: '2013-03-29T01:07:20.880Z',
        priority: 3,
        source: 'systemd-udevd',
        message: 'Failed to apply ACL on /dev/dri/card0: No such file or directory',
      },
    ]);
  });

  it('reads the short text format of the same two errors', () => {
    const { entries } = parseJournal(fixture('journalctl/journal_arch-2013_p-err.txt'));
    expect(entries.map((e) => [e.source, e.message])).toEqual([
      ['kernel', '[drm:vmw_driver_load] *ERROR* Hardware has no pitchlock'],
      ['systemd-udevd', 'Failed to apply ACL on /dev/dri/card0: No such file or directory'],
    ]);
    expect(entries.every((e) => e.time === null)).toBe(true);
  });

  it('reads a whole 461-entry journal, and old spaced JSON with the unit as source', () => {
    expect(parseJournal(fixture('journalctl/journal_arch-2013_o-json.jsonl')).entries).toHaveLength(461);
    const { entries } = parseJournal(fixture('journalctl/o-json_old-spaced-format_lnav.jsonl'));
    expect(entries[0]).toMatchObject({
      priority: 1,
      source: 'medusa-GpsLocator.service',
      message: 'GPS Reference longitude: 7.358143333',
    });
  });

  it('decodes a MESSAGE sent as bytes, and counts a line cut off at the output limit as unreadable', () => {
    const bytes = [...Buffer.from('disk \u00e9rror')];
    const text = `${JSON.stringify({ PRIORITY: '3', MESSAGE: bytes, SYSLOG_IDENTIFIER: 'x' })}\n{"PRIORITY":"3","MESS`;
    const { entries, unreadableLines } = parseJournal(text);
    expect(entries[0]!.message).toBe('disk \u00e9rror');
    expect(unreadableLines).toBe(1);
  });

  it('skips journalctl\'s own remarks ("-- No entries --")', () => {
    expect(parseJournal('-- No entries --\n')).toEqual({ entries: [], unreadableLines: 0 });
  });
});
