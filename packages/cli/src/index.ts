export { main } from './main.js';
export { EXIT } from './exit-codes.js';
export { SUBCOMMANDS } from './subcommands.js';
export { checkExitCode, checkFailed, renderCheckReport } from './check-report.js';
export { DaemonApiClient, DaemonUnavailableError, ApiRequestError, type ApiResponse } from './api-client.js';
export { OUTPUT_SCHEMAS, type OutputName } from './output-schemas.js';
