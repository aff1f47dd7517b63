/**
 * The backend registry: every backend the suite can run, whether it is available here, and why
 * not. Modelled on TensorFlow.js's test environments: one suite, rerun on every registered
 * backend, with explicit per-backend skips.
 *
 * @module
 */
import { jsBackend, referenceF32, referenceF64, type Availability, type Backend, type BackendEntry } from '@stablegrad/core';

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
    registry.register({ id: backend.id, description, dtypes: backend.dtypes, arithmetic: 'ieee', availability: always, create: async () => backend });
  }
}

/**
 * A module that provides more backends: it exports `conformanceBackends()`. The adapters
 * (`@stablegrad/tfjs`, `@stablegrad/onnx`, ...) are such modules.
 */
export interface BackendPlugin {
  /** The module's backends, available or not. */
  conformanceBackends(): readonly BackendEntry[] | Promise<readonly BackendEntry[]>;
}

/** The adapter packages the suite looks for by default; each is used when it is installed. */
export const DEFAULT_PLUGINS: readonly string[] = ['@stablegrad/tfjs', '@stablegrad/onnx', '@stablegrad/native', '@stablegrad/conformance/browser'];

/**
 * Loads plugin modules by specifier and registers their backends. A module that cannot be loaded
 * is returned with the reason, so the caller can report it instead of dropping it.
 */
export async function loadPlugins(
  registry: BackendRegistry,
  specifiers: readonly string[],
): Promise<{ readonly specifier: string; readonly reason: string }[]> {
  const failures: { specifier: string; reason: string }[] = [];
  for (const specifier of specifiers) {
    let mod: Partial<BackendPlugin>;
    try {
      mod = (await import(specifier)) as Partial<BackendPlugin>;
    } catch (e) {
      failures.push({ specifier, reason: `not loaded: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    if (typeof mod.conformanceBackends !== 'function') {
      failures.push({ specifier, reason: 'the module does not export conformanceBackends()' });
      continue;
    }
    for (const entry of await mod.conformanceBackends()) registry.register(entry);
  }
  return failures;
}

/** A registry holding the core backends. */
export function defaultRegistry(): BackendRegistry {
  const r = new BackendRegistry();
  registerCoreBackends(r);
  return r;
}

/**
 * A registry holding the core backends and those of every installed default plugin, with the
 * plugins that could not be loaded and why.
 */
export async function fullRegistry(
  plugins: readonly string[] = DEFAULT_PLUGINS,
): Promise<{ readonly registry: BackendRegistry; readonly failures: readonly { readonly specifier: string; readonly reason: string }[] }> {
  const registry = defaultRegistry();
  const failures = await loadPlugins(registry, plugins);
  return { registry, failures };
}

/** The ids of the registered backends that can run on this machine, in order. */
export async function availableIds(registry: BackendRegistry): Promise<string[]> {
  const ids: string[] = [];
  for (const id of registry.ids()) if ((await registry.get(id).availability()).available) ids.push(id);
  return ids;
}
