import { abraxasVitestConfig } from '@abraxas/vitest-config';

// One throwaway PostgreSQL server for every test file (or ABRAXAS_PG_URL's).
export default abraxasVitestConfig({ test: { globalSetup: ['./test/support/global-setup.ts'] } });
