/**
 * The backend registry: every backend stablegrad knows, whether it can run here, and why not.
 * The conformance suite, the `stablegrad` command's training and benchmarks, and the packaging
 * checks all find backends through it. Modelled on TensorFlow.js's test environments: one suite,
 * rerun on every registered backend, with explicit per-backend skips.
 *
 * @module
 */
import type { Availability, BackendEntry } from './backend-entry.js';
import type { Backend } from './backend.js';
import { jsBackend } from './js.js';
import { referenceF32, referenceF64 } from './reference.js';

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

  /** Whether `id` is registered. */
  has(id: string): boolean {
    return this.entries.has(id);
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

  /** The ids of the registered backends that can run on this machine, in order. */
  async availableIds(): Promise<string[]> {
    const ids: string[] = [];
    for (const id of this.ids()) if ((await this.get(id).availability()).available) ids.push(id);
    return ids;
  }
}

const always = async (): Promise<Availability> => ({ available: true });

/** The entries of the three backends of `@stablegrad/core`: `reference-f64`, `reference-f32`, `js`. */
export function coreBackendEntries(): BackendEntry[] {
  const core: [Backend, string][] = [
    [referenceF64, 'the rule called per element in float64 (oracle)'],
    [referenceF32, 'the rule called per element, Math.fround after every operation (float32 oracle)'],
    [jsBackend, 'a fused JavaScript loop generated from the traced program'],
  ];
  return core.map(([backend, description]) => ({
    id: backend.id,
    description,
    dtypes: backend.dtypes,
    arithmetic: 'ieee' as const,
    availability: always,
    create: async () => backend,
  }));
}

/**
 * What a module that provides backends exports: the plugin entry point of every adapter
 * (`@stablegrad/tfjs`, `@stablegrad/onnx`, `@stablegrad/native`) and of a user's own backend.
 */
export interface BackendPlugin {
  /** The module's backends, available or not. */
  backendEntries(): readonly BackendEntry[] | Promise<readonly BackendEntry[]>;
}

/**
 * The adapter packages a full registry looks for. They are found by name at run time (a dynamic
 * `import`), not imported by core: each is used when it is installed.
 */
export const DEFAULT_PLUGINS: readonly string[] = ['@stablegrad/tfjs', '@stablegrad/onnx', '@stablegrad/native'];

/** A plugin module that could not be used, and why. */
export interface PluginFailure {
  /** The module specifier. */
  readonly specifier: string;
  /** Why it could not be used. */
  readonly reason: string;
}

/**
 * Imports a module by specifier. Pass `(s) => import(s)` written in your own module so that
 * specifiers resolve from your package (where the adapters are installed), not from core's.
 */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const importFromCore: ModuleImporter = (specifier) => import(specifier);

/**
 * Loads plugin modules by specifier and registers their backends. A module that cannot be loaded
 * is returned with the reason, so the caller can report it instead of dropping it.
 *
 * @param importModule - how to import a specifier (default: resolved from `@stablegrad/core` itself)
 */
export async function loadPlugins(
  registry: BackendRegistry,
  specifiers: readonly string[],
  importModule: ModuleImporter = importFromCore,
): Promise<PluginFailure[]> {
  const failures: PluginFailure[] = [];
  for (const specifier of specifiers) {
    let mod: Partial<BackendPlugin>;
    try {
      mod = (await importModule(specifier)) as Partial<BackendPlugin>;
    } catch (e) {
      failures.push({ specifier, reason: `not loaded: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    if (typeof mod.backendEntries !== 'function') {
      failures.push({ specifier, reason: 'the module does not export backendEntries()' });
      continue;
    }
    for (const entry of await mod.backendEntries()) registry.register(entry);
  }
  return failures;
}

/** A registry holding the core backends. */
export function coreRegistry(): BackendRegistry {
  const r = new BackendRegistry();
  for (const entry of coreBackendEntries()) r.register(entry);
  return r;
}

/**
 * A registry holding the core backends and those of every plugin in `plugins` that is installed
 * (by default the adapters), with the plugins that could not be loaded and why.
 *
 * ```ts
 * const { registry, failures } = await fullRegistry(DEFAULT_PLUGINS, (s) => import(s));
 * ```
 *
 * @param importModule - how to import a plugin (default: resolved from `@stablegrad/core` itself;
 * pass your own `(s) => import(s)` so that the adapters your package depends on are found)
 */
export async function fullRegistry(
  plugins: readonly string[] = DEFAULT_PLUGINS,
  importModule: ModuleImporter = importFromCore,
): Promise<{ readonly registry: BackendRegistry; readonly failures: readonly PluginFailure[] }> {
  const registry = coreRegistry();
  const failures = await loadPlugins(registry, plugins, importModule);
  return { registry, failures };
}
