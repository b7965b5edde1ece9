import { describe, expect, it } from 'vitest';
import { SPEC_CANONICAL_HASH } from '../src/scenario/canonical-scenario.js';
import type { Lock } from '../src/lock/lock-file.js';
import { judgePins } from '../src/lock/pin-check.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const lock: Lock = { schema: 'InvarianceLock.v1', pins: { s: A, old: B } };

describe('judgePins', () => {
  it('passes a scenario whose hash is its pin', () => {
    const j = judgePins([{ id: 's', hash: A }], lock, { update: false, all: false });
    expect(j.verdicts.get('s')).toEqual({ status: 'match', pinned: A, actual: A, fails: false });
    expect(j.nextLock).toBeNull();
  });

  it('fails a scenario that moved, and re-pins it only under --update', () => {
    expect(judgePins([{ id: 's', hash: B }], lock, { update: false, all: false }).verdicts.get('s')).toEqual({
      status: 'mismatch',
      pinned: A,
      actual: B,
      fails: true,
    });
    const j = judgePins([{ id: 's', hash: B }], lock, { update: true, all: false });
    expect(j.verdicts.get('s')).toEqual({ status: 'updated', pinned: A, actual: B, fails: false });
    expect(j.nextLock).toEqual({ schema: 'InvarianceLock.v1', pins: { s: B, old: B } });
  });

  it('notes an unpinned scenario, and fails it under --all', () => {
    expect(judgePins([{ id: 'new', hash: A }], lock, { update: false, all: false }).verdicts.get('new')?.fails).toBe(false);
    expect(judgePins([{ id: 'new', hash: A }, { id: 's', hash: A }, { id: 'old', hash: B }], lock, { update: false, all: true }).verdicts.get('new')).toEqual({
      status: 'unpinned',
      pinned: null,
      actual: A,
      fails: true,
    });
  });

  it('finds stale pins under --all only, and drops them under --update', () => {
    expect(judgePins([{ id: 's', hash: A }], lock, { update: false, all: false }).stale).toEqual([]);
    const j = judgePins([{ id: 's', hash: A }], lock, { update: false, all: true });
    expect(j.stale).toEqual(['old']);
    expect(j.staleFails).toBe(true);
    const u = judgePins([{ id: 's', hash: A }], lock, { update: true, all: true });
    expect(u.staleFails).toBe(false);
    expect(u.nextLock).toEqual({ schema: 'InvarianceLock.v1', pins: { s: A } });
  });

  it('never pins a drifting scenario: --update then writes nothing at all', () => {
    const j = judgePins([{ id: 's', hash: B }, { id: 'drifty', hash: null }], lock, { update: true, all: false });
    expect(j.nextLock).toBeNull();
    expect(j.updateRefused).toBe('the lock was not updated: drifty did not give one agreed hash');
    expect(j.verdicts.get('s')?.status).toBe('mismatch');
    expect(j.verdicts.get('drifty')?.status).toBe('unchecked');
  });

  it("holds the canonical scenario to the spec's hash whatever the lock says, and never re-pins it", () => {
    expect(judgePins([{ id: 'canonical', hash: SPEC_CANONICAL_HASH }], null, { update: false, all: false }).verdicts.get('canonical')).toEqual({
      status: 'match',
      pinned: SPEC_CANONICAL_HASH,
      actual: SPEC_CANONICAL_HASH,
      fails: false,
    });
    const moved = judgePins([{ id: 'canonical', hash: A }], null, { update: true, all: false });
    expect(moved.verdicts.get('canonical')).toEqual({ status: 'spec_mismatch', pinned: SPEC_CANONICAL_HASH, actual: A, fails: true });
    expect(moved.nextLock).toBeNull();
  });

  it('adds the canonical pin to a lock that lacks it under --update', () => {
    const j = judgePins([{ id: 'canonical', hash: SPEC_CANONICAL_HASH }], null, { update: true, all: false });
    expect(j.verdicts.get('canonical')?.status).toBe('added');
    expect(j.nextLock).toEqual({ schema: 'InvarianceLock.v1', pins: { canonical: SPEC_CANONICAL_HASH } });
  });
});
