/**
 * Error class of @abraxas/viz. Its message names the function, the field and the rule broken, in
 * the style of @abraxas/ers: `<function>: <field> <rule>; got <value>`.
 * Owns: the package's error type. Must not: validate anything itself (see validate.ts).
 */
import { ErsValidationError } from '@abraxas/ers';

/**
 * A viz function received input that breaks one of its rules. It extends `ErsValidationError`,
 * so a caller that already catches the scheduler's validation errors catches these too;
 * `fn` and `field` are readable without parsing the message.
 */
export class VizValidationError extends ErsValidationError {
  override name = 'VizValidationError';
}
