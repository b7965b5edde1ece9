import { abraxasVitestConfig } from '@abraxas/vitest-config';
import { fileURLToPath } from 'node:url';

export default abraxasVitestConfig({
  resolve: {
    alias: { '#sha256': fileURLToPath(new URL('./src/hash/sha256-node.ts', import.meta.url)) },
  },
});
