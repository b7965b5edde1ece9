import { base } from '@abraxas/eslint-config';

// Command-line glue: the one shared place allowed to use `process`.
export default [...base(import.meta.dirname)];
