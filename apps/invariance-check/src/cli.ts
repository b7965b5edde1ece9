/**
 * The executable (`dist/cli.js`, run by `pnpm invariance`): hands argv to `main` and exits with
 * its code once stdout has drained.
 * Owns: the process boundary. Must not: hold logic.
 */
import { main } from './main.js';

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;
