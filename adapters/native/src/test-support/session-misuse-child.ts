/**
 * Runs the misuses of {@link NATIVE_MISUSE_CASES} from index `from` on, each on a new native
 * session of a matrix on `device`, in this process, and reports on standard output, written synchronously so that the
 * last line before a crash names the misuse that crashed: `start <index>` before each, then
 * `done <index> <json>` with its outcome and the tensors it left alive.
 *
 *   node dist/test-support/session-misuse-child.js <cpu|cuda> <from>
 *
 * @module
 */
import { writeSync } from 'node:fs';
import { runSessionMisuse } from '@stablegrad/core/testing';
import { nativeLinAlg } from '../backend/native-linalg.js';
import { liveTensors, NativeTensor, type NativeDevice } from '../tensor/native-tensor.js';
import { NATIVE_MISUSE_CASES } from './session-misuse-cases.js';

const device = (process.argv[2] ?? 'cpu') as NativeDevice;
const from = Number(process.argv[3] ?? 0);
for (let index = from; index < NATIVE_MISUSE_CASES.length; index++) {
  const { misuse, shape, data } = NATIVE_MISUSE_CASES[index]!;
  writeSync(1, `start ${index}\n`);
  const before = liveTensors().count;
  const W = data === undefined ? NativeTensor.zeros(device, shape, 'float64') : NativeTensor.fromHost(device, { shape, data }, 'float64');
  const session = nativeLinAlg.spectralSession(W, 1);
  const outcome = runSessionMisuse(session, misuse, (value) => {
    if (value instanceof NativeTensor) value.dispose();
  });
  session.dispose();
  W.dispose();
  writeSync(1, `done ${index} ${JSON.stringify({ ...outcome, leaked: liveTensors().count - before })}\n`);
}
