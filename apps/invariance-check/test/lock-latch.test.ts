import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR, REPO_ROOT, goldenGate, goldenScheduler, runCli, tempDir } from './support/cli.js';

const REPO_LOCK = join(REPO_ROOT, 'invariance.lock.json');
const BUDGET_HASH = goldenScheduler('budget-exhaustion').expect.trace_sha256;
const OTHER = 'f'.repeat(64);

/** A copy of the repo's lock in a temp folder, optionally edited. */
function lockCopy(edit?: (pins: Record<string, string>) => void): { dir: string; lock: string } {
  const dir = tempDir();
  const lock = join(dir, 'invariance.lock.json');
  copyFileSync(REPO_LOCK, lock);
  if (edit !== undefined) {
    const parsed = JSON.parse(readFileSync(lock, 'utf8')) as { pins: Record<string, string> };
    edit(parsed.pins);
    writeFileSync(lock, JSON.stringify(parsed, null, 4));
  }
  return { dir, lock };
}

describe('the governance latch (--all against invariance.lock.json)', () => {
  it("passes on the repo's own scenarios and pins, canonical first with the spec's two lines", async () => {
    const r = await runCli(['--all']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('ERS INVARIANCE: PASS\nhash: ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16\n\nscenario: ')).toBe(true);
    expect(r.stdout).toContain(`scenario: budget-exhaustion (apps/invariance-check/scenarios/budget-exhaustion.json)\nERS INVARIANCE: PASS\nhash: ${BUDGET_HASH}\n`);
    expect(r.stdout.endsWith('ERS INVARIANCE SUMMARY: PASS (8 scenarios: 8 pass, 0 fail, 0 error)\n')).toBe(true);
  });

  it('passes with every run isolated in a fresh worker', async () => {
    expect((await runCli(['--all', '--isolate', '--runs', '3'])).code).toBe(0);
  });

  it('fails a scenario that moved from its pin, says from what to what and how to re-pin, and changes nothing', async () => {
    const { dir, lock } = lockCopy((pins) => {
      pins['budget-exhaustion'] = OTHER;
    });
    const before = readFileSync(lock, 'utf8');
    const r = await runCli(['--all', '--lock', lock], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        // Repo scenarios are named relative to the repo root, whatever the working folder.
        'scenario: budget-exhaustion (apps/invariance-check/scenarios/budget-exhaustion.json)',
        'ERS INVARIANCE: FAIL',
        `hash: ${BUDGET_HASH}`,
        'pin mismatch: scenario "budget-exhaustion" moved from its pin in invariance.lock.json',
        `  from: ${OTHER}`,
        `  to:   ${BUDGET_HASH}`,
        '  All 12 runs agree, so the scenario is still deterministic: its trace changed.',
        '  If the change is deliberate, re-pin it with: pnpm invariance --all --update --lock invariance.lock.json',
        '  and commit invariance.lock.json together with the change that moved it.',
      ].join('\n'),
    );
    expect(r.stdout).toContain('ERS INVARIANCE SUMMARY: FAIL (8 scenarios: 7 pass, 1 fail, 0 error)');
    expect(readFileSync(lock, 'utf8')).toBe(before);
  });

  it('reports the moved pin in --json', async () => {
    const { dir, lock } = lockCopy((pins) => {
      pins['budget-exhaustion'] = OTHER;
    });
    const r = await runCli(['--all', '--json', '--lock', lock], { cwd: dir });
    const report = JSON.parse(r.stdout) as { exit_code: number; scenarios: { id: string; status: string; pin: unknown; repin_command: string | null }[] };
    expect(report.exit_code).toBe(1);
    const moved = report.scenarios.find((s) => s.id === 'budget-exhaustion');
    expect(moved).toMatchObject({
      status: 'pin_mismatch',
      pin: { status: 'mismatch', pinned: OTHER, actual: BUDGET_HASH, fails: true },
      repin_command: 'pnpm invariance --all --update --lock invariance.lock.json',
    });
    expect(report.scenarios.filter((s) => s.status !== 'pass').map((s) => s.id)).toEqual(['budget-exhaustion']);
  });

  it('--update re-pins deliberately, rewriting the lock in canonical form; the next check passes', async () => {
    const { dir, lock } = lockCopy((pins) => {
      pins['budget-exhaustion'] = OTHER;
    });
    const r = await runCli(['--all', '--update', '--lock', lock], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`hash: ${BUDGET_HASH}\npin: re-pinned in invariance.lock.json (was ${OTHER})\n`);
    expect(r.stdout).toContain('lock: wrote invariance.lock.json\n');
    // Same pins as the repo's lock, so the same bytes (sorted keys, two-space indent, trailing newline).
    expect(readFileSync(lock, 'utf8')).toBe(readFileSync(REPO_LOCK, 'utf8'));
    expect((await runCli(['--all', '--lock', lock], { cwd: dir })).code).toBe(0);
    // Idempotent: updating again writes identical bytes.
    await runCli(['--all', '--update', '--lock', lock], { cwd: dir });
    expect(readFileSync(lock, 'utf8')).toBe(readFileSync(REPO_LOCK, 'utf8'));
  });

  it('fails an unpinned repo scenario under --all and pins it with --update', async () => {
    const { dir, lock } = lockCopy((pins) => {
      delete pins['entropy-budget'];
    });
    const r = await runCli(['--all', '--lock', lock], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unpinned: scenario "entropy-budget" has no pin in invariance.lock.json; every repo scenario must be pinned.\n  Pin it with: pnpm invariance --all --update --lock invariance.lock.json\n');
    expect((await runCli(['--all', '--update', '--lock', lock], { cwd: dir })).stdout).toContain('pin: added to invariance.lock.json');
    expect(readFileSync(lock, 'utf8')).toBe(readFileSync(REPO_LOCK, 'utf8'));
  });

  it('fails a stale pin under --all and drops it with --update', async () => {
    const { dir, lock } = lockCopy((pins) => {
      pins['retired-scenario'] = OTHER;
    });
    const r = await runCli(['--all', '--lock', lock], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'stale pin: "retired-scenario" is pinned in invariance.lock.json but no repo scenario has that id; drop it deliberately with: pnpm invariance --all --update\n',
    );
    const u = await runCli(['--all', '--update', '--lock', lock], { cwd: dir });
    expect(u.code).toBe(0);
    expect(u.stdout).toContain('stale pin: "retired-scenario" dropped from invariance.lock.json\n');
    expect(readFileSync(lock, 'utf8')).toBe(readFileSync(REPO_LOCK, 'utf8'));
  });

  it('only notes an unpinned scenario given by path (no --all), and --update adds just that pin', async () => {
    const dir = tempDir();
    const lock = join(dir, 'custom.lock.json');
    const scenario = join(APP_DIR, 'scenarios', 'budget-exhaustion.json');
    const r = await runCli([scenario, '--lock', lock], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pin: none in custom.lock.json (pin it with: pnpm invariance ');
    expect(existsSync(lock)).toBe(false);
    const u = await runCli([scenario, '--update', '--lock', lock], { cwd: dir });
    expect(u.code).toBe(0);
    expect(readFileSync(lock, 'utf8')).toBe(`{\n  "pins": {\n    "budget-exhaustion": "${BUDGET_HASH}"\n  },\n  "schema": "InvarianceLock.v1"\n}\n`);
  });

  it('--update never pins a drifting scenario and writes nothing', async () => {
    const drifting: Record<string, unknown> = { ...goldenGate('gate-drift-alternating-error') };
    delete drifting.expect_gate;
    const dir = tempDir();
    writeFileSync(join(dir, 'drift.json'), JSON.stringify(drifting));
    const lock = join(dir, 'x.lock.json');
    const r = await runCli(['drift.json', join(APP_DIR, 'scenarios', 'budget-exhaustion.json'), '--update', '--lock', lock], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lock: the lock was not updated: gate-drift-alternating-error did not give one agreed hash\n');
    expect(existsSync(lock)).toBe(false);
  });

  it("fails a scenario named canonical that does not hash to the spec's value, and refuses to re-pin it", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'impostor.json'),
      JSON.stringify({ id: 'canonical', tick: 1, budget_forecast: { ops: 10 }, budget_shadow: { ops: 10 }, tasks: [{ name: 'oracle:signal', lane: 'forecast', priority: 0, cost_ops: 1 }] }),
    );
    const lock = join(dir, 'x.lock.json');
    const r = await runCli(['impostor.json', '--update', '--lock', lock], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ERS INVARIANCE: FAIL\n');
    expect(r.stdout).toContain('spec mismatch: the canonical scenario must hash to ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16 (the spec\'s value),\n');
    expect(r.stdout).toContain("it cannot be re-pinned");
    expect(existsSync(lock)).toBe(false);
  });

  it('exits 2 on a lock that breaks a rule, naming the lock, field and rule', async () => {
    const { dir, lock } = lockCopy((pins) => {
      pins.canonical = OTHER;
    });
    const r = await runCli(['--lock', lock], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `invariance.lock.json: pins.canonical must be the spec's canonical hash ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16 (it cannot be re-pinned); got "${OTHER.slice(0, 57)}..."\n`,
    );
  });

  it('exits 2 on a lock that is not JSON and writes nothing under --update', async () => {
    const dir = tempDir();
    const lock = join(dir, 'invariance.lock.json');
    writeFileSync(lock, '{ not json');
    const r = await runCli(['--all', '--update', '--lock', lock], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^invariance\.lock\.json: \(contents\) must be valid JSON: SyntaxError: /);
    expect(readFileSync(lock, 'utf8')).toBe('{ not json');
  });
});
