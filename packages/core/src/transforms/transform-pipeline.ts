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

/** What {@link transformGradients} returns. */
export interface TransformedGradients<Tn> {
  /** The groups, with their gradients replaced by the transformed ones. */
  readonly groups: readonly StepGroup<Tn>[];
  /** The global norm of the incoming gradients, when measured. */
  readonly gradNorm?: number;
  /** The gradient tensors the transforms created (not given, not shared): the caller frees them. */
  readonly created: readonly Tn[];
}

/**
 * Runs `compiled.transforms` over the gradients of `groups` in order, through the backend's linear
 * algebra, and returns the groups with their gradients replaced, the global norm of the incoming
 * gradients (from the first transform when it measured one, otherwise computed when
 * `compiled.reportGradNorm` asks for it), and the tensors it created. When a transform throws,
 * the tensors made so far are freed ({@link LinAlg.dispose}) before the error propagates.
 *
 * @param names - the parameter name of each group, as transforms name gradients in errors
 */
export function transformGradients<Tn>(
  compiled: CompiledRule,
  la: LinAlg<Tn>,
  groups: readonly StepGroup<Tn>[],
  names: readonly string[] = groups.map((_, i) => String(i)),
): TransformedGradients<Tn> {
  const { transforms, reportGradNorm } = compiled;
  const incoming: Tn[] = groups.map((g) => g.grad as Tn);
  if (transforms.length === 0) {
    return reportGradNorm ? { groups, gradNorm: globalNorm(la, incoming), created: [] } : { groups, created: [] };
  }
  const given = new Set<Tn>(incoming);
  const made = new Set<Tn>();
  let grads: Record<string, Tn> = Object.fromEntries(names.map((n, i) => [n, incoming[i]!]));
  let gradNorm: number | undefined;
  try {
    transforms.forEach((transform, k) => {
      const r = transform.apply(la, grads);
      if (k === 0) gradNorm = r.norm;
      for (const t of Object.values(r.grads)) if (!given.has(t)) made.add(t);
      grads = r.grads;
    });
    if (gradNorm === undefined && reportGradNorm) gradNorm = globalNorm(la, incoming);
  } catch (e) {
    for (const t of made) la.dispose?.(t);
    throw e;
  }
  const final = new Set<Tn>(names.map((n) => grads[n] as Tn));
  for (const t of made) if (!final.has(t)) la.dispose?.(t);
  const created = [...made].filter((t) => final.has(t));
  const out = groups.map((g, i) => ({ ...g, grad: grads[names[i]!]! }));
  return gradNorm === undefined ? { groups: out, created } : { groups: out, gradNorm, created };
}

/**
 * A {@link StepKernel} that runs the gradient transforms on the host ({@link transformGradients})
 * and then `update`, freeing the gradients the transforms created once the update is done (or has
 * failed): how every backend that does not fuse transforms into its step runs them.
 */
export function hostTransformKernel<Tn>(compiled: CompiledRule, la: LinAlg<Tn>, update: UpdateRun<Tn>): StepKernel<Tn> {
  return {
    run(groups, scalars, inPlace = false, names?): StepOutcome<Tn> {
      const t = transformGradients(compiled, la, groups, names);
      try {
        const outputs = update(t.groups, scalars, inPlace);
        return t.gradNorm === undefined ? { outputs } : { outputs, gradNorm: t.gradNorm };
      } finally {
        for (const g of t.created) la.dispose?.(g);
      }
    },
  };
}
