/** A producer whose Redis is away: started while it is down (the daemon booting first), and closed while it is down. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LlmQueueClient, QueueUnavailableError } from '@ai-sysadmin/worker';
import { queueConfig, quietLogger, startQueueRig, type QueueRig } from '../helpers/llm-queue-rig.js';

let rig: QueueRig;
beforeAll(async () => {
  rig = await startQueueRig();
});
afterAll(async () => {
  await rig.stop();
});

const hello = { messages: [{ role: 'user' as const, content: 'hello?' }] };

it('says Redis is unreachable within enqueueTimeoutSec when it was never reachable, and closes', async () => {
  await rig.redis.stop();
  try {
    const client = new LlmQueueClient(queueConfig(rig.redis, rig.ollama, { llm: { enqueueTimeoutSec: 1 } }), {
      logger: quietLogger(),
    });
    const error = await client.chat(hello, { priority: 'interactive' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueueUnavailableError);
    await client.close(); // with Redis still down: it must return
  } finally {
    await rig.redis.restart();
  }
});

it('closes after Redis came back', async () => {
  await rig.redis.stop();
  const client = new LlmQueueClient(queueConfig(rig.redis, rig.ollama, { llm: { enqueueTimeoutSec: 1 } }), {
    logger: quietLogger(),
  });
  await client.chat(hello, { priority: 'interactive' }).then(undefined, () => undefined);
  await rig.redis.restart();
  await client.close();
  expect(
    await client.chat(hello, { priority: 'interactive' }).then(undefined, (e: unknown) => (e as Error).message),
  ).toMatch(/closed/);
});
