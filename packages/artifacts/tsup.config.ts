import { libraryAndCli } from '@abraxas/tsup-config';
import { defineConfig } from 'tsup';

// The library and the `abraxas-artifacts` command (the shared builds of tooling/tsup).
export default defineConfig(libraryAndCli());
