// Finds and launches a headless Chromium for the workspace's browser tests, so they run on a
// machine with nothing but Node: ABRAXAS_CHROMIUM first, then a Chromium on the PATH, otherwise the
// one shipped inside the npm package @sparticuz/chromium (unpacked once into the temp folder).
// Owns: choosing the browser, unpacking the shipped one safely. Must not: skip a test, download.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable that names a Chromium executable explicitly. */
const CHROMIUM_ENV = 'ABRAXAS_CHROMIUM';

/** Names a system Chromium goes by on the PATH, in the order they are tried. */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Flags for a full Chromium (explicit or system): quiet, offline, no sandbox (tests may run as root). */
const SYSTEM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Raised when no usable Chromium can be found or unpacked. */
export class BrowserNotFoundError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'BrowserNotFoundError';
  }
}

/** @param {string} path */
function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {NodeJS.ProcessEnv} env */
function onPath(env) {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));

/**
 * Unpacks the Chromium shipped in @sparticuz/chromium into `<tmp>/abraxas-chromium-<version>-<uid>`.
 * The unpacking runs in a child process whose temp folder is a fresh staging folder, which is then
 * renamed into place in one step: a concurrent test (or workspace) either sees the finished folder
 * or none, never a half-written binary.
 * @param {string} root the temp folder to cache under
 * @returns {Promise<string>}
 */
async function shippedChromium(root) {
  // The package exports only its entry (build/index.js); its manifest sits two folders up.
  const pkgJson = join(dirname(dirname(require.resolve('@sparticuz/chromium'))), 'package.json');
  const { version } = /** @type {{ version: string }} */ (JSON.parse(readFileSync(pkgJson, 'utf8')));
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const final = join(root, `abraxas-chromium-${version}-${String(uid)}`);
  const exe = join(final, 'chromium');
  const marker = join(final, '.complete');
  if (existsSync(marker) && statSync(final).uid === uid && isExecutableFile(exe)) return exe;
  const staging = mkdtempSync(join(root, `abraxas-chromium-${version}-staging-`));
  try {
    const script = "import c from '@sparticuz/chromium'; process.stdout.write(await c.executablePath());";
    const unpacked = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: here,
      env: { ...process.env, TMPDIR: staging, TMP: staging, TEMP: staging },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (unpacked !== join(staging, 'chromium')) {
      throw new BrowserNotFoundError(`launchChromium: @sparticuz/chromium unpacked to ${unpacked}, expected ${join(staging, 'chromium')}`);
    }
    writeFileSync(join(staging, '.complete'), `${version}\n`);
    try {
      renameSync(staging, final);
    } catch (err) {
      // Another process finished first: its folder is complete, so use it and drop ours.
      if (!existsSync(marker)) throw err;
    }
  } catch (err) {
    if (err instanceof BrowserNotFoundError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new BrowserNotFoundError(`launchChromium: could not unpack the Chromium shipped in @sparticuz/chromium ${version}: ${detail}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return exe;
}

/**
 * Chooses the Chromium to launch: `ABRAXAS_CHROMIUM` if set (it must name an executable file), else
 * the first Chromium on the PATH, else the one shipped in @sparticuz/chromium.
 * @param {{ env?: NodeJS.ProcessEnv, tmp?: string }} [options]
 * @returns {Promise<import('./index.js').ChromiumChoice>}
 */
export async function findChromium(options = {}) {
  const env = options.env ?? process.env;
  const explicit = env[CHROMIUM_ENV];
  if (explicit !== undefined && explicit !== '') {
    if (!isAbsolute(explicit) || !isExecutableFile(explicit)) {
      throw new BrowserNotFoundError(`findChromium: ${CHROMIUM_ENV} must be the absolute path of an executable file, got ${JSON.stringify(explicit)}`);
    }
    return { source: 'env', executablePath: explicit, args: [...SYSTEM_ARGS] };
  }
  const system = onPath(env);
  if (system !== null) return { source: 'system', executablePath: system, args: [...SYSTEM_ARGS] };
  const { default: shipped } = await import('@sparticuz/chromium');
  return { source: 'shipped', executablePath: await shippedChromium(options.tmp ?? tmpdir()), args: shipped.args };
}

/**
 * Launches the Chromium `findChromium` chooses, headless.
 * @param {{ env?: NodeJS.ProcessEnv, tmp?: string }} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium(options = {}) {
  const choice = await findChromium(options);
  // Loaded here, not at the top: importing this module (to find a browser, or in a command that
  // only may need one) stays cheap; playwright-core takes most of a second to load.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
}
