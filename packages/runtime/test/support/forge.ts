/**
 * Forging a sealed record as someone with write access to the folder could: new bytes for the
 * file, its journal line given their size and SHA-256, and the files derived from the journal
 * removed, so every reader trusts the forgery's seal and must judge its content.
 * Owns: that forgery. Must not: decide what a test expects.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function forgeSealed(dir: string, runId: string, relPath: string, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(join(dir, ...relPath.split('/')), bytes);
  const journal = join(dir, 'manifests', `${runId}.manifest.log`);
  let hits = 0;
  const lines = readFileSync(journal, 'utf8').split('\n').map((line) => {
    if (!line.includes(`"path":${JSON.stringify(relPath)}`)) return line;
    hits++;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return line.replace(/"bytes":\d+/, `"bytes":${String(bytes.length)}`).replace(/"sha256":"[0-9a-f]{64}"/, `"sha256":"${sha256}"`);
  });
  if (hits !== 1) throw new Error(`forgeSealed: ${relPath} is not listed once in the journal`);
  writeFileSync(journal, lines.join('\n'));
  for (const name of readdirSync(join(dir, 'manifests'))) {
    if (name.startsWith(`${runId}.manifest.`) && !name.endsWith('.log')) unlinkSync(join(dir, 'manifests', name));
  }
}
