import { base, purity } from '@abraxas/eslint-config';

// Bundled into @abraxas/ers and @abraxas/viz: held to their purity rules (no IO, clock, randomness, locale).
export default [...base(import.meta.dirname), purity];
