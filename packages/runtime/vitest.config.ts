import { abraxasVitestConfig } from '@abraxas/vitest-config';
import { packageVersionsDefine } from './package-versions.config.js';

// Tests run the sources: they get the same compiled-in package versions as the build.
export default abraxasVitestConfig({ define: packageVersionsDefine() });
