/**
 * Where the time of a spectral projection goes: a `LinAlg` whose spectral sessions time their
 * methods, for the benchmark's breakdown of a warm step.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';
import type { SpectralSession } from '../linalg/spectral-session.js';
import { workRecorder, type SessionWork } from './session-work.js';

/** The session methods a breakdown names; the time of the others (opening, `basis`, `dispose`) and of core's host work is the rest. */
export const TIMED_METHODS = ['filter', 'rayleighRitz', 'residualNormSquared', 'complementLanczos', 'project'] as const;

/** One of {@link TIMED_METHODS}. */
export type TimedMethod = (typeof TIMED_METHODS)[number];

/**
 * `la` with sessions that add the milliseconds each call of a {@link TIMED_METHODS} method takes
 * to `spent` (keyed by the method's name) and, when `work` is given, count the dense work of
 * every successful call into it ({@link workRecorder}). On a device that queues its work (CUDA) a
 * method's time lands in the first later call that waits for the device.
 */
export function timedLinAlg<Tn>(la: LinAlg<Tn>, spent: Map<TimedMethod, number>, work?: SessionWork): LinAlg<Tn> {
  const timed = (session: SpectralSession<Tn>): SpectralSession<Tn> => {
    const record = work === undefined ? undefined : workRecorder(work, session.m, session.n);
    return new Proxy(session, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        const isTimed = (TIMED_METHODS as readonly PropertyKey[]).includes(property);
        if (!isTimed && record === undefined) return method.bind(target);
        return (...args: unknown[]) => {
          const start = performance.now();
          let result: unknown;
          try {
            result = method.apply(target, args);
          } finally {
            if (isTimed) spent.set(property as TimedMethod, (spent.get(property as TimedMethod) ?? 0) + performance.now() - start);
          }
          record?.(String(property), target as SpectralSession<unknown>, args, result);
          return result;
        };
      },
    });
  };
  return new Proxy(la, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'spectralSession' || typeof value !== 'function') return value;
      const open = value as LinAlg<Tn>['spectralSession'];
      return (W: Tn, seed: number) => timed(open.call(target, W, seed));
    },
  });
}
