/**
 * The README examples are real TypeScript: every ```ts block of the root README and of each
 * package's README (```js marks a JavaScript-only example) is compiled, as a module of its own, against the built packages with
 * `strict`, `noUncheckedIndexedAccess` and `exactOptionalPropertyTypes`, and must have no type
 * error and no cast (`as` other than `as const`, or a non-null `!`).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/tarballs.js';

interface Example {
  readonly readme: string;
  readonly line: number;
  readonly code: string;
}

function examples(): Example[] {
  const readmes = ['README.md', ...readdirSync(join(repoRoot, 'packages')).map((p) => join('packages', p, 'README.md'))];
  const out: Example[] = [];
  for (const readme of readmes) {
    const text = readFileSync(join(repoRoot, readme), 'utf8');
    for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      out.push({ readme, line: text.slice(0, m.index).split('\n').length, code: m[1] ?? '' });
    }
  }
  return out;
}

// Inside this package, so the examples resolve @abraxas/* from its node_modules (the built packages).
const dir = join(import.meta.dirname, '..', '.readme-examples');
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const all = examples();

describe('README examples compile as strict TypeScript', () => {
  it('finds the examples of every package README', () => {
    const readmes = new Set(all.map((e) => e.readme));
    for (const pkg of ['ers', 'viz', 'artifacts', 'runtime']) expect(readmes).toContain(join('packages', pkg, 'README.md'));
  });

  it('has no type error in any example', () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = all.map((e, i) => {
      const file = join(dir, `example-${i}.ts`);
      writeFileSync(file, e.code);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      moduleDetection: ts.ModuleDetectionKind.Force,
      types: ['node'],
      noEmit: true,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const index = d.file === undefined ? -1 : files.indexOf(d.file.fileName);
      const e = all[index];
      const where = e === undefined || d.file === undefined || d.start === undefined ? '' : `${e.readme}:${e.line + 1 + d.file.getLineAndCharacterOfPosition(d.start).line}: `;
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  }, 300_000);

  it('uses no cast', () => {
    const casts = all.flatMap((e) =>
      e.code.split('\n').flatMap((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        return /^\s*import\b/.test(code) || !/\bas (?!const\b)|\w!\.|\)!/.test(code) ? [] : [`${e.readme}:${e.line + 1 + i}: ${line.trim()}`];
      }),
    );
    expect(casts).toEqual([]);
  });
});
