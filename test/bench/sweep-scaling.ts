/**
 * Figure: sweep scaling (docs/testing.md, goal ≤ 1.1). Measured where it is tested, not
 * duplicated: test/integration/overdue-sweep.test.ts, "sweep scaling", runs the overdue
 * sweep on DynamoDB Local over 1k and over 10k installments on the due-date index with
 * the same 20 due, counts the items and queries it read, asserts ratio ≤ 1.1 and prints
 * {"sweepScaling":{small,large,ratio}}. This runs that one test through jest and reports
 * its line.
 *
 *   npm run bench -- sweep-scaling
 */
import { spawn } from 'node:child_process';
import { projectRoot } from '../support/twin-process';
import { atMost, emit, result } from './measure';

const child = spawn(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--selectProjects', 'integration', '--runInBand', '--testPathPatterns', 'overdue-sweep', '-t', 'sweep scaling'],
  { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
);
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
const line = /\{"sweepScaling":\{[^}]*\}\}/.exec(output);
if (!line) {
  console.log(output);
  throw new Error(`the overdue sweep's scaling test printed no figure (jest exit code ${String(code)})`);
}
const { small, large, ratio } = (JSON.parse(line[0]) as { sweepScaling: { small: number; large: number; ratio: number } }).sweepScaling;
console.log(`overdue sweep reads (items + queries): ${small} with 1k installments, ${large} with 10k, the same 20 due; jest exit code ${String(code)}`);
emit([result('sweep scaling (reads 10k ÷ 1k)', `${large} ÷ ${small} reads; from test/integration/overdue-sweep.test.ts`, ratio, atMost(1.1))]);
