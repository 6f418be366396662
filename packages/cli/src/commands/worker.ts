/**
 * `ai-sysadmin worker`: runs the LLM queue worker (<aiName>-ollama-worker.service) until SIGTERM
 * or SIGINT. The first signal stops it cleanly (the job in flight finishes, or goes back to the
 * queue after llm.shutdownGraceSec); a second one puts the job back at once.
 */
import { Command } from 'commander';
import { createLogger } from '@ai-sysadmin/core';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

export function createCommand(): Command {
  return addConfigOption(new Command('worker').description(SUBCOMMAND_SUMMARIES.worker)).action(
    async (options: { config?: string }) => {
      const { config, source } = await loadCliConfig(options);
      const logger = createLogger({ level: config.logLevel, aiName: config.aiName, component: 'worker' });
      const { startLlmWorker } = await import('@ai-sysadmin/worker');
      logger.info({ config: source }, 'starting the LLM worker');
      const worker = await startLlmWorker(config, { logger });
      let signals = 0;
      const stop = (signal: NodeJS.Signals) => {
        signals++;
        logger.info({ signal }, signals === 1 ? 'stopping' : 'stopping now: the job in flight goes back to the queue');
        void worker.close({ graceMs: signals === 1 ? config.llm.shutdownGraceSec * 1000 : 0 });
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      await worker.closed;
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    },
  );
}
