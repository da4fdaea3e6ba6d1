import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { localeOf, messages } from './messages.js';
import { run } from './run.js';

let closed = false;
const onPipeError = (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    if (!closed) {
      closed = true;
      try {
        process.stderr.write(`xxgk: ${messages(localeOf(process.argv.slice(2))).brokenPipe}\n`);
      } catch {
        // stderr is gone too
      }
    }
    process.exit(2);
  }
  throw error;
};
process.stdout.on('error', onPipeError);

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => {
    if (!closed) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  stdin: () => readFileSync(0),
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  stderrIsTTY: process.stderr.isTTY === true,
});
