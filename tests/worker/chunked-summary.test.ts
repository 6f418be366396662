import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkText,
  estimateTokens,
  promptOverheadTokens,
  summarizeInChunks,
  type CompletionRequest,
} from '@ai-sysadmin/worker';
import { unfenceData } from '@ai-sysadmin/core';

describe('chunkText', () => {
  it('gives the text back when put together, in pieces that each fit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 400 }), { maxLength: 60 }).map((l) => l.join('\n')),
        fc.integer({ min: 1, max: 300 }),
        (text, max) => {
          const chunks = chunkText(text, max);
          expect(chunks.join('')).toBe(text);
          for (const chunk of chunks) expect(estimateTokens(chunk)).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('cuts at line ends when lines fit', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    for (const chunk of chunkText(text, 30)) expect(chunk).toMatch(/^line \d+(\nline \d+)*\n?$/);
  });
});

/** A stand-in model that answers with a short summary and counts what it was asked. */
function recorder() {
  const calls: CompletionRequest[] = [];
  return {
    calls,
    complete: async (request: CompletionRequest) => {
      calls.push(request);
      return {
        text: `summary #${calls.length}`,
        promptTokens: estimateTokens(request.system + request.prompt),
        completionTokens: 3,
      };
    },
  };
}

describe('summarizeInChunks', () => {
  it('uses one call when the text fits the context', async () => {
    const model = recorder();
    const progress: unknown[] = [];
    const result = await summarizeInChunks('a short log\nline two', {
      promptTokens: 2000,
      complete: model.complete,
      onProgress: (p) => void progress.push(p),
    });
    expect(result).toMatchObject({ summary: 'summary #1', chunks: 1, llmCalls: 1 });
    expect(model.calls[0]!.prompt).toContain('a short log\nline two');
    expect(progress).toEqual([{ stage: 'chunk', done: 1, total: 1, message: 'summarized in one call' }]);
  });

  it('summarizes each chunk, then the summaries, with progress after every call and every prompt within the context', async () => {
    const model = recorder();
    const progress: Array<{ stage: string; done: number; total: number }> = [];
    const text = Array.from(
      { length: 400 },
      (_, i) => `E x${i} [2025-03-01 00:00:00] host kernel: message number ${i}`,
    ).join('\n');
    const result = await summarizeInChunks(text, {
      title: 'journal of web1',
      promptTokens: 1500,
      complete: model.complete,
      onProgress: (p) => void progress.push(p),
    });
    expect(result.chunks).toBeGreaterThan(1);
    expect(result.llmCalls).toBe(result.chunks + 1);
    expect(model.calls).toHaveLength(result.llmCalls);
    for (const call of model.calls) expect(estimateTokens(call.system + call.prompt)).toBeLessThanOrEqual(1500);
    // Every line of the text went to the model exactly once, fenced as data.
    const sent = model.calls
      .slice(0, result.chunks)
      .map((c) => unfenceData(c.prompt.slice(c.prompt.indexOf('<<<DATA')))!.text);
    expect(sent.join('')).toBe(text);
    expect(progress.filter((p) => p.stage === 'chunk').map((p) => p.done)).toEqual(
      Array.from({ length: result.chunks }, (_, i) => i + 1),
    );
    expect(progress.at(-1)).toMatchObject({ stage: 'merge', done: 1, total: 1 });
    expect(model.calls.at(-1)!.prompt).toContain(`Part ${result.chunks}:\nsummary #${result.chunks}`);
    expect(result.summary).toBe(`summary #${result.llmCalls}`);
    expect(model.calls[0]!.prompt).toContain('journal of web1');
  });

  it('merges in rounds when the summaries themselves do not fit one prompt', async () => {
    const calls: CompletionRequest[] = [];
    const long = 'word '.repeat(150);
    const complete = async (request: CompletionRequest) => {
      calls.push(request);
      return { text: long, promptTokens: 0, completionTokens: 0 };
    };
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
    const promptTokens = promptOverheadTokens({}) + 700;
    const result = await summarizeInChunks(text, { promptTokens, complete });
    expect(result.llmCalls).toBeGreaterThan(result.chunks + 1);
    for (const call of calls) expect(estimateTokens(call.system + call.prompt)).toBeLessThanOrEqual(promptTokens);
  });

  it('refuses a context too small to hold any text', async () => {
    await expect(summarizeInChunks('x', { promptTokens: 100, complete: recorder().complete })).rejects.toThrow(
      /raise llm.contextTokens/,
    );
  });
});
