/**
 * systemctl: reading unit state is read-only; restarting a unit is low risk only when it is failed
 * now or an open issue names it, otherwise medium, and starting one that is not running is
 * medium (`unit-risk.ts`); high for a critical unit or one whose start upgrades, switches, gives a
 * shell, reboots or collects garbage; stopping, disabling, masking and killing are high, and forbidden for critical
 * units (see `forbidden-shapes.ts`). Other hosts (-H, -M), other roots (--root, --image) and user
 * managers are left out, and so is every verb not listed here.
 */
import { type OptionSpec, type ProgramSpec, flags } from '../catalog-types.js';

const READ_OPTIONS: OptionSpec[] = [
  ...flags(
    ['--no-pager'],
    ['--no-legend'],
    ['--plain'],
    ['-l', '--full'],
    ['-a', '--all'],
    ['-q', '--quiet'],
    ['--no-ask-password'],
    ['--failed'],
    ['--value'],
    ['--reverse'],
    ['--before'],
    ['--after'],
  ),
  {
    names: ['-o', '--output'],
    value: { oneOf: ['short', 'short-iso', 'short-precise', 'json', 'json-pretty', 'cat', 'verbose'] },
  },
  { names: ['-n', '--lines'], value: { kind: 'count', max: 10_000 } },
  { names: ['-t', '--type'], value: 'field-list' },
  { names: ['--state'], value: 'field-list' },
  { names: ['-p', '--property'], value: 'field-list' },
];

const CHANGE_OPTIONS: OptionSpec[] = flags(['--no-block'], ['--no-ask-password'], ['-q', '--quiet']);
const units = (min: number) => [{ kind: 'unit' as const, min, max: 16 }];

export const SERVICES: readonly ProgramSpec[] = [
  {
    program: 'systemctl',
    category: 'services',
    summary: 'systemd units',
    shapes: [
      {
        id: 'systemctl status',
        summary: 'show unit status',
        words: ['status'],
        options: READ_OPTIONS,
        operands: units(0),
        risk: 'read-only',
      },
      {
        id: 'systemctl show',
        summary: 'show unit properties',
        words: ['show'],
        options: READ_OPTIONS,
        operands: units(0),
        risk: 'read-only',
      },
      {
        id: 'systemctl cat',
        summary: 'show unit files',
        words: ['cat'],
        options: READ_OPTIONS,
        operands: units(1),
        risk: 'read-only',
      },
      {
        id: 'systemctl is-active',
        summary: 'check unit state',
        words: [['is-active', 'is-failed', 'is-enabled']],
        options: READ_OPTIONS,
        operands: units(1),
        risk: 'read-only',
      },
      {
        id: 'systemctl is-system-running',
        summary: 'check system state',
        words: ['is-system-running'],
        options: READ_OPTIONS,
        risk: 'read-only',
      },
      {
        id: 'systemctl list-units',
        summary: 'list units',
        words: [['list-units', 'list-unit-files', 'list-timers', 'list-sockets', 'list-jobs']],
        options: READ_OPTIONS,
        operands: [{ kind: 'name-pattern', min: 0, max: 8 }],
        risk: 'read-only',
      },
      {
        id: 'systemctl list-dependencies',
        summary: 'list dependencies of a unit',
        words: ['list-dependencies'],
        options: READ_OPTIONS,
        operands: units(0).map((u) => ({ ...u, max: 1 })),
        risk: 'read-only',
      },
      {
        id: 'systemctl start',
        summary: 'start units',
        words: ['start'],
        options: CHANGE_OPTIONS,
        operands: units(1),
        risk: 'low',
        unitChange: 'start',
        criticalUnitRisk: 'high',
        verify: 'units-active',
      },
      {
        id: 'systemctl restart',
        summary: 'restart or reload units',
        words: [['restart', 'try-restart', 'reload', 'reload-or-restart', 'try-reload-or-restart']],
        options: CHANGE_OPTIONS,
        operands: units(1),
        risk: 'low',
        unitChange: 'restart',
        criticalUnitRisk: 'high',
        verify: 'units-active',
      },
      {
        id: 'systemctl reset-failed',
        summary: 'clear the failed state',
        words: ['reset-failed'],
        options: CHANGE_OPTIONS,
        operands: units(0),
        risk: 'low',
      },
      {
        id: 'systemctl daemon-reload',
        summary: 'reload unit files',
        words: ['daemon-reload'],
        options: CHANGE_OPTIONS,
        risk: 'medium',
      },
      {
        id: 'systemctl stop',
        summary: 'stop units',
        words: ['stop'],
        options: CHANGE_OPTIONS,
        operands: units(1),
        risk: 'high',
        verify: 'units-inactive',
      },
      {
        id: 'systemctl disable',
        summary: 'disable units',
        words: [['disable', 'mask']],
        options: [...CHANGE_OPTIONS, { names: ['--now'] }],
        operands: units(1),
        risk: 'high',
      },
      {
        id: 'systemctl kill',
        summary: 'signal the processes of units',
        words: ['kill'],
        options: CHANGE_OPTIONS,
        operands: units(1),
        risk: 'high',
      },
      {
        id: 'systemctl reboot',
        summary: 'reboot or power off',
        words: [['reboot', 'poweroff', 'halt']],
        options: CHANGE_OPTIONS,
        risk: 'high',
      },
    ],
  },
];
