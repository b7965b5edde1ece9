/**
 * A deep read-only view of a context object: what shadow-lane tasks receive (the shadow lane is
 * observation-only), and what other observers (e.g. the runtime's candidate metrics) can reuse.
 * Any write through the view (set, delete, define, prototype change, Map/Set mutation), at any
 * depth, throws the error `onWrite` makes for the path written; the context itself is never
 * modified through the view.
 * Owns: the read-only proxy. Must not: copy the context (the view is lazy and O(1) to create).
 */

const MUTATING_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'delete', 'clear']);

/**
 * Returns a deep read-only view of `context`. A write throws `onWrite(path)`, where `path` reads like
 * `context.cfg.window.size` or `context.lookup (set)`.
 */
export function readOnlyView<T extends object>(context: T, onWrite: (path: string) => Error): T {
  const views = new WeakMap<object, object>();

  const wrap = (value: unknown, path: string): unknown => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
    const cached = views.get(value);
    if (cached !== undefined) return cached;
    const view = makeView(value, path);
    views.set(value, view);
    return view;
  };

  const refuse = (path: string): never => {
    throw onWrite(path);
  };

  const makeView = (target: object, path: string): object => {
    const isCollection = target instanceof Map || target instanceof Set || target instanceof WeakMap || target instanceof WeakSet;
    return new Proxy(target, {
      get(t, prop, _receiver) {
        // Read through the real object so getters and internal slots (Map, Set, Date) work.
        const value: unknown = Reflect.get(t, prop, t);
        const key = typeof prop === 'symbol' ? prop.toString() : prop;
        if (isCollection && typeof value === 'function') {
          if (MUTATING_METHODS.has(key)) return () => refuse(`${path} (${key})`);
          const method = value as (...args: unknown[]) => unknown;
          return (...args: unknown[]) => wrap(method.apply(t, args), `${path}.${key}()`);
        }
        if (typeof value === 'function' || isFixed(t, prop)) return value;
        return wrap(value, `${path}.${key}`);
      },
      getOwnPropertyDescriptor(t, prop) {
        const desc = Reflect.getOwnPropertyDescriptor(t, prop);
        if (desc === undefined || !('value' in desc) || isFixed(t, prop)) return desc;
        return { ...desc, value: wrap(desc.value, `${path}.${String(prop)}`) };
      },
      set(_t, prop) {
        return refuse(`${path}.${String(prop)}`);
      },
      defineProperty(_t, prop) {
        return refuse(`${path}.${String(prop)}`);
      },
      deleteProperty(_t, prop) {
        return refuse(`${path}.${String(prop)}`);
      },
      setPrototypeOf() {
        return refuse(`${path} (prototype)`);
      },
      preventExtensions() {
        return refuse(`${path} (preventExtensions)`);
      },
    });
  };

  return wrap(context, 'context') as T;
}

/**
 * A non-configurable, non-writable property must be reported as-is (a Proxy invariant), so the
 * view cannot wrap it: a frozen object's children are exposed unwrapped. Freezing deeply, or not
 * freezing, keeps the guarantee whole.
 */
function isFixed(target: object, prop: PropertyKey): boolean {
  const desc = Reflect.getOwnPropertyDescriptor(target, prop);
  return desc !== undefined && desc.configurable === false && desc.writable === false;
}
