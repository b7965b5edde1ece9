import { base } from '@abraxas/eslint-config';

// Runtime does no file IO of its own: it reads and writes through an ArtifactStore.
const noFileIo = {
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: ['fs', 'fs/promises', 'node:fs', 'node:fs/promises'].map((name) => ({
          name,
          message: 'Runtime does no file IO: read and write through an ArtifactStore (@abraxas/artifacts).',
        })),
      },
    ],
  },
};

export default [...base(import.meta.dirname), noFileIo];
