/**
 * A deep read-only view of a context object: what shadow-lane tasks receive (the shadow lane is
 * observation-only), and what other observers (e.g. the runtime's candidate metrics) can reuse.
 * Reads give what the object itself gives; any write through the view (set, delete, define,
 * prototype change, a mutating built-in method such as `Map.set` or `Date.setTime`), at any depth,
 * throws the error `onWrite` makes for the path written, and the context is never modified.
 * Mechanism (see the README, "The shadow lane"): proxies, one per object per view (so identity
 * holds within the view); built-in methods that need their object's internal slots (Map, Set, Date,
 * RegExp, typed arrays, iterators, …) are bound to the real object, with their arguments unwrapped
 * (so `set.has(view.o)` finds `o`) and their callbacks, results and iterators wrapped; functions
 * reached through the view are views too. A RegExp's `exec`/`test` run on a private copy, so its
 * `lastIndex` in the context never moves.
 * Owns: the read-only proxy. Must not: copy the context (the view is lazy and O(1) to create).
 */

/** Built-in methods that need their receiver's internal slots: bound to the real object. */
const SLOT_METHODS = new Set<unknown>();
/** Those among them that write: refused. */
const MUTATORS = new Set<unknown>();
/** Built-in getters that need their receiver's internal slots (`Map.prototype.size`, typed-array `length`). */
const SLOT_GETTERS = new Set<unknown>();
/** Every built-in function: returned as is (a generic one, e.g. `Array.prototype.map`, then runs through the view). */
const INTRINSICS = new Set<unknown>();
/** RegExp methods: run on the view's private copy of the RegExp. */
const REGEXP_METHODS = new Set<unknown>();
/** The `next` methods of built-in iterators. */
const ITERATOR_STEPS = new Set<unknown>();
/** The prototypes whose methods need internal slots. */
const SLOTTED_PROTOTYPES = new Set<unknown>();

collectIntrinsics();

/**
 * Every view made, to its target: a view of a view binds built-ins to the real object. One map per
 * process, shared through a registered symbol, because each package bundles its own copy of this
 * module: a metric's view (runtime) over a shadow task's view (ers) must still find the real object.
 */
const VIEW_TARGETS: WeakMap<object, object> = sharedViewTargets();

function sharedViewTargets(): WeakMap<object, object> {
  const key = Symbol.for('@abraxas/read-only-view/targets');
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const found = holder[key];
  if (found instanceof WeakMap) return found as WeakMap<object, object>;
  const map = new WeakMap<object, object>();
  if (found === undefined) Object.defineProperty(holder, key, { value: map, enumerable: false, writable: false, configurable: false });
  return map;
}

function realObject(o: object): object {
  let real = o;
  for (let next = VIEW_TARGETS.get(real); next !== undefined; next = VIEW_TARGETS.get(real)) real = next;
  return real;
}

/**
 * Returns a deep read-only view of `context`. A write throws `onWrite(path)`, where `path` reads like
 * `context.cfg.window.size` or `context.lookup (set)`.
 */
