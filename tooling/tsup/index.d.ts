import type { Options } from 'tsup';

/** The library (ESM + CJS + declarations) and command (ESM with a shebang) builds of a package. */
export declare function libraryAndCli(o?: { readonly library?: string; readonly cli?: string; readonly define?: Record<string, string> }): Options[];
