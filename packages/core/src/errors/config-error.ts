import { AiSysadminError, problemList } from './ai-sysadmin-error.js';

/** One wrong field: where it is (a dotted path, or an environment variable) and what was expected. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** The configuration could not be loaded; every problem found is listed, not just the first. */
export class ConfigError extends AiSysadminError {
  static readonly CODE = 'CONFIG_INVALID';
  /** sysexits.h EX_CONFIG: the conventional exit status for a configuration error. */
  static readonly EXIT_CODE = 78;
  readonly problems: ConfigProblem[];
  readonly source: string;

  constructor(source: string, problems: ConfigProblem[], options: { hint?: string; cause?: unknown } = {}) {
    const lines = problemList(problems.map((p) => `${p.path || '(top level)'}: ${p.message}`));
    super(ConfigError.CODE, `Configuration ${source} is invalid:\n${lines}`, {
      hint: options.hint ?? 'Fix the fields above, then run `ai-sysadmin config check` again.',
      cause: options.cause,
    });
    this.problems = problems;
    this.source = source;
  }
}
