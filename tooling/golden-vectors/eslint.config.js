import { base } from '@abraxas/eslint-config';

export default [...base(import.meta.dirname)];
