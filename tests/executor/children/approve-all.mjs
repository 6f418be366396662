// A second (or third) process approving the same actions: waits for the go file, then approves
// every id it was given and prints one JSON line per id: {id, outcome | code}.
import { existsSync } from 'node:fs';
import { parseConfig } from '@ai-sysadmin/core';
import { Executor, LocalRunner } from '@ai-sysadmin/executor';

const [stateDir, goFile, ...ids] = process.argv.slice(2);
const config = parseConfig({
  aiName: 'rhiannon',
  stateDir,
  logLevel: 'silent',
  autonomyLevel: 'suggest',
  execution: { verifyTimeoutSec: 1 },
});
const executor = new Executor({ config, runners: { runner: () => new LocalRunner() }, verifyPollMs: 20 });
process.stdout.write('ready\n');
while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 1));
for (const id of ids.map(Number)) {
  try {
    const outcome = await executor.approve(id, { by: `process ${process.pid}` });
    process.stdout.write(`${JSON.stringify({ id, outcome: outcome.status })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id, code: error.code ?? String(error) })}\n`);
  }
}
