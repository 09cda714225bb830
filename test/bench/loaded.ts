/**
 * `npm run test:loaded [-- runs]`: `npm test` with two CPU-burning processes beside it
 * (docs/testing.md, "test suite": passes three times in a row on a busy machine). Each run
 * is `npm test` as it is; the burners are `node -e 'for(;;);'`, started before the first
 * run and stopped (by their pids) after the last, whatever happened. Prints each run's
 * outcome and wall time; the exit code is 1 when any run failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../support/twin-process';

const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, not ${process.argv[2]}`);

const burners: ChildProcess[] = [1, 2].map(() => spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }));
const stopBurners = () => {
  for (const burner of burners) if (burner.exitCode === null) burner.kill('SIGKILL');
};
process.once('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const outcomes: string[] = [];
try {
  for (let run = 1; run <= runs; run += 1) {
    const started = Date.now();
    const { status } = spawnSync('npm', ['test'], { cwd: projectRoot, stdio: 'inherit' });
    const line = `run ${run}/${runs}: ${status === 0 ? 'PASSED' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(0)} s, 2 CPU burners beside it`;
    outcomes.push(line);
    console.log(`\n== test:loaded ${line}`);
    if (status !== 0) process.exitCode = 1;
  }
} finally {
  stopBurners();
}
console.log(`\n${outcomes.join('\n')}`);