export function readOnlyView<T extends object>(context: T, onWrite: (path: string) => Error): T {
  /** Each object's view and the path it was first reached by (one handler serves every view). */
  const entries = new WeakMap<object, { readonly view: object; readonly path: string; readonly slotted: boolean }>();
  let bound: WeakMap<object, Map<unknown, unknown>> | null = null;
  let regexpCopies: WeakMap<RegExp, RegExp> | null = null;

  const refuse = (path: string): never => {
    throw onWrite(path);
  };
  const pathOf = (t: object): string => (entries.get(t) as { path: string }).path;

  const wrap = (value: unknown, path: string): unknown => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
    if (INTRINSICS.has(value)) return value;
    const entry = entries.get(value);
    if (entry !== undefined) return entry.view;
    const behind = VIEW_TARGETS.get(value);
    if (behind !== undefined && entries.get(behind)?.view === value) return value; // already one of ours
    const view = new Proxy(value, typeof value === 'function' ? functionHandler : handler);
    entries.set(value, { view, path, slotted: isSlotted(value) });
    VIEW_TARGETS.set(view, value);
    return view;
  };

  /** What a built-in receives for an argument: the real object for a view, a wrapping callback for a function. */
  const unwrapArg = (arg: unknown, path: string): unknown => {
    if ((typeof arg !== 'object' && typeof arg !== 'function') || arg === null) return arg;
    if (VIEW_TARGETS.has(arg)) return realObject(arg);
    if (typeof arg !== 'function' || INTRINSICS.has(arg)) return arg;
    const callback = arg as (...a: unknown[]) => unknown;
    return function (this: unknown, ...args: unknown[]): unknown {
      return Reflect.apply(callback, wrap(this, path), args.map((a) => wrap(a, path)));
    };
  };

  const regexpCopy = (re: RegExp): RegExp => {
    regexpCopies ??= new WeakMap();
    let copy = regexpCopies.get(re);
    if (copy === undefined) {
      copy = new RegExp(re);
      copy.lastIndex = re.lastIndex;
      regexpCopies.set(re, copy);
    }
    return copy;
  };

  /** `method` of the real object behind `t`, as the view hands it out (one function per object and method). */
  const boundMethod = (t: object, method: (...a: unknown[]) => unknown, key: string): unknown => {
    const target = realObject(t);
    bound ??= new WeakMap();
    let methods = bound.get(target);
    if (methods === undefined) {
      methods = new Map();
      bound.set(target, methods);
    }
    let fn = methods.get(method);
    if (fn === undefined) {
      const path = pathOf(t);
      const receiver = REGEXP_METHODS.has(method) && target instanceof RegExp ? regexpCopy(target) : target;
      const returnsStep = ITERATOR_STEPS.has(method);
      fn = MUTATORS.has(method)
        ? () => refuse(`${path} (${key})`)
        : (...args: unknown[]) => {
            const result: unknown = Reflect.apply(method, receiver, args.map((a) => unwrapArg(a, path)));
            // An iterator step is a fresh { value, done }: only its value needs a view.
            if (returnsStep) {
              const step = result as IteratorResult<unknown>;
              return { value: wrap(step.value, `${path}.${key}()`), done: step.done };
            }
            return wrap(result, `${path}.${key}()`);
          };
      methods.set(method, fn);
    }
    return fn;
  };

  const handler: ProxyHandler<object> = {
    get(t, prop, receiver) {
      const entry = entries.get(t) as { path: string; slotted: boolean };
      let value: unknown;
      if (entry.slotted) {
        const real = realObject(t);
        if (prop === 'lastIndex' && real instanceof RegExp) return regexpCopy(real).lastIndex;
        const found = findProperty(t, prop);
        if (found === undefined) return undefined;
        const { desc } = found;
        if ('value' in desc) {
          value = desc.value;
        } else {
          const getter: unknown = (desc as { get?: unknown }).get;
          if (typeof getter !== 'function') return undefined;
          // A built-in getter reads the real object's slots; any other getter runs with the view as `this`.
          value = Reflect.apply(getter as () => unknown, SLOT_GETTERS.has(getter) ? real : receiver, []);
        }
      } else {
        value = Reflect.get(t, prop, receiver);
      }
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
      if (typeof value === 'function' && SLOT_METHODS.has(value)) {
        return boundMethod(t, value as (...a: unknown[]) => unknown, typeof prop === 'symbol' ? prop.toString() : prop);
      }
      if (INTRINSICS.has(value) || isFixed(t, prop)) return value;
      return wrap(value, `${entry.path}.${typeof prop === 'symbol' ? prop.toString() : prop}`);
    },
    getOwnPropertyDescriptor(t, prop) {
      const desc = Reflect.getOwnPropertyDescriptor(t, prop);
      // Proxy invariant: a non-configurable accessor, or non-configurable non-writable value, is reported as is.
      if (desc === undefined || (desc.configurable === false && (!('value' in desc) || desc.writable === false))) return desc;
      const at = `${pathOf(t)}.${String(prop)}`;
      if ('value' in desc) return { ...desc, value: wrap(desc.value, at) };
      return { ...desc, get: wrap(desc.get, at) as (() => unknown) | undefined, set: wrap(desc.set, at) as ((v: unknown) => void) | undefined };
    },
    set(t, prop) {
      return refuse(`${pathOf(t)}.${String(prop)}`);
    },
    defineProperty(t, prop) {
      return refuse(`${pathOf(t)}.${String(prop)}`);
    },
    deleteProperty(t, prop) {
      return refuse(`${pathOf(t)}.${String(prop)}`);
    },
    setPrototypeOf(t) {
      return refuse(`${pathOf(t)} (prototype)`);
    },
    preventExtensions(t) {
      return refuse(`${pathOf(t)} (preventExtensions)`);
    },
  };

  // A function reached through the view is a view: what it returns (or constructs) is read-only too.
  const functionHandler: ProxyHandler<object> = {
    ...handler,
    apply(t, thisArg, args) {
      return wrap(Reflect.apply(t as (...a: unknown[]) => unknown, thisArg, args), `${pathOf(t)}()`);
    },
    construct(t, args, newTarget) {
      const own = newTarget === entries.get(t)?.view ? t : newTarget;
      return wrap(Reflect.construct(t as new (...a: unknown[]) => object, args, own as new (...a: unknown[]) => object), `new ${pathOf(t)}()`) as object;
    },
  };

  return wrap(context, 'context') as T;
}

/**
 * A non-configurable, non-writable own property must be reported as-is (a Proxy invariant), so the
 * view cannot wrap it: a frozen object's children are exposed unwrapped. Freezing deeply, or not
 * freezing, keeps the guarantee whole.
 */
function isFixed(target: object, prop: PropertyKey): boolean {
  const desc = Reflect.getOwnPropertyDescriptor(target, prop);
  return desc !== undefined && desc.configurable === false && desc.writable === false;
}

