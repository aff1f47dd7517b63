/**
 * A fuzz run: seeded calls of the addon's public API (tensors, linear algebra, steps, spectral
 * sessions), each judged against what it must do, with the addon's count of live tensors checked
 * against the model after every call made while no async step is pending. Run it in a child process ({@link fuzzInChild}) so that a crash is
 * caught and reported with the seed and the call.
 *
 * @module
 */
import { nativeAvailability } from '../backend/availability.js';
import { nativeBackend } from '../backend/native-backend.js';
import { liveTensors } from '../tensor/native-tensor.js';
import type { Call, FuzzContext } from './context.js';
import { lowRankUpdateCall, multiplyCall, scaleCall, sumOfSquaresCall } from './linalg-calls.js';
import { Model } from './model.js';
import { verdict, type Expectation, type Outcome } from './outcome.js';
import { Random } from './random.js';
import { MAX_SESSIONS, openSessionCall, sessionCall } from './session-calls.js';
import { compileCall, stepCall } from './step-calls.js';
import { backendCall, backendMethodCall, cloneCall, copyFromCall, disposeCall, fromHostCall, readCall, zerosCall } from './tensor-calls.js';

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Selects the sequence of calls. */
  readonly seed: number;
  /** How many calls to make. */
  readonly calls: number;
  /** Called before each call runs. */
  readonly onCall?: (index: number, kind: string, text: string) => void;
  /** Called for each call that did not do what it must. */
  readonly onFailure?: (failure: FuzzFailure) => void;
}

/**
 * What went wrong with a call: it returned where it must throw (`accepted`), threw where it must
 * return (`refused`), threw an error of another class or none with a message (`error`), returned
 * a wrong result or left the model's state behind (`result`), or the addon's live count differs
 * from the model's (`leak`).
 */
export type FailureCategory = 'accepted' | 'refused' | 'error' | 'result' | 'leak';

/** A call that did not do what it must. */
export interface FuzzFailure {
  readonly index: number;
  readonly kind: string;
  readonly text: string;
  readonly category: FailureCategory;
  readonly problem: string;
}

/** What a fuzz run did. */
export interface FuzzSummary {
  readonly seed: number;
  /** Calls generated. */
  readonly calls: number;
  /** Calls made (generated, less the awaits of pending async steps). */
  readonly ran: number;
  /** Awaits of the pending async steps (each counted as a call). */
  readonly awaits: number;
  /** Calls that returned (or resolved). */
  readonly succeeded: number;
  /** Calls that threw (or rejected), by error class. */
  readonly threw: Readonly<Record<string, number>>;
  /** Calls made by kind (`zeros`, `session.project`, ...): how many returned and how many threw. */
  readonly kinds: Readonly<Record<string, { readonly returned: number; readonly threw: number }>>;
  /** Calls that did not do what they must (the first 50 kept in `failures`). */
  readonly failureCount: number;
  /** Those calls by category. */
  readonly failureCategories: Readonly<Record<FailureCategory, number>>;
  readonly failures: readonly FuzzFailure[];
}

/** Async steps a fuzz run lets go on at once before it awaits them. */
const MAX_PENDING = 6;
/** Live tensors beyond which a fuzz run disposes one. */
const MAX_LIVE = 48;

/** The next call: mostly drawn by weight; an await when enough async steps are pending, a dispose when enough tensors are live. */
function nextCall(ctx: FuzzContext): Call | 'await' {
  const { r, model } = ctx;
  if (ctx.pending >= MAX_PENDING) return 'await';
  if (model.usable().length > MAX_LIVE) return disposeCall(ctx, true);
  if (model.liveSessions().length > MAX_SESSIONS) return sessionCall(ctx, true);
  const kind = r.weighted([
    ['zeros', 12],
    ['fromHost', 10],
    ['toHost', 8],
    ['findNonFinite', 4],
    ['clone', 3],
    ['copyFrom', 4],
    ['dispose', 8],
    ['backendMethod', 5],
    ['nativeBackend', 1],
    ['sumOfSquares', 3],
    ['scale', 4],
    ['multiply', 3],
    ['multiplyTransposed', 3],
    ['lowRankUpdate', 3],
    ['compile', 2],
    ['run', 10],
    ['runAsync', 6],
    ['spectralSession', 2],
    ['session', 11],
    ['await', ctx.pending > 0 ? 3 : 0],
  ] as const);
  switch (kind) {
    case 'zeros':
      return zerosCall(ctx);
    case 'fromHost':
      return fromHostCall(ctx);
    case 'toHost':
    case 'findNonFinite':
      return readCall(ctx, kind);
    case 'clone':
      return cloneCall(ctx);
    case 'copyFrom':
      return copyFromCall(ctx);
    case 'dispose':
      return disposeCall(ctx);
    case 'backendMethod':
      return backendMethodCall(ctx);
    case 'nativeBackend':
      return backendCall(ctx);
    case 'sumOfSquares':
      return sumOfSquaresCall(ctx);
    case 'scale':
      return scaleCall(ctx);
    case 'multiply':
    case 'multiplyTransposed':
      return multiplyCall(ctx, kind === 'multiplyTransposed');
    case 'lowRankUpdate':
      return lowRankUpdateCall(ctx);
    case 'compile':
      return compileCall(ctx);
    case 'run':
    case 'runAsync':
      return stepCall(ctx, kind === 'runAsync');
    case 'spectralSession':
      return openSessionCall(ctx);
    case 'session':
      return sessionCall(ctx);
    case 'await':
      return 'await';
  }
}

