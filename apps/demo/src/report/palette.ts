/**
 * The report's status vocabulary: a label and a CSS class per ERS status, and a glyph for the
 * statuses that need attention. Colours live in style.ts under these classes.
 * Owns: status naming in the report. Must not: render.
 */
import type { Status } from '@abraxas/ers';

export const STATUS_LABEL: { readonly [S in Status]: string } = {
  ok: 'ok',
  error: 'error',
  skipped_budget: 'skipped (budget)',
  not_computable: 'not computable',
};

/** A mark drawn on error and skip cells, so they read without colour too. */
export const STATUS_GLYPH: { readonly [S in Status]: string } = {
  ok: '',
  error: '✕',
  skipped_budget: '⊘',
  not_computable: '?',
};

