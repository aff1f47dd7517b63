// node backend-step.mjs <backend id>: the SDProp case on one backend, through core's Optimizer.
import { jsBackend } from '@stablegrad/core';
import { report, trajectory } from './sdprop-case.mjs';

const BACKENDS = {
  js: async () => jsBackend,
  'onnx-cpu': async () => (await import('@stablegrad/onnx')).onnxBackend(),
  'native-cpu': async () => {
    const { nativeAvailability, nativeBackend } = await import('@stablegrad/native');
    const availability = nativeAvailability('cpu');
    if (!availability.available) throw new Error(availability.reason);
    return nativeBackend({ device: 'cpu' });
  },
};

const id = process.argv[2];
const create = BACKENDS[id];
if (!create) throw new Error(`unknown backend ${id}; expected one of ${Object.keys(BACKENDS).join(', ')}`);
const backend = await create();
report(backend.id, trajectory(backend));
backend.dispose?.();
