/**
 * `ai-sysadmin daemon [--config F]` (<aiName>-ai.service): the background service. A wrong
 * config exits 78 before anything starts; a second daemon on the same socket exits 69.
 * SIGTERM/SIGINT stop it cleanly (exit 0); SIGHUP reloads the config, keeping the running one
 * when the file is wrong.
 */
import { Command } from 'commander';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { EXIT } from '../exit-codes.js';

export function createCommand(): Command {
  return addConfigOption(new Command('daemon').description('run the background service (<aiName>-ai.service)')).action(async (options: { config?: string }) => {
    const loaded = loadCliConfig(options);
    const { Daemon } = await import('@ai-sysadmin/orchestrator');
    let daemon;
    try {
      daemon = await Daemon.start({ loaded, reload: () => loadCliConfig(options) });
    } catch (error) {
      const { AiSysadminError } = await import('@ai-sysadmin/core');
      if (error instanceof AiSysadminError && error.code === 'API_SOCKET') {
        process.stderr.write(`ai-sysadmin daemon: ${error.describe()}\n`);
        process.exitCode = EXIT.unavailable;
        return;
      }
      throw error;
    }
    const running = daemon;
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        running.logger.info({ signal }, `${signal}: stopping`);
        void running.stop().then(resolve);
      };
      const hup = () => {
        running.logger.info({ signal: 'SIGHUP' }, 'SIGHUP: reloading the configuration');
        running.reload();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      process.on('SIGHUP', hup);
    });
    process.exitCode = EXIT.ok;
    // A client library's reconnect timer must not keep a stopped daemon alive.
    setTimeout(() => process.exit(EXIT.ok), 2000).unref();
  });
}
