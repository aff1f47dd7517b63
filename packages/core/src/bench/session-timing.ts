/**
 * Where the time of a spectral projection goes: a `LinAlg` whose spectral sessions time their
 * methods, for the benchmark's breakdown of a warm step.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';
import type { SpectralSession } from '../linalg/spectral-session.js';

/** The session methods a breakdown names; the time of the others (opening, `basis`, `dispose`) and of core's host work is the rest. */
export const TIMED_METHODS = ['filter', 'rayleighRitz', 'residualNormSquared', 'complementLanczos', 'project'] as const;

/** One of {@link TIMED_METHODS}. */
export type TimedMethod = (typeof TIMED_METHODS)[number];

/**
 * `la` with sessions that add the milliseconds each call of a {@link TIMED_METHODS} method takes
 * to `spent` (keyed by the method's name). On a device that queues its work (CUDA) a method's
 * time lands in the first later call that waits for the device.
 */
export function timedLinAlg<Tn>(la: LinAlg<Tn>, spent: Map<TimedMethod, number>): LinAlg<Tn> {
  const timed = (session: SpectralSession<Tn>): SpectralSession<Tn> =>
    new Proxy(session, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (!(TIMED_METHODS as readonly PropertyKey[]).includes(property)) return method.bind(target);
        const name = property as TimedMethod;
        return (...args: unknown[]) => {
          const start = performance.now();
          try {
            return method.apply(target, args);
          } finally {
            spent.set(name, (spent.get(name) ?? 0) + performance.now() - start);
          }
        };
      },
    });
  return new Proxy(la, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'spectralSession' || typeof value !== 'function') return value;
      const open = value as LinAlg<Tn>['spectralSession'];
      return (W: Tn, seed: number) => timed(open.call(target, W, seed));
    },
  });
}
