import { describe, expect, it } from 'vitest';
import {
  LlmQueueKeys,
  PRIORITIES,
  chatJobDataSchema,
  embedJobResultSchema,
  jobEventSchema,
  newJobId,
  summarizeJobDataSchema,
} from '@ai-sysadmin/core';

describe('LLM queue contract', () => {
  it('names the queue after the assistant, so two installs on one Redis never share jobs', () => {
    const a = new LlmQueueKeys('rhiannon');
    const b = new LlmQueueKeys('gwydion');
    expect(a.queueName).toBe('rhiannon-llm');
    const id = newJobId();
    const keys = (k: LlmQueueKeys) => [k.base, k.job(id), k.jobEvents(id), k.jobCancelled(id), k.cancelChannel];
    for (const key of keys(a)) expect(keys(b)).not.toContain(key);
    // Every key lives under BullMQ's own prefix and queue, beside the job it belongs to.
    expect(a.jobEvents(id)).toBe(`ai-sysadmin:rhiannon-llm:${id}:events`);
    expect(a.jobEvents(id).startsWith(`${a.job(id)}:`)).toBe(true);
  });

  it('refuses a job id that could reach another key', () => {
    const keys = new LlmQueueKeys('rhiannon');
    expect(() => keys.jobEvents('wait')).toThrow(/not an LLM job id/);
    expect(() => keys.jobEvents('1:lock')).toThrow(/not an LLM job id/);
  });

  it('puts people before background checks before bulk work, never using BullMQ priority 0', () => {
    expect(PRIORITIES.interactive).toBeLessThan(PRIORITIES.autonomous);
    expect(PRIORITIES.autonomous).toBeLessThan(PRIORITIES.batch);
    expect(Math.min(...Object.values(PRIORITIES))).toBeGreaterThan(0);
  });

  it('names the wrong field of a bad job', () => {
    const bad = chatJobDataSchema.safeParse({ messages: [{ role: 'robot', content: 'hi' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['messages', 0, 'role']);
    expect(chatJobDataSchema.safeParse({ messages: [] }).error!.issues[0]!.message).toMatch(/at least one message/);
    const both = summarizeJobDataSchema.safeParse({ text: 'x', cacheId: 'tc_aaaaaaaa_000000000000' });
    expect(both.error!.issues[0]!.message).toMatch(/exactly one of text and cacheId/);
    expect(summarizeJobDataSchema.safeParse({ cacheId: '../x' }).error!.issues[0]!.path).toEqual(['cacheId']);
  });

  it('checks results as well: vectors of one embedding job share their dimensions', () => {
    const ok = {
      model: 'nomic-embed-text',
      embeddings: [
        [1, 2],
        [3, 4],
      ],
      dimensions: 2,
      promptTokens: 4,
    };
    expect(embedJobResultSchema.safeParse(ok).success).toBe(true);
    expect(embedJobResultSchema.safeParse({ ...ok, embeddings: [[1, 2], [3]] }).success).toBe(false);
  });

  it('knows every event a job can send', () => {
    expect(jobEventSchema.parse({ type: 'token', attempt: 1, text: 'Hel' })).toEqual({
      type: 'token',
      attempt: 1,
      text: 'Hel',
    });
    expect(jobEventSchema.safeParse({ type: 'token', attempt: 0, text: 'x' }).success).toBe(false);
    expect(jobEventSchema.safeParse({ type: 'gossip', attempt: 1 }).success).toBe(false);
  });
});