function attempt(run: () => unknown): Outcome {
  try {
    return { threw: false, value: run() };
  } catch (error) {
    return { threw: true, error };
  }
}

/** Makes a fuzz run in this process (a crash ends it: see {@link fuzzInChild}). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const ctx: FuzzContext = {
    r: new Random(options.seed),
    model: new Model(),
    backend: nativeBackend(),
    kernels: [],
    cudaAvailable: nativeAvailability('cuda').available,
    pending: 0,
  };
  let baseline = liveTensors().count;
  const threw: Record<string, number> = {};
  const kinds: Record<string, { returned: number; threw: number }> = {};
  const failures: FuzzFailure[] = [];
  let failureCount = 0;
  const failureCategories: Record<FailureCategory, number> = { accepted: 0, refused: 0, error: 0, result: 0, leak: 0 };
  let ran = 0;
  let awaits = 0;
  let succeeded = 0;
  const inFlight: { index: number; call: Call; settled: Promise<Outcome> }[] = [];

  const fail = (index: number, kind: string, text: string, problem: string, category: FailureCategory = 'result') => {
    const failure = { index, kind, text, category, problem };
    failureCount += 1;
    failureCategories[category] += 1;
    if (failures.length < 50) failures.push(failure);
    options.onFailure?.(failure);
  };
  const tally = (kind: string, outcome: Outcome) => {
    const counts = (kinds[kind] ??= { returned: 0, threw: 0 });
    if (outcome.threw) counts.threw += 1;
    else counts.returned += 1;
    if (!outcome.threw) succeeded += 1;
    else {
      const name = outcome.error instanceof Error ? outcome.error.constructor.name : 'non-Error';
      threw[name] = (threw[name] ?? 0) + 1;
    }
  };
  // The addon must count exactly the model's tensors (checked only while no async step is pending:
  // a pending step's clipped gradient copies exist until it settles).
  const checkLive = (index: number, kind: string, text: string) => {
    const live = liveTensors().count;
    const want = baseline + ctx.model.live.length;
    if (live !== want) {
      fail(index, kind, text, `the addon holds ${live} tensors, ${want} expected`, 'leak');
      baseline += live - want;
    }
  };
  const settleAll = async (index: number) => {
    for (const step of inFlight.splice(0)) {
      const outcome = await step.settled;
      tally(step.call.kind, outcome);
      const recorded = step.call.expect.ok === true ? step.call.async!.settle(outcome) : undefined;
      const wrong = verdict(step.call.expect, outcome);
      if (wrong !== undefined) fail(step.index, step.call.kind, step.call.text, wrong, category(step.call.expect, outcome));
      else if (recorded !== undefined) fail(step.index, step.call.kind, step.call.text, recorded);
    }
    ctx.pending = 0;
    checkLive(index, 'await', 'after awaiting the pending steps');
  };

  for (let index = 0; index < options.calls; index++) {
    let call: Call | 'await';
    try {
      call = nextCall(ctx);
    } catch (e) {
      fail(index, 'setup', 'making the arguments', `threw ${(e as Error)?.stack ?? String(e)}`);
      continue;
    }
    if (call === 'await') {
      options.onCall?.(index, 'await', `await ${inFlight.length} pending steps`);
      awaits += 1;
      await settleAll(index);
      continue;
    }
    options.onCall?.(index, call.kind, call.text);
    ran += 1;
    const outcome = attempt(call.run);
    if (call.async !== undefined) {
      if (outcome.threw || !(outcome.value instanceof Promise)) {
        tally(call.kind, outcome);
        fail(index, call.kind, call.text, 'did not return a promise');
        continue;
      }
      if (call.expect.ok === true) call.async.start();
      inFlight.push({ index, call, settled: outcome.value.then((value: unknown): Outcome => ({ threw: false, value }), (error: unknown): Outcome => ({ threw: true, error })) });
      ctx.pending = inFlight.length;
      continue;
    }
    tally(call.kind, outcome);
    const wrong = verdict(call.expect, outcome);
    const problem = wrong === undefined && !outcome.threw ? call.onSuccess?.(outcome.value) : undefined;
    const after = call.check?.();
    if (wrong !== undefined) fail(index, call.kind, call.text, wrong, category(call.expect, outcome));
    else if (problem !== undefined) fail(index, call.kind, call.text, problem);
    else if (after !== undefined) fail(index, call.kind, call.text, after);
    if (inFlight.length === 0) checkLive(index, call.kind, call.text);
  }
  await settleAll(options.calls);
  for (const s of ctx.model.liveSessions()) {
    s.session.dispose();
    ctx.model.disposeSession(s);
  }
  // Every tensor still holds what was last written or read, and disposing them all frees everything.
  for (const entry of [...ctx.model.live]) {
    if (entry.mirror !== undefined) {
      const data = entry.tensor.toHost().data;
      if (data.some((v, i) => !Object.is(v, entry.mirror![i]))) fail(options.calls, 'final', entry.label, 'contents differ from what was last written or read');
    }
    entry.tensor.dispose();
    ctx.model.remove(entry);
  }
  checkLive(options.calls, 'final', 'after disposing every tensor');
  return { seed: options.seed, calls: options.calls, ran, awaits, succeeded, threw, kinds, failureCount, failureCategories, failures };
}

/** The category of a call whose outcome `verdict` refused. */
function category(expect: Expectation, outcome: Outcome): FailureCategory {
  if (!outcome.threw) return 'accepted';
  return expect.ok === true ? 'refused' : 'error';
}
