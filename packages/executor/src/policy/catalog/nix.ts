/**
 * Nix and NixOS. Only local flakes from trusted sources are built (`build-sources.ts`; a URL
 * would fetch and evaluate someone else's code);
 * --impure, --expr, --file, --option, --override-input and -I are left out, so evaluation stays
 * pure and cannot read files outside the flake. nix-env and `nix profile` are forbidden.
 */
import { type OptionSpec, type ProgramSpec, flags } from '../catalog-types.js';

const NIX_COMMON: OptionSpec[] = [
  ...flags(
    ['-L', '--print-build-logs'],
    ['--show-trace'],
    ['--keep-going'],
    ['--json'],
    ['-v', '--verbose'],
    ['--quiet'],
  ),
  {
    names: ['--extra-experimental-features'],
    value: { oneOf: ['nix-command flakes', 'flakes nix-command', 'nix-command', 'flakes'] },
  },
];

const REBUILD_OPTIONS: OptionSpec[] = [
  ...flags(
    ['--show-trace'],
    ['-L', '--print-build-logs'],
    ['--fast'],
    ['--no-build-nix'],
    ['--use-remote-sudo'],
    ['--sudo'],
    ['--no-reexec'],
    ['-v', '--verbose'],
  ),
  { names: ['--flake'], value: 'flake' },
  { names: ['--target-host'], value: 'ssh-destination' },
];

const NH_OPTIONS: OptionSpec[] = [
  ...flags(['--no-nom'], ['-R', '--bypass-root-check'], ['-S', '--no-specialisation'], ['-v', '--verbose']),
  { names: ['-H', '--hostname'], value: 'config-name' },
  { names: ['--target-host'], value: 'ssh-destination' },
  { names: ['-d', '--diff'], value: { oneOf: ['auto', 'always', 'never'] } },
  { names: ['-s', '--specialisation'], value: 'config-name' },
];

