/**
 * Registered brands: how @abraxas/ers recognises its own values across copies of itself. The ESM
 * and CommonJS builds, two installed versions, or a bundle and a package each define their own
 * `Budget` and error classes; a plain `instanceof` would refuse a value made by the other copy. Each
 * branded class carries a `Symbol.for` key (the global symbol registry is shared by every copy in a
 * realm) and answers `instanceof` by that brand.
 * Owns: the brand keys and the brand test. Must not: validate anything beyond the brand.
 */

/** The registry key of a brand: `@abraxas/ers.<ClassName>`. */
export function brandKey(name: string): symbol {
  return Symbol.for(`@abraxas/ers.${name}`);
}

/** Marks `proto` (a class prototype) with the brand `key`, non-enumerable and fixed. */
export function setBrand(proto: object, key: symbol): void {
  Object.defineProperty(proto, key, { value: true, enumerable: false, writable: false, configurable: false });
}

/** True when `value` is an object whose prototype chain carries the brand `key`. */
export function hasBrand(value: unknown, key: symbol): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  return (value as { [k: symbol]: unknown })[key] === true;
}
