/**
 * The executable (`dist/cli.js`, run by `pnpm invariance`): hands argv to `main` and exits with
 * its code once stdout has drained. A reader that closes the pipe early (`| head`) loses the
 * rest of the output quietly instead of crashing on EPIPE; the exit code is still the verdict's.
 * Owns: the process boundary. Must not: hold logic.
 */
import { main } from './main.js';

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    // The verdict still decides the exit code; only the unread output is dropped.
    if (e.code !== 'EPIPE') throw e;
  });
}

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;
