/** @abraxas/ers/bindings — the two task bindings, also exported from the package root. */
export {
  bindCallable,
  bindRuneInvoke,
  type BindCallableOptions,
  type BindRuneInvokeOptions,
  type NotComputable,
} from './bindings.js';
