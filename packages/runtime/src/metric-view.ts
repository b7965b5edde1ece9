/**
 * The read-only view of the tick context that metric tasks receive, in every stage and lane. A
 * candidate metric is observation-only until promoted, and even then its value reaches the
 * pipeline through the tick result (`promotion.consumed`), not through the context: so any write
 * through the view (set, delete, define, prototype change, Map/Set mutation, at any depth) throws
 * a `MetricWriteError`, which the scheduler records as the metric task's error.
 * (The scheduler gives shadow-lane tasks a view of its own; canary and promoted metrics run in the
 * forecast lane, whose tasks see the context itself, hence this view.)
 * Owns: the metric tasks' read-only proxy. Must not: copy the context (the view is lazy, O(1) to create).
 */
import { MetricWriteError } from './errors.js';

const MUTATING_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'delete', 'clear']);

/** A deep read-only view of `context` for the metric task `task`. */
export function metricView<T extends object>(context: T, task: string): T {
  const views = new WeakMap<object, object>();

  const refuse = (path: string): never => {
    throw new MetricWriteError(
      `metric task ${JSON.stringify(task)} cannot write ${path}: metrics observe the tick; a promoted metric's value reaches the pipeline through the tick result`,
    );
  };

  const wrap = (value: unknown, path: string): unknown => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
    const cached = views.get(value);
    if (cached !== undefined) return cached;
    const view = makeView(value, path);
    views.set(value, view);
    return view;
  };

  const makeView = (target: object, path: string): object => {
    const collection = target instanceof Map || target instanceof Set || target instanceof WeakMap || target instanceof WeakSet;
    return new Proxy(target, {
      get(t, prop) {
        // Read through the real object, so getters and internal slots (Map, Set, Date) work.
        const value: unknown = Reflect.get(t, prop, t);
        const key = typeof prop === 'symbol' ? prop.toString() : prop;
        if (collection && typeof value === 'function') {
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
      set: (_t, prop) => refuse(`${path}.${String(prop)}`),
      defineProperty: (_t, prop) => refuse(`${path}.${String(prop)}`),
      deleteProperty: (_t, prop) => refuse(`${path}.${String(prop)}`),
      setPrototypeOf: () => refuse(`${path} (prototype)`),
      preventExtensions: () => refuse(`${path} (preventExtensions)`),
    });
  };

  return wrap(context, 'context') as T;
}

/** A non-configurable, non-writable property must be reported as is (a Proxy invariant): it cannot be wrapped. */
function isFixed(target: object, prop: PropertyKey): boolean {
  const desc = Reflect.getOwnPropertyDescriptor(target, prop);
  return desc !== undefined && desc.configurable === false && desc.writable === false;
}
