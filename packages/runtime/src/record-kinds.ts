/**
 * The names the tick's records are sealed under: the ERS version they carry, and the kinds and
 * schema of the TrendPack and the RunIndex.
 * Owns: those constants. Must not: build or read records.
 */

/** The ERS version a TrendPack's provenance and manifest entry name. */
export const ERS_VERSION = 'v0.2';
/** Manifest kind of a tick's TrendPack. */
export const TRENDPACK_KIND = 'trendpack';
/** Schema of a tick's TrendPack. */
export const TRENDPACK_SCHEMA = 'TrendPack.v0';
/** Manifest kind of a tick's RunIndex. */
export const RUN_INDEX_KIND = 'runindex';
