/**
 * The RunIndex reference check shared by `verifyRun` and every store's verify: `refs.<name>` must
 * name a listed artifact and `hashes.<name>_sha256` its sealed hash.
 * Owns: reading a RunIndex's refs and hashes. Must not: read files.
 */
import type { ManifestRecord } from './records.js';
import { isPlainObject, relPathProblem } from './validate.js';
import type { VerifyProblem } from './verify.js';

/** A RunIndex's `refs.<name>` must name a listed artifact and `hashes.<name>_sha256` its hash. */
export function checkRunIndexRefs(r: ManifestRecord, bytes: Uint8Array, listed: ReadonlyMap<string, ManifestRecord>): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  const bad = (detail: string): void => {
    out.push({ path: r.path, problem: 'bad_ref', detail });
  };
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    bad('is listed as a RunIndex but is not JSON');
    return out;
  }
  if (!isPlainObject(doc) || !isPlainObject(doc.refs)) {
    bad('is listed as a RunIndex but has no refs object');
    return out;
  }
  const hashes = doc.hashes === undefined ? {} : doc.hashes;
  if (!isPlainObject(hashes)) {
    bad('has a hashes field that is not an object');
    return out;
  }
  for (const [name, ref] of Object.entries(doc.refs)) {
    if (typeof ref !== 'string' || relPathProblem(ref, null) !== null) {
      bad(`refs.${name} is not a relative artifact path: ${JSON.stringify(ref)}`);
      continue;
    }
    const target = listed.get(ref);
    if (target === undefined) {
      bad(`refs.${name} points at ${ref}, which the manifest does not list`);
      continue;
    }
    const hash = hashes[`${name}_sha256`];
    if (hash === undefined) bad(`hashes.${name}_sha256 is missing for refs.${name}`);
    else if (hash !== target.sha256) bad(`hashes.${name}_sha256 is ${JSON.stringify(hash)}; the manifest lists ${ref} with ${target.sha256}`);
  }
  for (const key of Object.keys(hashes)) {
    const name = key.endsWith('_sha256') ? key.slice(0, -'_sha256'.length) : null;
    if (name === null) bad(`hashes.${key} is not named <ref>_sha256`);
    else if (!(name in doc.refs)) bad(`hashes.${key} has no matching refs.${name}`);
  }
  return out;
}