/** True when `o` inherits from a prototype whose methods need internal slots (a Map, a Date, ...). */
function isSlotted(o: object): boolean {
  for (let p = Reflect.getPrototypeOf(o); p !== null; p = Reflect.getPrototypeOf(p)) if (SLOTTED_PROTOTYPES.has(p)) return true;
  return false;
}

/** The descriptor `prop` resolves to on `target`'s prototype chain, and the object holding it. */
function findProperty(target: object, prop: PropertyKey): { desc: PropertyDescriptor; owner: object } | undefined {
  let o: object | null = target;
  while (o !== null) {
    const desc = Reflect.getOwnPropertyDescriptor(o, prop);
    if (desc !== undefined) return { desc, owner: o };
    o = Reflect.getPrototypeOf(o);
  }
  return undefined;
}

/**
 * Fills the intrinsic tables from the built-ins of this realm. The prototypes whose methods need
 * internal slots (and which of those methods write) are listed here; every other built-in method
 * is generic (it works through the view, which refuses its writes).
 */
function collectIntrinsics(): void {
  // The Date constructor is only looked at (its methods listed), never called: no clock is read.
  // eslint-disable-next-line no-restricted-globals
  const DateCtor = Date;
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
  const iteratorProtoOf = (it: object): object => Object.getPrototypeOf(it) as object;
  const iteratorProtos = [new Map().entries(), new Set().values(), [].values(), ''[Symbol.iterator](), /x/[Symbol.matchAll]('')].map(iteratorProtoOf);
  const slotted: readonly (readonly [object | undefined, (name: string) => boolean])[] = [
    [Map.prototype, (n) => n === 'set' || n === 'delete' || n === 'clear'],
    [Set.prototype, (n) => n === 'add' || n === 'delete' || n === 'clear'],
    [WeakMap.prototype, (n) => n === 'set' || n === 'delete'],
    [WeakSet.prototype, (n) => n === 'add' || n === 'delete'],
    [DateCtor.prototype, (n) => n.startsWith('set')],
    [RegExp.prototype, (n) => n === 'compile'],
    [typedArrayProto, (n) => ['set', 'fill', 'copyWithin', 'reverse', 'sort'].includes(n)],
    [ArrayBuffer.prototype, (n) => n === 'resize' || n.startsWith('transfer')],
    [typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer.prototype : undefined, (n) => n === 'grow'],
    [DataView.prototype, (n) => n.startsWith('set')],
    [Promise.prototype, () => false],
    [typeof WeakRef === 'function' ? WeakRef.prototype : undefined, () => false],
    [iteratorProtoOf(new Map().entries()), () => false],
    [iteratorProtoOf(new Set().values()), () => false],
    [iteratorProtoOf([].values()), () => false],
    [iteratorProtoOf(''[Symbol.iterator]()), () => false],
    [iteratorProtoOf(/x/[Symbol.matchAll]('')), () => false],
  ];
  for (const [proto, writes] of slotted) {
    if (proto === undefined) continue;
    SLOTTED_PROTOTYPES.add(proto);
    for (const key of Reflect.ownKeys(proto)) {
      const desc = Reflect.getOwnPropertyDescriptor(proto, key) as { value?: unknown; get?: unknown };
      const name = typeof key === 'symbol' ? '' : key;
      if (typeof desc.value === 'function' && key !== 'constructor') {
        SLOT_METHODS.add(desc.value);
        if (writes(name)) MUTATORS.add(desc.value);
        if (proto === RegExp.prototype) REGEXP_METHODS.add(desc.value);
        if (key === 'next' && iteratorProtos.includes(proto)) ITERATOR_STEPS.add(desc.value);
      }
      if (typeof desc.get === 'function') SLOT_GETTERS.add(desc.get);
    }
  }
  const roots: unknown[] = [
    Object, Function, Array, String, Number, Boolean, Symbol, BigInt, Math, JSON, Reflect, DateCtor, RegExp, Map, Set, WeakMap,
    WeakSet, Promise, Error, TypeError, RangeError, ArrayBuffer, DataView, Uint8Array, typedArrayProto, Object.getPrototypeOf(Uint8Array),
    ...slotted.map(([p]) => p),
  ];
  for (const root of roots) {
    if ((typeof root !== 'object' && typeof root !== 'function') || root === null) continue;
    if (typeof root === 'function') INTRINSICS.add(root);
    const holders = [root, (root as { prototype?: unknown }).prototype];
    for (const holder of holders) {
      if ((typeof holder !== 'object' && typeof holder !== 'function') || holder === null) continue;
      for (const key of Reflect.ownKeys(holder)) {
        const desc = Reflect.getOwnPropertyDescriptor(holder, key) as { value?: unknown; get?: unknown; set?: unknown };
        for (const fn of [desc.value, desc.get, desc.set]) if (typeof fn === 'function') INTRINSICS.add(fn);
      }
    }
  }
  for (const fn of SLOT_METHODS) INTRINSICS.add(fn);
}