export const NIX: readonly ProgramSpec[] = [
  {
    program: 'nix',
    category: 'nix',
    summary: 'the nix command',
    options: NIX_COMMON,
    shapes: [
      {
        id: 'nix build --dry-run',
        summary: 'show what a build would do',
        words: ['build'],
        options: flags(['--dry-run'], ['--no-link'], ['--print-out-paths']),
        requires: [['--dry-run']],
        operands: [{ kind: 'flake', min: 1, max: 4 }],
        risk: 'read-only',
      },
      {
        id: 'nix build',
        summary: 'build a local flake output (no result link)',
        words: ['build'],
        options: flags(['--no-link'], ['--print-out-paths']),
        requires: [['--no-link']],
        operands: [{ kind: 'flake', min: 1, max: 4 }],
        risk: 'low',
        slow: true,
      },
      {
        id: 'nix flake metadata',
        summary: 'show a local flake',
        words: ['flake', ['metadata', 'show', 'info']],
        operands: [{ kind: 'flake', min: 1, max: 1 }],
        risk: 'read-only',
      },
      {
        id: 'nix flake check',
        summary: 'evaluate and check a local flake',
        words: ['flake', 'check'],
        options: flags(['--no-build']),
        operands: [{ kind: 'flake', min: 1, max: 1 }],
        risk: 'low',
        slow: true,
      },
      {
        id: 'nix path-info',
        summary: 'show store path sizes and references',
        words: ['path-info'],
        options: flags(['-S', '--closure-size'], ['-s', '--size'], ['-r', '--recursive'], ['-h', '--human-readable']),
        operands: [{ kind: 'store-path', min: 1, max: 16 }],
        risk: 'read-only',
      },
      {
        id: 'nix store gc --dry-run',
        summary: 'show what garbage collection would delete',
        words: ['store', 'gc'],
        options: flags(['--dry-run']),
        requires: [['--dry-run']],
        risk: 'read-only',
      },
      {
        id: 'nix store gc',
        summary: 'collect garbage in the Nix store',
        words: ['store', 'gc'],
        options: [{ names: ['--max'], value: 'word' }],
        risk: 'medium',
        verify: 'disk-freed',
        slow: true,
      },
      {
        id: 'nix store verify',
        summary: 'verify the Nix store',
        words: ['store', 'verify'],
        options: flags(['--all'], ['--no-contents'], ['--no-trust']),
        requires: [['--all']],
        risk: 'read-only',
        slow: true,
      },
    ],
  },
  {
    program: 'nix-store',
    category: 'nix',
    summary: 'the Nix store',
    shapes: [
      {
        id: 'nix-store --verify',
        summary: 'verify the store (slow with --check-contents)',
        options: flags(['--verify'], ['--check-contents']),
        requires: [['--verify']],
        risk: 'read-only',
        slow: true,
      },
      {
        id: 'nix-store --verify --repair',
        summary: 'repair damaged store paths',
        options: flags(['--verify'], ['--check-contents'], ['--repair']),
        requires: [['--verify'], ['--repair']],
        risk: 'medium',
        slow: true,
      },
      {
        id: 'nix-store --gc --print-dead',
        summary: 'show garbage collector roots or dead paths',
        options: flags(['--gc'], ['--print-dead'], ['--print-live'], ['--print-roots']),
        requires: [['--gc'], ['--print-dead', '--print-live', '--print-roots']],
        risk: 'read-only',
        slow: true,
      },
      {
        id: 'nix-store --gc',
        summary: 'collect garbage',
        options: [...flags(['--gc']), { names: ['--max-freed'], value: 'word' }],
        requires: [['--gc']],
        risk: 'medium',
        verify: 'disk-freed',
        slow: true,
      },
      {
        id: 'nix-store --optimise',
        summary: 'deduplicate the store',
        options: flags(['--optimise']),
        requires: [['--optimise']],
        risk: 'medium',
        slow: true,
      },
      {
        id: 'nix-store --query',
        summary: 'query store paths',
        options: flags(
          ['-q', '--query'],
          ['--references'],
          ['--referrers'],
          ['--requisites', '-R'],
          ['--tree'],
          ['--roots'],
          ['--size'],
          ['--hash'],
          ['--deriver'],
        ),
        requires: [['-q']],
        operands: [{ kind: 'store-path', min: 1, max: 16 }],
        risk: 'read-only',
      },
    ],
  },
  {
    program: 'nix-collect-garbage',
    category: 'nix',
    summary: 'delete unreachable store paths',
    options: flags(['--quiet'], ['-v']),
    shapes: [
      {
        id: 'nix-collect-garbage --dry-run',
        summary: 'show what would be deleted',
        options: [...flags(['--dry-run'], ['-d', '--delete-old']), { names: ['--delete-older-than'], value: 'word' }],
        requires: [['--dry-run']],
        risk: 'read-only',
      },
      // Deleting old generations removes what a rollback would return to.
      {
        id: 'nix-collect-garbage --delete-old',
        summary: 'delete old generations and garbage',
        options: [...flags(['-d', '--delete-old']), { names: ['--delete-older-than'], value: 'word' }],
        requires: [['-d', '--delete-older-than']],
        risk: 'high',
        verify: 'disk-freed',
        slow: true,
      },
      {
        id: 'nix-collect-garbage',
        summary: 'delete unreachable store paths',
        options: [{ names: ['--max-freed'], value: 'word' }],
        risk: 'medium',
        verify: 'disk-freed',
        slow: true,
      },
    ],
  },
  {
    program: 'nixos-rebuild',
    category: 'nix',
    summary: 'build and activate NixOS configurations',
    options: REBUILD_OPTIONS,
    shapes: [
      {
        id: 'nixos-rebuild list-generations',
        summary: 'list system generations',
        words: ['list-generations'],
        options: flags(['--json']),
        risk: 'read-only',
      },
      {
        id: 'nixos-rebuild dry-build',
        summary: 'show what a rebuild would build',
        words: ['dry-build'],
        risk: 'read-only',
        buildsSystem: true,
      },
      {
        id: 'nixos-rebuild build',
        summary: 'build a configuration without activating it',
        words: [['build', 'dry-activate']],
        risk: 'low',
        slow: true,
        buildsSystem: true,
      },
      {
        id: 'nixos-rebuild switch --rollback',
        summary: 'return to the previous generation',
        words: [['switch', 'boot', 'test']],
        options: flags(['--rollback']),
        requires: [['--rollback']],
        risk: 'high',
        slow: true,
      },
      {
        id: 'nixos-rebuild switch',
        summary: 'build and activate a configuration',
        words: [['switch', 'boot', 'test']],
        risk: 'high',
        slow: true,
        buildsSystem: true,
      },
    ],
  },
  {
    program: 'nh',
    category: 'nix',
    summary: 'nh, the Nix helper',
    options: NH_OPTIONS,
    // -a/--ask (interactive), -e/--elevation-program (runs another program), -u/--update (rewrites
    // the lock file), -o/--out-link (writes a link anywhere) and `-- extra nix args` are left out.
    shapes: [
      // The flake is always named: without one nh reads $NH_FLAKE, which the policy cannot check.
      {
        id: 'nh os switch --dry',
        summary: 'show what a rebuild would do',
        words: ['os', ['switch', 'boot', 'test', 'build']],
        options: flags(['-n', '--dry']),
        requires: [['-n']],
        operands: [{ kind: 'flake', min: 1, max: 1 }],
        risk: 'read-only',
      },
      { id: 'nh os info', summary: 'list generations', words: ['os', 'info'], risk: 'read-only' },
      {
        id: 'nh os build',
        summary: 'build a configuration',
        words: ['os', 'build'],
        operands: [{ kind: 'flake', min: 1, max: 1 }],
        risk: 'low',
        slow: true,
      },
      {
        id: 'nh os switch',
        summary: 'build and activate a configuration',
        words: ['os', ['switch', 'boot', 'test']],
        operands: [{ kind: 'flake', min: 1, max: 1 }],
        risk: 'high',
        slow: true,
      },
      {
        id: 'nh os rollback',
        summary: 'return to the previous generation',
        words: ['os', 'rollback'],
        options: [{ names: ['-t', '--to'], value: 'count' }],
        risk: 'high',
        slow: true,
      },
    ],
  },
];
