/**
 * Gradient transforms run on the host before a step kernel's update, for backends that do not
 * fuse them into their own step.
 *
 * @module
 */
import type { CompiledRule, StepGroup, StepKernel, StepOutcome } from '../backends/backend.js';
import type { LinAlg } from '../linalg/linalg.js';
import { globalNorm } from './global-norm.js';

/** The update part of a step kernel: the rule over groups whose gradients are final. */
export type UpdateRun<Tn> = (groups: readonly StepGroup<Tn>[], scalars: Readonly<Record<string, number>>, inPlace: boolean) => Record<string, Tn>[];

/**
 * Runs `compiled.transforms` over the gradients of `groups` in order, through the backend's linear
 * algebra, and returns the groups with their gradients replaced and the global norm of the
 * incoming gradients (from the first transform when it measured one, otherwise computed when
 * `compiled.reportGradNorm` asks for it).
 */
export function transformGradients<Tn>(
  compiled: CompiledRule,
  la: LinAlg<Tn>,
  groups: readonly StepGroup<Tn>[],
): { readonly groups: readonly StepGroup<Tn>[]; readonly gradNorm?: number } {
  const { transforms, reportGradNorm } = compiled;
  if (transforms.length === 0) {
    return reportGradNorm ? { groups, gradNorm: globalNorm(la, groups.map((g) => g.grad!)) } : { groups };
  }
  let grads: Record<string, Tn> = Object.fromEntries(groups.map((g, i) => [String(i), g.grad!]));
  let gradNorm: number | undefined;
  transforms.forEach((transform, k) => {
    const r = transform.apply(la, grads);
    if (k === 0) gradNorm = r.norm;
    grads = r.grads;
  });
  if (gradNorm === undefined && reportGradNorm) gradNorm = globalNorm(la, groups.map((g) => g.grad!));
  const out = groups.map((g, i) => ({ ...g, grad: grads[String(i)]! }));
  return gradNorm === undefined ? { groups: out } : { groups: out, gradNorm };
}

/**
 * A {@link StepKernel} that runs the gradient transforms on the host ({@link transformGradients})
 * and then `update`: how every backend that does not fuse transforms into its step runs them.
 */
export function hostTransformKernel<Tn>(compiled: CompiledRule, la: LinAlg<Tn>, update: UpdateRun<Tn>): StepKernel<Tn> {
  return {
    run(groups, scalars, inPlace = false): StepOutcome<Tn> {
      const t = transformGradients(compiled, la, groups);
      const outputs = update(t.groups, scalars, inPlace);
      return t.gradNorm === undefined ? { outputs } : { outputs, gradNorm: t.gradNorm };
    },
  };
}
