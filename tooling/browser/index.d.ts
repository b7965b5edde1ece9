import type { Browser } from 'playwright-core';

/** Raised when no usable Chromium can be found or unpacked. */
export declare class BrowserNotFoundError extends Error {}

/** Where the browser comes from, its executable and the flags to launch it with. */
export interface ChromiumChoice {
  readonly source: 'env' | 'system' | 'shipped';
  readonly executablePath: string;
  readonly args: readonly string[];
}

/** Where to look: the environment (default `process.env`) and the temp folder to unpack into. */
export interface FindOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly tmp?: string;
}

/** `ABRAXAS_CHROMIUM` if set (an absolute path of an executable), else a Chromium on the PATH, else the shipped one. */
export declare function findChromium(options?: FindOptions): Promise<ChromiumChoice>;

/** Launches the Chromium `findChromium` chooses, headless. */
export declare function launchChromium(options?: FindOptions): Promise<Browser>;
