/**
 * `ai-sysadmin daemon [--config F]` (<aiName>-ai.service): the background service. A wrong
 * config exits 78 before anything starts; a second daemon on the same socket exits 69.
 * SIGTERM/SIGINT stop it cleanly (exit 0); SIGHUP reloads the config, keeping the running one
 * when the file is wrong. The handlers are in place before anything starts, so a signal that
 * comes while the daemon is starting is acted on once it has.
 */
import { Command } from 'commander';
import type { Daemon } from '@ai-sysadmin/orchestrator';
import { addConfigOption } from '../cli-config.js';
import { EXIT } from '../exit-codes.js';
import { SUBCOMMAND_SUMMARIES } from '../subcommand-summaries.js';

export function createCommand(): Command {
  return addConfigOption(new Command('daemon').description(SUBCOMMAND_SUMMARIES.daemon)).action(
    async (options: { config?: string }) => {
      const { loadConfig } = await import('@ai-sysadmin/core');
      const load = () => loadConfig(options.config ? { path: options.config } : {});
      const loaded = load();
      let daemon: Daemon | undefined;
      let stopAsked: NodeJS.Signals | undefined;
      let stopped!: () => void;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      const stop = (signal: NodeJS.Signals) => {
        if (stopAsked) return;
        stopAsked = signal;
        if (!daemon) return; // acted on once started
        daemon.logger.info({ signal }, `${signal}: stopping`);
        void daemon.stop().then(stopped);
      };
      const hup = () => {
        if (!daemon) return; // the config was read just now
        daemon.logger.info({ signal: 'SIGHUP' }, 'SIGHUP: reloading the configuration');
        daemon.reload();
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      process.on('SIGHUP', hup);

      const { Daemon: DaemonClass } = await import('@ai-sysadmin/orchestrator');
      try {
        daemon = await DaemonClass.start({ loaded, reload: load });
      } catch (error) {
        const { AiSysadminError } = await import('@ai-sysadmin/core');
        if (error instanceof AiSysadminError && error.code === 'API_SOCKET') {
          process.stderr.write(`ai-sysadmin daemon: ${error.describe()}\n`);
          process.exitCode = EXIT.unavailable;
          setTimeout(() => process.exit(EXIT.unavailable), 2000).unref();
          return;
        }
        throw error;
      }
      if (stopAsked) {
        const signal = stopAsked;
        stopAsked = undefined;
        stop(signal);
      }
      await done;
      process.exitCode = EXIT.ok;
      // A client library's reconnect timer must not keep a stopped daemon alive.
      setTimeout(() => process.exit(EXIT.ok), 2000).unref();
    },
  );
}
