/**
 * Base of every error the product raises on purpose. The message says what failed (and on which
 * host); `hint` says what a person can do next. `code` is stable for programs and tests.
 */
export class AiSysadminError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly host: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; host?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.host = options.host;
  }

  /** The message and the hint, as a person should read them. */
  describe(): string {
    return this.hint ? `${this.message}\n  -> ${this.hint}` : this.message;
  }
}

/** Problems as an indented list, one per line, for a message that names every one. */
export function problemList(problems: readonly string[]): string {
  return problems.map((p) => `  - ${p}`).join('\n');
}
