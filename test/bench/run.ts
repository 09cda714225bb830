/**
 * npm run bench [-- figure…] — the performance figures of docs/testing.md, each a ratio
 * measured in one run. Every figure runs in its own `node` process (adapters build their
 * SDK clients at module scope, and a fresh process keeps one figure's load off the next),
 * in turn; each prints its absolute numbers and one or more BENCH_RESULT lines, and this
 * runner prints one summary table with the goal and PASS/MISS.
 *
 *   npm run bench                         every figure below except the slow optional ones
 *   npm run bench -- api-overhead         one figure (names below); several may be given
 *   npm run bench -- all                  every figure, sweep scaling and cost per loan included
 *
 * Exit code 1 only when a figure could not be measured (crashed); a MISS is reported, not failed.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { resultPrefix, type FigureResult } from './measure';
import { projectRoot } from '../support/twin-process';

interface Figure {
  readonly name: string;
  readonly what: string;
  readonly command: readonly string[];
  /** Slow or optional: run only when named (or with `all`). */
  readonly optional?: boolean;
}

const tsx = (file: string): string[] => [process.execPath, '--import', 'tsx', join('test', 'bench', file)];

const figures: readonly Figure[] = [
  { name: 'hot-listing', what: 'concurrent bids on one listing ÷ raw conditional UpdateItem/s', command: tsx('hot-listing.ts') },
  { name: 'bid-storm', what: 'a storm of late bids on a listing that fills: bids answered/s ÷ raw conditional UpdateItem/s', command: tsx('bid-storm.ts') },
  { name: 'api-overhead', what: 'p50/p99 of GET listing and POST bid through the twin ÷ GetItem / TransactWriteItems', command: tsx('api-overhead.ts') },
  { name: 'cold-start', what: "each bundled handler's init ÷ a bare handler that only builds the SDK clients", command: tsx('cold-start.ts') },
  { name: 'ledger-hot-account', what: 'ledger freezes on one custody account ÷ raw conditional UpdateItem/s', command: tsx('ledger-hot-account.ts') },
  { name: 'sweep-scaling', what: "overdue sweep reads, 1k vs 10k installments (the overdue test's own measurement)", command: tsx('sweep-scaling.ts') },
  { name: 'web', what: "the website: initial JavaScript gzipped and each route's chunk; the marketplace with 200 listings usable (median of 5) and its API calls", command: tsx('web.ts') },
  { name: 'twin-year', what: 'a 12-month loan with 50 investors on the twin clock (wall s), and per-month wall time with 50 ÷ 1 active loans', command: tsx('twin-year.ts'), optional: true },
  { name: 'cost-per-loan', what: 'one 12-month loan with 50 investors, application to settlement, at list prices', command: tsx('cost-per-loan.ts'), optional: true },
];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => name !== 'all' && !figures.some((figure) => figure.name === name));
if (unknown.length > 0) {
  console.error(`unknown figure(s): ${unknown.join(', ')}; known: ${figures.map((figure) => figure.name).join(', ')}, all`);
  process.exit(2);
}
const chosen = asked.length === 0 ? figures.filter((figure) => !figure.optional) : asked.includes('all') ? figures : figures.filter((figure) => asked.includes(figure.name));

function runFigure(figure: Figure): Promise<{ results: FigureResult[]; code: number | null }> {
  return new Promise((resolveRun) => {
    const [command, ...args] = figure.command;
    const child = spawn(command!, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const results: FigureResult[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(resultPrefix)) results.push(JSON.parse(line.slice(resultPrefix.length)) as FigureResult);
        else console.log(`  [${figure.name}] ${line}`);
      }
    });
    child.once('exit', (code) => resolveRun({ results, code }));
  });
}

const rows: Array<FigureResult | { figure: string; crashed: string }> = [];
for (const figure of chosen) {
  console.log(`\n== ${figure.name}: ${figure.what}`);
  const started = Date.now();
  const { results, code } = await runFigure(figure);
  console.log(`== ${figure.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (code !== 0 || results.length === 0) rows.push({ figure: figure.name, crashed: `exit code ${String(code)}, ${results.length} result(s)` });
  rows.push(...results);
}

const table = rows.map((row) =>
  'crashed' in row
    ? [row.figure, 'NOT MEASURED', '', '', row.crashed]
    : [row.figure, !Number.isFinite(row.ratio) ? '—' : row.goal === 'reported' ? row.ratio.toPrecision(3) : row.ratio.toFixed(2), row.goal, row.goal === 'reported' ? 'REPORTED' : row.pass ? 'PASS' : 'MISS', row.measured],
);
const header = ['figure', 'ratio', 'goal', 'result', 'measured'];
const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => (column === 4 ? 0 : cells[column]!.length))));
const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 4 ? cell : cell.padEnd(widths[column]!))).join(' | ');
console.log(`\nPerformance (docs/testing.md), ${new Date().toISOString()}:`);
console.log(line(header));
console.log(line(widths.map((width, column) => (column === 4 ? '---' : '-'.repeat(width)))));
for (const cells of table) console.log(line(cells));
process.exit(rows.some((row) => 'crashed' in row) ? 1 : 0);
