/**
 * `readManifest`: a run's `Manifest.v0`, never a partial update and never a record the journal does
 * not hold. The reader takes the run's lock for a moment (so no write is half-applied), derives the
 * manifest from the journal (every line checked: damage is named with its file and line), and
 * rewrites `manifest.json` when it differs (a crash left it behind, or someone edited it). On a
 * read-only folder it derives the manifest from the journal without the lock. No link is followed.
 * Owns: reading a manifest and the readers' use of the lock. Must not: write artifacts.
 */
import { errnoCode } from './durable-fs.js';
import { ArtifactCorruptError, ArtifactNotFoundError } from './errors.js';
import { withIoErrors } from './fs-errors.js';
import { RunLedger } from './ledger/run-ledger.js';
import { OpenTree } from './open-tree.js';
import { checkManifest } from './record-check.js';
import { compareRecordKeys, manifestText, type Manifest } from './records.js';
import { acquireRunLock, DEFAULT_LOCK_TIMEOUT_MS } from './run-lock.js';
import { requireFolderPath, requireRunId } from './validate.js';

/**
 * Runs `body` holding the run's lock (`locked` true), or without it (`locked` false) when the
 * folder cannot be written to, so nobody can be writing it either.
 */
export async function withReaderLock<T>(fn: string, ledger: RunLedger, body: (locked: boolean) => Promise<T>): Promise<T> {
  let release: () => void;
  try {
    release = await acquireRunLock(fn, ledger.lockFsPath, ledger.files.lock, DEFAULT_LOCK_TIMEOUT_MS);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return body(false);
    throw err;
  }
  try {
    return await body(true);
  } finally {
    release();
  }
}

/** The manifest text as a derivation of the journal (for folders the reader cannot lock). */
export function manifestTextFromJournal(ledger: RunLedger): string | null {
  const entries = ledger.readEntries(null);
  if (entries.length === 0) {
    const bytes = ledger.readManifestBytes();
    return bytes === null ? null : bytes.toString('utf8');
  }
  const sorted = [...entries].sort((a, b) => compareRecordKeys(a.record, b.record));
  return manifestText(
    ledger.runId,
    sorted.map((e) => e.json),
  );
}

/** Reads the run's `Manifest.v0` (records sorted by `(tick, kind, schema, path)`), as the journal holds it. */
export async function readManifest(artifactsDir: string, runId: string): Promise<Manifest> {
  const fn = 'readManifest';
  requireFolderPath(fn, 'artifactsDir', artifactsDir);
  requireRunId(fn, 'runId', runId);
  return withIoErrors(fn, () => readManifestIn(fn, artifactsDir, runId));
}

async function readManifestIn(fn: string, artifactsDir: string, runId: string): Promise<Manifest> {
  const notFound = (): ArtifactNotFoundError => new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no manifest in ${JSON.stringify(artifactsDir)}`);
  const tree = OpenTree.open(fn, artifactsDir, false, true);
  if (tree === null) throw notFound();
  let text: string | null;
  let file: string;
  try {
    const ledger = await RunLedger.open(fn, tree, runId, true, false);
    if (ledger === null || !ledger.exists()) throw notFound();
    file = ledger.files.manifest;
    text = await withReaderLock(fn, ledger, async (locked) => {
      if (!locked) return manifestTextFromJournal(ledger);
      await ledger.load(null);
      const derived = manifestTextFromJournal(ledger);
      // The journal is the truth: a manifest file that says anything else is rebuilt from it.
      if (derived !== null && ledger.readManifestBytes()?.toString('utf8') !== derived) await ledger.recover();
      return derived;
    });
  } finally {
    tree.close();
  }
  if (text === null) throw notFound();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ArtifactCorruptError(fn, file, 'is not JSON');
  }
  const manifest = checkManifest(value, runId);
  if (typeof manifest === 'string') throw new ArtifactCorruptError(fn, file, manifest);
  return manifest;
}
