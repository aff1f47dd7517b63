// node backend-step.mjs <backend id>: the SDProp case on one backend of core's registry, through core's Optimizer.
import { DEFAULT_PLUGINS, fullRegistry } from '@stablegrad/core';
import { report, trajectory } from './sdprop-case.mjs';

const id = process.argv[2];
const { registry } = await fullRegistry(DEFAULT_PLUGINS, (s) => import(s));
const entry = registry.get(id);
const availability = await entry.availability();
if (!availability.available) throw new Error(`${id}: ${availability.reason}`);
const backend = await entry.create();
report(backend.id, trajectory(backend));
backend.dispose?.();
