/**
 * Figures: twin year and per-month flatness (docs/testing.md, "twin year").
 * On a twin started as `npm start` does (a child process on free ports):
 *   1. twin year: a 12-month equal-installment loan funded by BENCH_INVESTORS (50)
 *      investors, its borrower funded for the whole schedule; the clock is set to each
 *      due date in turn and the installment waited for (SETTLED in the table), then the
 *      loan: wall seconds from disbursement (REPAYING) to SETTLED. Goal ≤ 10 s.
 *   2. flatness: the wall time per simulated month (the clock set a month on, every
 *      active loan's installment of that month waited for) with BENCH_ACTIVE_LOANS (50)
 *      active 2-investor loans ÷ with 1, over BENCH_MONTHS (3) months each. Goal ≤ 1.2.
 * Beside the wall times it prints the schedule runs and their own time (the twin's
 * `schedule.ran` lines with tookMs), which do not depend on the machine's load.
 *
 *   npm run bench -- twin-year          (optional: takes minutes, most of it setting loans up)
 */
import { depositConfirmed, tableClient } from '../support/custody';
import { loanItem, sfnClient } from '../support/listings';
import { advanceClock, installmentItems, legSafeTerms, repayingLoan, type RepayingLoan } from '../support/servicing';
import { eventually, startTwinProcess } from '../support/twin-process';
import { atMost, emit, result, setting } from './measure';

const investors = setting('BENCH_INVESTORS', 50);
const activeLoans = setting('BENCH_ACTIVE_LOANS', 50);
const months = setting('BENCH_MONTHS', 3);

const twin = await startTwinProcess();
const documents = tableClient(twin);
const sfn = sfnClient(twin);

/** The twin's schedule runs printed so far: how many and their summed tookMs. */
function scheduleRuns(): { runs: number; tookMs: number } {
  const lines = twin.output().split('\n').filter((line) => line.includes('schedule.ran'));
  const tookMs = lines.reduce((sum, line) => sum + Number(/"tookMs":(\d+)/.exec(line)?.[1] ?? 0), 0);
  return { runs: lines.length, tookMs };
}

/** Tops the borrower up for the whole schedule (whole yuan: .13/.17 are the simulator's test amounts). */
async function fundBorrower(loan: RepayingLoan): Promise<void> {
  const totalFen = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0) + 10_000;
  await depositConfirmed(loan.borrower, `${Math.ceil(totalFen / 100) + 1}.00`);
}

const settledUpTo = (loanId: string, number: number) =>
  eventually(async () => ((await installmentItems(twin, documents, loanId)).filter((item) => item.number <= number).every((item) => item.status === 'SETTLED') ? true : undefined), `${loanId} #${number}`, 600_000);

/** Sets the clock to each of the next `count` due dates of `loans` (the same dates: made the same day) and waits for them: wall ms per month. */
async function walk(loans: readonly RepayingLoan[], from: number, count: number): Promise<number> {
  const started = performance.now();
  for (let number = from; number < from + count; number += 1) {
    await advanceClock(twin, { set: `${loans[0]!.installments[number - 1]!.dueDate}T04:00:00.000Z` });
    for (const loan of loans) await settledUpTo(loan.loanId, number);
  }
  return (performance.now() - started) / count;
}

try {
  // 1. Twin year.
  const year = await repayingLoan(twin, documents, sfn, { investors, termMonths: 12, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 12, minAmountFen: 1_000_000 }) });
  await fundBorrower(year);
  const before = scheduleRuns();
  const started = performance.now();
  await walk([year], 1, 12);
  await eventually(async () => ((await loanItem(twin, documents, year.loanId)).status === 'SETTLED' ? true : undefined), 'the loan to settle', 600_000);
  const seconds = (performance.now() - started) / 1000;
  const after = scheduleRuns();
  const ran = `${after.runs - before.runs} schedule runs taking ${((after.tookMs - before.tookMs) / 1000).toFixed(1)} s of it`;
  console.log(`twin year: ${seconds.toFixed(1)} s wall, ${investors} investors; ${ran}`);

  const yearResult = result(`twin year (s, 12 months, ${investors} investors)`, `${seconds.toFixed(1)} s disbursement to settlement; ${ran}`, seconds, atMost(10));
  // 2. Flatness: one active loan, then activeLoans of them, the same number of months each (BENCH_ACTIVE_LOANS=1: the year alone).
  emit(activeLoans < 2 ? [yearResult] : [yearResult, await flatness()]);
} finally {
  documents.destroy();
  sfn.destroy();
  await twin.stop();
}
process.exit(process.exitCode ?? 0);

async function flatness() {
  const twoInvestors = { investors: 2, termMonths: 12, chooseTerms: (ids: readonly string[]) => legSafeTerms(ids, { termMonths: 12, minAmountFen: 200_000 }) };
  const first = await repayingLoan(twin, documents, sfn, twoInvestors);
  await fundBorrower(first);
  const alone = await walk([first], 1, months);
  const others: RepayingLoan[] = [];
  while (others.length < activeLoans - 1) {
    const made = await Promise.all(Array.from({ length: Math.min(5, activeLoans - 1 - others.length) }, () => repayingLoan(twin, documents, sfn, twoInvestors)));
    for (const loan of made) await fundBorrower(loan);
    others.push(...made);
  }
  const crowdBefore = scheduleRuns();
  const crowded = await walk(others, 1, months);
  const crowdAfter = scheduleRuns();
  console.log(`per month: ${(alone / 1000).toFixed(2)} s with 1 active loan, ${(crowded / 1000).toFixed(2)} s with ${activeLoans} (${crowdAfter.runs - crowdBefore.runs} schedule runs, ${((crowdAfter.tookMs - crowdBefore.tookMs) / 1000).toFixed(1)} s)`);

  return result(`per-month flatness (${activeLoans} ÷ 1 active loans)`, `${(crowded / 1000).toFixed(2)} s ÷ ${(alone / 1000).toFixed(2)} s per simulated month, ${months} months each`, crowded / alone, atMost(1.2));
}
