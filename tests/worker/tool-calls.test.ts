import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ToolCallFormatError,
  ollamaToolCallParseError,
  repairJson,
  toolCallFromRaw,
  toolCallsFromOllama,
} from '@ai-sysadmin/worker';

const tools = [
  { name: 'systemctl_status', description: 'status of a unit', parameters: { type: 'object' } },
  { name: 'journal', description: 'read the journal', parameters: { type: 'object' } },
];

describe('repairJson', () => {
  it.each([
    ['{"unit": "nginx",}', { unit: 'nginx' }],
    ['{"unit": "nginx", "lines": [1, 2,],}', { unit: 'nginx', lines: [1, 2] }],
    ['```json\n{"unit": "nginx"}\n```', { unit: 'nginx' }],
    [
      '<tool_call>{"name": "journal", "arguments": {"unit": "sshd"}}</tool_call>',
      { name: 'journal', arguments: { unit: 'sshd' } },
    ],
    ['{"unit": "nginx", "follow": False, "since": None', { unit: 'nginx', follow: false, since: null }],
    ['{"name": "journal", "arguments": {"unit": "a}b"', { name: 'journal', arguments: { unit: 'a}b' } }],
    // gpt-oss's stray closer (ollama/ollama#12064): a "]" that closes nothing.
    ['{"cmd":"apply_patch"]}', { cmd: 'apply_patch' }],
  ])('repairs %s', (raw, value) => {
    expect(repairJson(raw)).toEqual({ ok: true, value, repaired: true });
  });

  it.each([
    ['{"unit": "ngin', /string is cut off/],
    ["{'unit': 'nginx'}", /single-quoted/],
    ['{"a": [1, 2}', /would close a bracket/],
    ['{"a": 1 "b": 2}', /no unambiguous repair/],
    ['{"a": }', /no unambiguous repair/],
  ])('refuses to guess at %s', (raw, reason) => {
    const result = repairJson(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('leaves valid JSON as it is', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = repairJson(JSON.stringify(value));
        expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)), repaired: false });
      }),
    );
  });

  it('completes any object the model stopped writing between two values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== '__proto__'),
          fc.oneof(fc.integer(), fc.string(), fc.boolean()),
          { minKeys: 1 },
        ),
        (object) => {
          const full = JSON.stringify({ args: object });
          // Cut right after a complete value: only closing brackets are missing.
          const cut = full.slice(0, -2);
          expect(repairJson(cut)).toEqual({ ok: true, value: { args: object }, repaired: true });
        },
      ),
    );
  });
});

describe('tool calls', () => {
  it("reads Ollama's own parse error and repairs the call when that needs no guessing", () => {
    const message = `error parsing tool call: raw='{"name": "journal", "arguments": {"unit": "nginx", "lines": 50,}}', err=invalid character '}' looking for beginning of object key string`;
    const parsed = ollamaToolCallParseError(message)!;
    expect(parsed.error).toBe("invalid character '}' looking for beginning of object key string");
    expect(toolCallFromRaw(parsed.raw, tools, 'x')).toEqual({
      call: { name: 'journal', arguments: { unit: 'nginx', lines: 50 } },
      repaired: true,
    });
  });

  it('takes bare arguments as a call of the only tool offered, and refuses when there are several', () => {
    expect(toolCallFromRaw('{"unit": "nginx"}', [tools[0]!], 'x').call).toEqual({
      name: 'systemctl_status',
      arguments: { unit: 'nginx' },
    });
    expect(() => toolCallFromRaw('{"unit": "nginx"}', tools, 'x')).toThrow(
      /does not say which tool it is for, and 2 tools were offered/,
    );
  });

  it('refuses a call of a tool that was not offered, naming the tools that were', () => {
    expect(() => toolCallFromRaw('{"name": "rm", "arguments": {"path": "/"}}', tools, 'x')).toThrow(
      /there is no tool "rm"; the tools are systemctl_status, journal/,
    );
  });

  it('gives the agent the raw text and the reason, to quote when it asks again', () => {
    try {
      toolCallFromRaw('{"name": "journal", "arguments": {"unit": "ngin', tools, 'Ollama could not parse it');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ToolCallFormatError);
      const e = error as ToolCallFormatError;
      expect(e.code).toBe('TOOL_CALL_MALFORMED');
      expect(e.raw).toBe('{"name": "journal", "arguments": {"unit": "ngin');
      expect(e.reason).toMatch(/^Ollama could not parse it; a string is cut off/);
      expect(e.hint).toMatch(/Ask the model to call the tool again/);
    }
  });

  it("accepts Ollama's parsed tool_calls, and arguments sent as a JSON string", () => {
    expect(
      toolCallsFromOllama(
        [
          { function: { name: 'journal', arguments: { unit: 'nginx' } } },
          { function: { name: 'systemctl_status', arguments: '{"unit": "sshd",}' } },
        ],
        tools,
      ),
    ).toEqual({
      calls: [
        { name: 'journal', arguments: { unit: 'nginx' } },
        { name: 'systemctl_status', arguments: { unit: 'sshd' } },
      ],
      repaired: true,
    });
  });
});
