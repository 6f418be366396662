import { AiSysadminError } from '@ai-sysadmin/core';

/** Why a run ended without an answer, each a code of its own: the step limit, calls the model kept getting wrong, an empty answer, the time limit, cancelled. */
export class AgentRunError extends AiSysadminError {
  static readonly STEP_LIMIT = 'AGENT_STEP_LIMIT';
  static readonly MALFORMED_CALLS = 'AGENT_MALFORMED_TOOL_CALLS';
  static readonly CANCELLED = 'cancelled';
  static readonly TIMEOUT = 'AGENT_TIMEOUT';
  static readonly EMPTY_ANSWER = 'AGENT_EMPTY_ANSWER';
}
