import { base, purity } from '@abraxas/eslint-config';

export default [...base(import.meta.dirname), purity];
