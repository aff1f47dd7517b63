// A stand-in for the worker program, for the pool's tests: it speaks the protocol of
// protocol.ts. A task's `lr` says what to do: 0 or more, report progress and return
// { seed, lr, pid }; -1, wait for 'stop' and report the interruption; -2, fail with an error;
// -3, exit without answering.
let stop;
process.on('message', (m) => {
  if (m.type === 'stop') return stop?.(m.reason);
  const { id, task } = m;
  if (task.lr === -1) {
    stop = (reason) => process.send({ type: 'failed', id, interrupted: reason, message: `interrupted by ${reason}` });
    return;
  }
  if (task.lr === -2) return process.send({ type: 'failed', id, message: 'the task failed' });
  if (task.lr === -3) process.exit(3);
  process.send({ type: 'start', id, label: `task ${task.seed}`, total: 4, unitSeconds: 0.5 });
  process.send({ type: 'tick', id, n: 4, info: { loss: 1 } });
  process.send({ type: 'log', line: `task ${task.seed} logged` });
  setTimeout(() => process.send({ type: 'done', id, result: { seed: task.seed, lr: task.lr, pid: process.pid } }), 20);
});
process.on('disconnect', () => process.exit(0));
