/**
 * The error of a runtime the cross-runtime check cannot start: it names the runtime, what is
 * missing and how to get it. Never a silent skip: the CLI exits 2 with this message.
 * Owns: that error type. Must not: print or exit.
 */
import { InvarianceCheckError } from '../errors.js';

export class RuntimeUnavailableError extends InvarianceCheckError {
  override name = 'RuntimeUnavailableError';
  readonly runtime: string;
  constructor(runtime: string, problem: string, remedy: string) {
    super(`invariance-check: --runtimes ${runtime} cannot run: ${problem}; ${remedy}`);
    this.runtime = runtime;
  }
}
