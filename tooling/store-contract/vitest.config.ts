import { abraxasVitestConfig } from '@abraxas/vitest-config';

export default abraxasVitestConfig();
