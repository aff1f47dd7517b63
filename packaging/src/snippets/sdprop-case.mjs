// A small SDProp problem shared by the snippets, and its trajectory on core's float32 reference.
import { Optimizer, hostTensor, referenceF32 } from '@stablegrad/core';

export const SHAPE = [2, 3];
export const INIT = [0.5, -1.25, 2, 1e-3, -3, 0.75];
export const GRADS = [
  [0.1, -0.2, 0.3, -1e-4, 2, 0],
  [0.05, 0.4, -0.3, 1e-4, -1, 0.5],
  [-0.2, 0.1, 0.3, 2e-4, 0.5, -0.5],
];
export const HYPER = { lr: 0.01, gamma: 0.9, eps: 1e-8 };

/** The parameter after each step of GRADS, with core's Optimizer on `backend`. */
export function trajectory(backend) {
  const opt = new Optimizer('sdprop', HYPER, { backend });
  const tensor = (data) => backend.fromHost(hostTensor(SHAPE, data), 'float32');
  let params = { w: tensor(INIT) };
  let state = opt.init(params);
  return GRADS.map((g) => {
    ({ params, state } = opt.step({ w: tensor(g) }, state, params));
    return Array.from(backend.toHost(params.w).data);
  });
}

/**
 * Prints the case, the steps computed on backend `id`, those of reference-f32 and any `extra`
 * fields as one line of JSON.
 */
export function report(id, steps, extra = {}) {
  const reference = trajectory(referenceF32);
  console.log(JSON.stringify({ id, hyper: HYPER, init: INIT, grads: GRADS, steps, reference, ...extra }));
}
