/** What the search commands (knowledge, configs) share: the --limit option, and saying a search could not run. */
import { InvalidArgumentError, Option } from 'commander';

export function limitOption(): Option {
  return new Option('-n, --limit <N>', 'how many hits (1-50)')
    .argParser((v) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > 50) throw new InvalidArgumentError('must be a whole number from 1 to 50');
      return n;
    })
    .default(5);
}

/** A search the daemon could not run (ChromaDB or the embeddings down): why, on stderr; the caller exits 69. */
export function unavailable(what: string, reason: string): void {
  process.stderr.write(`ai-sysadmin ${what}: not available now: ${reason}\n`);
}
