/**
 * `ai-sysadmin completion bash|zsh|fish`: a completion script for the shell, made from the
 * commands themselves (every subcommand, its own subcommands and options), so it never drifts.
 *   bash: `source <(ai-sysadmin completion bash)`; zsh: `source <(ai-sysadmin completion zsh)`;
 *   fish: `ai-sysadmin completion fish > ~/.config/fish/completions/ai-sysadmin.fish`.
 */
import { Command } from 'commander';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

interface Tree {
  name: string;
  summary: string;
  words: string[];
  children: { name: string; summary: string; words: string[] }[];
}

function optionsOf(c: Command): string[] {
  return [...c.options.flatMap((o) => [o.long, o.short].filter((x): x is string => Boolean(x))), '--help'];
}

/** What main passes in: every subcommand and how to load it (subcommands.ts, which loads this module). */
export interface CompletionContext {
  readonly subcommands: readonly {
    name: string;
    summary: string;
    load(): Promise<{ createCommand(context: CompletionContext): Command }>;
  }[];
}

export async function commandTree(context: CompletionContext): Promise<Tree[]> {
  const out: Tree[] = [];
  for (const s of context.subcommands) {
    if (s.name === 'completion') {
      out.push({ name: s.name, summary: s.summary, words: [...SHELLS], children: [] });
      continue;
    }
    const command = (await s.load()).createCommand(context);
    const children = command.commands.map((c) => ({ name: c.name(), summary: c.description(), words: optionsOf(c) }));
    out.push({
      name: s.name,
      summary: s.summary,
      words: [...children.map((c) => c.name), ...optionsOf(command)],
      children,
    });
  }
  return out;
}

export function bashScript(tree: Tree[]): string {
  const cases = tree
    .map((t) => {
      const nested = t.children
        .map((c) => `        ${c.name}) opts=${JSON.stringify(c.words.join(' '))} ;;`)
        .join('\n');
      return `    ${t.name})\n      opts=${JSON.stringify(t.words.join(' '))}\n      case "\${COMP_WORDS[2]}" in\n${nested}\n      esac ;;`;
    })
    .join('\n');
  return `# bash completion for ai-sysadmin (source <(ai-sysadmin completion bash))
_ai_sysadmin() {
  local cur opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W ${JSON.stringify(tree.map((t) => t.name).join(' ') + ' --help --version')} -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F _ai_sysadmin ai-sysadmin
`;
}

export function zshScript(tree: Tree[]): string {
  const esc = (s: string) => s.replace(/[:'\\[\]]/g, (m) => (m === "'" ? "'\\''" : `\\${m}`));
  const cases = tree.map((t) => `    ${t.name}) compadd -- ${t.words.map((w) => `'${w}'`).join(' ')} ;;`).join('\n');
  return `#compdef ai-sysadmin
# zsh completion for ai-sysadmin (source <(ai-sysadmin completion zsh))
_ai_sysadmin() {
  if (( CURRENT == 2 )); then
    local -a subcommands
    subcommands=(
${tree.map((t) => `      '${t.name}:${esc(t.summary)}'`).join('\n')}
    )
    _describe 'subcommand' subcommands
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
compdef _ai_sysadmin ai-sysadmin
`;
}

export function fishScript(tree: Tree[]): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = ['# fish completion for ai-sysadmin', 'complete -c ai-sysadmin -f'];
  for (const t of tree) {
    lines.push(`complete -c ai-sysadmin -n __fish_use_subcommand -a ${t.name} -d ${q(t.summary)}`);
    for (const c of t.children)
      lines.push(`complete -c ai-sysadmin -n '__fish_seen_subcommand_from ${t.name}' -a ${c.name} -d ${q(c.summary)}`);
    for (const w of t.words.filter((w) => w.startsWith('--')))
      lines.push(`complete -c ai-sysadmin -n '__fish_seen_subcommand_from ${t.name}' -l ${w.slice(2)}`);
    if (t.name === 'completion')
      lines.push(`complete -c ai-sysadmin -n '__fish_seen_subcommand_from completion' -a ${q(SHELLS.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

export function createCommand(context: CompletionContext): Command {
  return withExample(
    new Command('completion')
      .description(SUBCOMMAND_SUMMARIES.completion)
      .addArgument(new Command().createArgument('<shell>', 'bash, zsh or fish').choices(SHELLS)),
    'source <(ai-sysadmin completion bash)',
    'ai-sysadmin completion fish > ~/.config/fish/completions/ai-sysadmin.fish',
  ).action(async (shell: (typeof SHELLS)[number]) => {
    const tree = await commandTree(context);
    process.stdout.write(shell === 'bash' ? bashScript(tree) : shell === 'zsh' ? zshScript(tree) : fishScript(tree));
  });
}
