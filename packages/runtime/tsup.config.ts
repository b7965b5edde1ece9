import { libraryAndCli } from '@abraxas/tsup-config';
import { defineConfig } from 'tsup';
import { packageVersionsDefine } from './package-versions.config.js';

// The library and the `abraxas-run` command (the shared builds of tooling/tsup), both with the
// @abraxas/* versions a run header records compiled in (package-versions.config.ts).
export default defineConfig(libraryAndCli({ define: packageVersionsDefine() }));
