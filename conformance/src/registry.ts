/**
 * The backend registry: every backend the suite can run, whether it is available here, and why
 * not. Modelled on TensorFlow.js's test environments: one suite, rerun on every registered
 * backend, with explicit per-backend skips.
 *
 * @module
 */
import { jsBackend, referenceF32, referenceF64, type Backend, type DType } from '@stablegrad/core';

/** Whether a backend can run here; when not, why. */
export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string };

/** A backend as the suite knows it. */
export interface BackendEntry {
  /** Stable id, such as `js` or `tfjs-cpu`. */
  readonly id: string;
  /** One line on what it is. */
  readonly description: string;
  /** The dtypes it computes in. */
  readonly dtypes: readonly DType[];
  /**
   * ULP bound against `reference-f32` in equivalence mode: 0 for strict backends; a "fast" backend
   * states its measured bound and the reason here.
   */
  readonly ulpBound?: { readonly ulp: number; readonly reason: string };
  /** Reports whether the backend can run on this machine. */
  availability(): Promise<Availability>;
  /** Creates the backend; called only when available. */
  create(): Promise<Backend<any>>;
}

/** A set of backend entries, in registration order. */
export class BackendRegistry {
  private readonly entries = new Map<string, BackendEntry>();

  /**
   * Adds a backend.
   *
   * @throws Error when the id is already registered
   */
  register(entry: BackendEntry): void {
    if (this.entries.has(entry.id)) throw new Error(`backend '${entry.id}' is already registered`);
    this.entries.set(entry.id, entry);
  }

  /** Every registered id, in order. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * The entry for `id`.
   *
   * @throws RangeError listing the registered ids
   */
  get(id: string): BackendEntry {
    const e = this.entries.get(id);
    if (!e) throw new RangeError(`backends: unknown backend '${id}'; registered: ${this.ids().join(', ')}`);
    return e;
  }
}

const always = async (): Promise<Availability> => ({ available: true });

/** Registers the three backends of `@stablegrad/core`. */
export function registerCoreBackends(registry: BackendRegistry): void {
  const core: [Backend, string][] = [
    [referenceF64, 'the rule called per element in float64 (oracle)'],
    [referenceF32, 'the rule called per element, Math.fround after every operation (float32 oracle)'],
    [jsBackend, 'a fused JavaScript loop generated from the traced program'],
  ];
  for (const [backend, description] of core) {
    registry.register({
      id: backend.id,
      description,
      dtypes: backend.dtypes,
      availability: always,
      create: async () => backend,
    });
  }
}

/**
 * A module that registers more backends: it exports
 * `registerConformanceBackends(registry: BackendRegistry): void | Promise<void>`.
 * The adapters (`@stablegrad/tfjs`, `@stablegrad/onnx`, `@stablegrad/native`) ship one.
 */
export interface BackendPlugin {
  /** Registers the module's backends. */
  registerConformanceBackends(registry: BackendRegistry): void | Promise<void>;
}

/**
 * Loads plugin modules by specifier and lets each register its backends. A module that cannot be
 * loaded is returned with the reason, so the caller can report it instead of dropping it.
 */
export async function loadPlugins(
  registry: BackendRegistry,
  specifiers: readonly string[],
): Promise<{ readonly specifier: string; readonly reason: string }[]> {
  const failures: { specifier: string; reason: string }[] = [];
  for (const specifier of specifiers) {
    try {
      const mod = (await import(specifier)) as Partial<BackendPlugin>;
      if (typeof mod.registerConformanceBackends !== 'function') {
        failures.push({ specifier, reason: 'the module does not export registerConformanceBackends(registry)' });
        continue;
      }
      await mod.registerConformanceBackends(registry);
    } catch (e) {
      failures.push({ specifier, reason: `cannot be loaded: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  return failures;
}

/** A registry holding the core backends. */
export function defaultRegistry(): BackendRegistry {
  const r = new BackendRegistry();
  registerCoreBackends(r);
  return r;
}
