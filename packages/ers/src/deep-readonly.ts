/**
 * `DeepReadonly<T>`: the type of what an observer sees of a context — shadow-lane tasks and the
 * runtime's metrics get a read-only view (`readOnlyView`), and this is its type: no property, at
 * any depth, can be assigned, and Maps, Sets and arrays lose their mutating methods.
 * Owns: the type only. Must not: hold logic (the runtime guarantee is `readOnlyView`'s).
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends ReadonlyMap<infer K, infer V>
    ? ReadonlyMap<DeepReadonly<K>, DeepReadonly<V>>
    : T extends ReadonlySet<infer V>
      ? ReadonlySet<DeepReadonly<V>>
      : T extends object
        ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
        : T;
