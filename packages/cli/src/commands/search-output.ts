/** The --limit option of the search commands (knowledge, configs). A search ChromaDB cannot answer is the daemon's 503 (exit 69). */
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
