/**
 * The one LLM worker: a BullMQ Worker with concurrency 1 on the `<aiName>-llm` queue, so
 * inference never competes with itself and an interactive job waits for at most the job in
 * flight. It also listens for cancellations, and on close lets the job in flight finish for
 * llm.shutdownGraceSec before putting it back in the queue.
 */
import { Worker } from 'bullmq';
import { Ollama } from 'ollama';
import { type Config, type Logger, LlmQueueKeys, ToolCache, errorMessage } from '@ai-sysadmin/core';
import { ABORT } from './abort-reasons.js';
import { createProcessor } from './job-processor.js';
import { redactUrl, redisConnection } from './redis-connection.js';

export interface LlmWorker {
  readonly queueName: string;
  /** Stops taking jobs; the job in flight finishes, or goes back to the queue after the grace time. */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Resolves once the worker is closed. */
  readonly closed: Promise<void>;
}

export interface StartLlmWorkerOptions {
  logger: Logger;
}

export async function startLlmWorker(config: Config, options: StartLlmWorkerOptions): Promise<LlmWorker> {
  const logger = options.logger;
  const keys = new LlmQueueKeys(config.aiName);
  const llm = config.llm;
  const connection = redisConnection(config.redisUrl, logger, { connectionName: `${keys.queueName}:worker` });
  const events = redisConnection(config.redisUrl, logger, { connectionName: `${keys.queueName}:worker-events` });
  const subscriber = redisConnection(config.redisUrl, logger, { connectionName: `${keys.queueName}:worker-cancel` });

  const worker = new Worker(
    keys.queueName,
    createProcessor({ config, redis: events, cache: ToolCache.fromConfig(config), logger, modelContexts: new Map() }),
    {
      connection,
      prefix: keys.prefix,
      concurrency: 1,
      lockDuration: llm.lockDurationSec * 1000,
      stalledInterval: llm.stalledIntervalSec * 1000,
      maxStalledCount: 1,
      removeOnComplete: { count: llm.keepFinishedJobs },
      removeOnFail: { count: llm.keepFinishedJobs },
      // How long to wait before retrying a Redis command that failed on a lost connection.
      runRetryDelay: 1000,
      autorun: true,
    },
  );
  let lastError = '';
  worker.on('error', (error) => {
    // Repeated while Redis is away; said once per distinct message.
    if (error.message !== lastError) logger.warn({ err: error.message }, 'queue error');
    lastError = error.message;
  });
  worker.on('stalled', (jobId) =>
    logger.warn({ jobId }, 'a job lost its worker (killed?) and was put back in the queue'),
  );

  subscriber.on('message', (_channel: string, jobId: string) => {
    if (worker.cancelJob(jobId, ABORT.cancelled)) logger.info({ jobId }, 'job cancelled by its requester');
  });
  logger.info({ queue: keys.queueName }, 'connecting to Redis');
  await subscriber.subscribe(keys.cancelChannel);
  await worker.waitUntilReady();
  logger.info(
    { queue: keys.queueName, redis: redactUrl(config.redisUrl), ollama: config.ollamaHost },
    'LLM worker started',
  );
  void reportOllama(config, logger);

  let closing: Promise<void> | undefined;
  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  return {
    queueName: keys.queueName,
    closed,
    close: ({ graceMs = llm.shutdownGraceSec * 1000 } = {}) => {
      // Asked again, without grace, while already closing: put the job back now.
      if (closing && graceMs === 0) worker.cancelAllJobs(ABORT.shutdown);
      closing ??= (async () => {
        logger.info({ graceMs }, 'LLM worker stopping: no new jobs; the job in flight may finish');
        // close() first: it stops fetching, so a job put back is not fetched again by this worker.
        const workerClosed = worker.close();
        const timer = setTimeout(() => worker.cancelAllJobs(ABORT.shutdown), graceMs);
        try {
          await workerClosed;
        } finally {
          clearTimeout(timer);
          await Promise.allSettled([subscriber.quit(), events.quit(), connection.quit()]);
          logger.info('LLM worker stopped');
          closedResolve();
        }
      })();
      return closing;
    },
  };
}

/** Says at start whether Ollama answers and has the models, so a missing one shows in the log at once. */
async function reportOllama(config: Config, logger: Logger): Promise<void> {
  const client = new Ollama({ host: config.ollamaHost });
  try {
    const [{ version }, { models }] = await Promise.all([client.version(), client.list()]);
    const have = new Set(models.flatMap((m) => [m.name, m.name.replace(/:latest$/, '')]));
    const missing = [config.model, config.embedModel].filter((m) => !have.has(m));
    if (missing.length) {
      logger.warn(
        { missing },
        `Ollama at ${config.ollamaHost} lacks ${missing.join(' and ')}: run ${missing.map((m) => `\`ollama pull ${m}\``).join(' and ')}`,
      );
    } else {
      logger.info(
        { version },
        `Ollama at ${config.ollamaHost} answers and has ${config.model} and ${config.embedModel}`,
      );
    }
  } catch (error) {
    logger.warn({ err: errorMessage(error) }, `Ollama at ${config.ollamaHost} is not reachable yet; jobs will retry`);
  }
}
