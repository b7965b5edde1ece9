import { base } from '@abraxas/eslint-config';

// test-artifacts/ holds files the tests write (e.g. the README's examples); they are not source.
export default [{ ignores: ['test-artifacts/**'] }, ...base(import.meta.dirname)];
