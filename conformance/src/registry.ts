/**
 * The backend registry as this package's command and tests see it: core's full registry, with
 * plugins resolved from this package and plugin paths from the working directory.
 *
 * @module
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_PLUGINS, fullRegistry, type BackendRegistry, type PluginFailure } from '@stablegrad/core';

/** Imports a plugin: a package name resolved from here, a path (`./x.js`, `/x.js`) from the working directory. */
function importPlugin(specifier: string): Promise<unknown> {
  const isPath = specifier.startsWith('.') || specifier.startsWith('/');
  return import(isPath ? pathToFileURL(resolve(specifier)).href : specifier);
}

/** This package's plugin of the backends that run in headless Chromium (`tfjs-webgl`, `onnx-web-wasm`, ...). */
export const BROWSER_PLUGIN = '@stablegrad/conformance/browser';

/**
 * Core's backends, those of every installed adapter, the browser backends of this package, and
 * those of the `plugins` given (modules exporting `backendEntries()`), with the plugins that could
 * not be loaded and why.
 */
export function conformanceRegistry(
  plugins: readonly string[] = [],
): Promise<{ readonly registry: BackendRegistry; readonly failures: readonly PluginFailure[] }> {
  return fullRegistry([...DEFAULT_PLUGINS, BROWSER_PLUGIN, ...plugins], importPlugin);
}
