/**
 * The machine and versions recorded in a report.
 *
 * @module
 */
import { cpus } from 'node:os';
import { packageVersions } from './package-versions.js';
import type { Environment } from '../report/schema.js';
import type { ResolvedStepBackend } from '../train/step-backend.js';
import type { ResolvedTfjsBackend } from '../train/tfjs-backend.js';

/** This machine, Node and the installed stablegrad and TensorFlow.js packages. */
export async function collectEnvironment(step: ResolvedStepBackend, tfjs: ResolvedTfjsBackend): Promise<Environment> {
  const cpu = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    tfjsBackend: tfjs.name,
    tfjsBackendReason: tfjs.reason,
    stepBackend: step.id,
    stepBackendReason: step.reason,
    versions: await packageVersions(),
  };
}
