/**
 * Finding a Chromium for the cross-runtime check, in this order: the `ABRAXAS_CHROMIUM` environment
 * variable (an executable), a system `chromium` (or `chromium-browser`, `google-chrome`) on PATH,
 * else `@sparticuz/chromium` (a dependency of @abraxas/runtimes: a packed headless Chromium from
 * npm, unpacked on first use). A variable that names no executable is an error, not a fall-through.
 * Owns: choosing the browser executable and its launch arguments. Must not: launch it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeUnavailableError } from './runtime-errors.js';
import { packageEntry, runtimePackageDir } from './runtimes-package.js';

export interface BrowserTarget {
  readonly id: 'chromium';
  readonly kind: 'browser';
  readonly executablePath: string;
  readonly args: readonly string[];
  /** Where it came from, for the report (never a machine path). */
  readonly source: string;
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The Chromium to use, given the environment (`ABRAXAS_CHROMIUM`, `PATH`); `appDir` lists @abraxas/runtimes. */
export async function findChromium(env: NodeJS.ProcessEnv, appDir: string): Promise<BrowserTarget> {
  const fromEnv = env.ABRAXAS_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutable(fromEnv)) {
      throw new RuntimeUnavailableError('chromium', `ABRAXAS_CHROMIUM is set but does not name an executable file (got ${JSON.stringify(fromEnv)})`, 'point it at a Chromium executable, or unset it to use a system chromium or @sparticuz/chromium');
    }
    return { id: 'chromium', kind: 'browser', executablePath: fromEnv, args: [], source: 'ABRAXAS_CHROMIUM' };
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      const path = join(dir, name);
      if (isExecutable(path)) return { id: 'chromium', kind: 'browser', executablePath: path, args: [], source: `system ${name}` };
    }
  }
  let packed: { executablePath: () => Promise<string>; args: string[] };
  try {
    const dir = runtimePackageDir(appDir, '@sparticuz/chromium');
    const entry = dir === null ? null : packageEntry(dir);
    if (entry === null) throw new Error('not installed');
    packed = ((await import(pathToFileURL(entry).href)) as { default: typeof packed }).default;
  } catch (e) {
    throw new RuntimeUnavailableError('chromium', `no ABRAXAS_CHROMIUM, no chromium on PATH, and @sparticuz/chromium cannot be loaded (${e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e)})`, 'run `pnpm install` at the repo root, install a system chromium, or set ABRAXAS_CHROMIUM to a Chromium executable');
  }
  let executablePath: string;
  try {
    executablePath = await packed.executablePath();
  } catch (e) {
    throw new RuntimeUnavailableError('chromium', `@sparticuz/chromium could not unpack its browser: ${e instanceof Error ? e.message : String(e)}`, 'install a system chromium or set ABRAXAS_CHROMIUM to a Chromium executable');
  }
  return { id: 'chromium', kind: 'browser', executablePath, args: packed.args, source: 'npm @sparticuz/chromium' };
}
