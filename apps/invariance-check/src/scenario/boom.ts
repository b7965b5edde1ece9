/**
 * The golden vectors' failing task: it throws an error named `Boom` with message
 * `deliberate failure`, so the task's `error` reads `Boom: deliberate failure`.
 * Owns: that error. Must not: anything else.
 */
export class Boom extends Error {
  override name = 'Boom';
  constructor() {
    super('deliberate failure');
  }
}
