/** Reboot and power off: always high, so a person approves them at every autonomy level. */
import type { ProgramSpec } from '../catalog-types.js';

const SHUTDOWN_TIME = {
  kind: { oneOf: ['now', '+1', '+2', '+5', '+10', '+15', '+30', '+60'] },
  min: 0,
  max: 1,
} as const;

export const POWER: readonly ProgramSpec[] = [
  {
    program: 'reboot',
    category: 'power',
    summary: 'restart the machine',
    // --force (no clean shutdown) is left out.
    options: [{ names: ['--no-wall'] }],
    shapes: [{ id: 'reboot', summary: 'restart the machine', risk: 'high' }],
  },
  {
    program: 'poweroff',
    category: 'power',
    summary: 'turn the machine off',
    options: [{ names: ['--no-wall'] }],
    shapes: [{ id: 'poweroff', summary: 'turn the machine off', risk: 'high' }],
  },
  {
    program: 'shutdown',
    category: 'power',
    summary: 'schedule or cancel a reboot or power-off',
    shapes: [
      {
        id: 'shutdown -c',
        summary: 'cancel a scheduled shutdown',
        options: [{ names: ['-c'] }, { names: ['--no-wall'] }],
        requires: [['-c']],
        risk: 'low',
      },
      {
        id: 'shutdown',
        summary: 'reboot or power off, now or in a few minutes',
        options: [
          { names: ['-r', '--reboot'] },
          { names: ['-h'] },
          { names: ['-P', '--poweroff'] },
          { names: ['--no-wall'] },
        ],
        requires: [['-r', '-h', '-P']],
        operands: [SHUTDOWN_TIME, { kind: 'text', min: 0, max: 1 }],
        risk: 'high',
      },
    ],
  },
];
