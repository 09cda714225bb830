/**
 * Servicing on the twin (issue #6), through HTTP, the twin's clock and its Step
 * Functions endpoint: a 12-month equal-installment loan with 50 investors repaid on
 * time by auto-debit month by month (each investor receives their share of the
 * schedule to the fen, minus the management fee; the loan settles; the ledger sums to
 * zero after every step; the repayment days reconcile with the bank); a loan settled early
 * through the route; a 36-month loan whose servicing runs across several executions.
 */
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../../functions/core/calendar';
import { investorManagementFee } from '../../functions/core/fees';
import { splitProRata } from '../../functions/core/investor-split';
import { fen, toFen } from '../../functions/core/money';
import { parseRate } from '../../functions/core/rate';
import { addReceived, distribute, stakesByInvestor } from '../../functions/core/servicing';
import { bank, customer, depositConfirmed, expectLedgerBalanced, signedIn, tokenFor } from '../support/custody';
import { loanItem, twinWithClientsForThisFile } from '../support/listings';
import { advanceClock, everySchedule, installmentItems, legSafeTerms, managementFeeRate, repayingLoan, servicingExecutionArn, setSchedulesState, twinNow, type RepayingLoan } from '../support/servicing';
import { eventually, json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
// Every walk here examines the loan's own servicing, not the daily jobs (each is tested on its own; the sweep would find
// nothing: every installment is paid by its due date or, in the early settlement, before it is overdue), so the file
// keeps them DISABLED, as EventBridge Scheduler disables a schedule. The one job the 12-month walk examines, the
// reconciliation of each repayment day, it runs by hand the next morning; the twin-year bench walks every day with all.
beforeAll(async () => {
  ({ twin, documents, sfn } = setup);
  await setSchedulesState(twin, everySchedule, 'DISABLED');
});

const yuan = (amountFen: number) => `${Math.trunc(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;
const fenOf = (text: string) => Number(text.replace('.', ''));
const feeRate = parseRate(managementFeeRate);

/** Tops the borrower up so that the whole schedule (and `extraFen`) can be auto-debited. */
async function fundBorrower(loan: RepayingLoan, extraFen = 10_000): Promise<void> {
  const total = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  const account = (await loan.borrower.get('/v1/me/account')).body;
  const needed = total + extraFen - fenOf(account.available);
  // Whole yuan: deposits ending in .13 or .17 are the simulator's test amounts.
  if (needed > 0) await depositConfirmed(loan.borrower, `${Math.ceil(needed / 100) + 1}.00`);
}

/**
 * What the test expects each investor to receive: over the loan, their pro-rata share
 * (largest remainder, stakes in investor-id order) of the schedule's principal (their
 * stake) and interest; the fee is 10% of each month's interest share, a month's share
 * being their share of the interest paid so far less their share of what was paid before.
 */
function expectedReceipts(loan: RepayingLoan): Map<string, { principal: number; interest: number; fee: number }> {
  const ordered = [...loan.investors].sort((a, b) => (a.who.userId < b.who.userId ? -1 : 1));
  const stakes = ordered.map((funder) => ({ id: funder.who.userId, principal: fen(funder.stakeFen) }));
  const shareOf = (totalFen: number) => new Map(splitProRata(fen(totalFen), stakes).map((share) => [share.id, toFen(share.amount)]));
  const totalPrincipal = loan.installments.reduce((sum, item) => sum + item.principalFen, 0);
  const totalInterest = loan.installments.reduce((sum, item) => sum + item.interestFen, 0);
  const expected = new Map(ordered.map((funder) => [funder.who.userId, { principal: shareOf(totalPrincipal).get(funder.who.userId)!, interest: shareOf(totalInterest).get(funder.who.userId)!, fee: 0 }]));
  let paid = 0;
  for (const installment of loan.installments) {
    const before = shareOf(paid);
    paid += installment.interestFen;
    const after = shareOf(paid);
    for (const [id, mine] of expected) mine.fee += toFen(investorManagementFee(fen(after.get(id)! - before.get(id)!), feeRate));
  }
  return expected;
}

const execution = (loanId: string, generation = 1) => sfn.send(new DescribeExecutionCommand({ executionArn: servicingExecutionArn(loanId, generation) }));

async function generations(loanId: string): Promise<Array<{ generation: number; status: string }>> {
  const found: Array<{ generation: number; status: string }> = [];
  for (let generation = 1; generation < 10; generation += 1) {
    try {
      found.push({ generation, status: (await execution(loanId, generation)).status ?? 'UNKNOWN' });
    } catch {
      break;
    }
  }
  return found;
}

const installmentSettled = (loanId: string, number: number, timeoutMs = 40_000) =>
  eventually(
    async () => ((await installmentItems(twin, documents, loanId)).find((item) => item.number === number)?.status === 'SETTLED' ? true : undefined),
    `installment ${number} of ${loanId} to settle`,
    timeoutMs,
  );

const loanSettled = (loanId: string, timeoutMs = 40_000) =>
  eventually(async () => ((await loanItem(twin, documents, loanId)).status === 'SETTLED' ? true : undefined), `${loanId} to settle`, timeoutMs);

test('a loan settled early through the route: remaining principal + interest accrued to today, no penalty; replay, refusals and visibility', async () => {
  const loan = await repayingLoan(twin, documents, sfn, {
    investors: 3,
    termMonths: 6,
    chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 6, minAmountFen: 300_000 }),
  });
  const annualRate = loan.loan.annualRate as string;
  await fundBorrower(loan);
  // The servicing execution started with the loan and waits for the first due date.
  expect((await execution(loan.loanId)).status).toBe('RUNNING');
  const borrower = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  // Nothing is due before the first due date: a DUE repayment is a 409 and changes nothing.
  const early = await borrower.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE' });
  expect(early.status).toBe(409);

  // The first installment is auto-debited on its due date.
  const first = loan.installments[0]!;
  await advanceClock(twin, { set: `${first.dueDate}T04:00:00.000Z` });
  await installmentSettled(loan.loanId, 1);
  await expectLedgerBalanced(twin, documents);

  // Some days later the borrower settles the whole loan: the remaining principal plus interest accrued since the due date (actual/365), no penalty.
  const ids = loan.investors.map((funder) => funder.who.userId);
  const stakes = stakesByInvestor(loan.investors.map((funder) => ({ investorId: funder.who.userId, amountFen: funder.stakeFen })));
  const remaining = first.remainingPrincipalFen as number;
  const rate = parseRate(annualRate);
  const accrued = (days: number) => {
    const numerator = BigInt(remaining) * rate.numerator * BigInt(days);
    const denominator = rate.denominator * 365n;
    return Number((2n * numerator + denominator) / (2n * denominator)); // half-up
  };
  // A day whose repayment avoids the simulator's declined .15 totals.
  const afterFirst = addReceived(new Map(), distribute({ principalFen: first.principalFen, interestFen: first.interestFen, penaltyFen: 0 }, stakes, feeRate));
  const days = [9, 10, 11, 12, 13, 14, 15, 16].find((candidate) => {
    const shares = distribute({ principalFen: remaining, interestFen: accrued(candidate), penaltyFen: 0 }, stakes, feeRate, afterFirst);
    return [...shares.map((share) => share.netFen), shares.reduce((sum, share) => sum + share.feeFen, 0)].reduce((sum, leg) => sum + leg, 0) % 100 !== 15;
  })!;
  expect(ids).toHaveLength(3);
  await advanceClock(twin, { set: new Date(Date.parse(`${first.dueDate}T04:00:00.000Z`) + days * 86_400_000).toISOString() });
  const me = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  const key = `early-${loan.loanId.slice(5, 30)}`;
  const settle = await me.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'EARLY_SETTLEMENT' }, key);
  expect(settle.status).toBe(202);
  expect(settle.body).toMatchObject({ kind: 'EARLY_SETTLEMENT', source: 'BORROWER', status: 'PENDING', settlesLoan: true, principal: yuan(remaining), interest: yuan(accrued(days)), penalty: '0.00' });
  expect(settle.body.amount).toBe(yuan(remaining + accrued(days)));
  expect(settle.body.installments.map((item: { number: number }) => item.number)).toEqual([2, 3, 4, 5, 6]);
  // The same key is the same repayment.
  const replay = await me.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'EARLY_SETTLEMENT' }, key);
  expect(replay.status).toBe(202);
  expect(replay.body.repaymentId).toBe(settle.body.repaymentId);

  await loanSettled(loan.loanId);
  expect((await installmentItems(twin, documents, loan.loanId)).every((item) => item.status === 'SETTLED' && item.duePk === undefined)).toBe(true);
  // A settled loan takes no more repayments.
  expect((await me.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE' })).status).toBe(409);
  await expectLedgerBalanced(twin, documents);

  // Investors got their principal back and their interest less the fee; they see their share, others see nothing.
  for (const funder of loan.investors) {
    const investor = await signedIn(twin, funder.who.userId, ['investor']);
    const holdings = (await investor.get('/v1/me/holdings')).body.items;
    expect(holdings).toEqual([expect.objectContaining({ loanId: loan.loanId, status: 'SETTLED', principalInvested: yuan(funder.stakeFen), receivedPrincipal: yuan(funder.stakeFen), outstandingPrincipal: '0.00' })]);
    const account = (await investor.get('/v1/me/account')).body;
    expect(account.available).toBe(holdings[0].receivedNet);
    // The statement shows the bank's transfers: the stake out at disbursement, each repayment's net share in.
    const statement = (await investor.get('/v1/me/transactions')).body.items as Array<{ type: string; purpose?: string; loanId?: string; amount: string }>;
    const transfers = statement.filter((line) => line.type.startsWith('transfer-'));
    expect(transfers.every((line) => line.loanId === loan.loanId)).toBe(true);
    expect(transfers.filter((line) => line.type === 'transfer-out').map((line) => [line.purpose, line.amount])).toEqual([['loan-disbursement', yuan(funder.stakeFen)]]);
    const repaid = transfers.filter((line) => line.type === 'transfer-in');
    expect(repaid.map((line) => line.purpose)).toEqual(['repayment', 'repayment']);
    expect(yuan(repaid.reduce((sum, line) => sum + fenOf(line.amount), 0))).toBe(holdings[0].receivedNet);
    expect((await investor.get('/v1/me/transactions?type=transfer-in')).body.items).toEqual(repaid);
    const repayments = (await investor.get(`/v1/loans/${loan.loanId}/repayments`)).body.items;
    expect(repayments.map((item: { kind: string }) => item.kind)).toEqual(['EARLY_SETTLEMENT', 'DUE']);
    expect(repayments[0].yourShare).toMatchObject({ penalty: '0.00' });
  }
  // The borrower's statement: the loan in and the platform's fee out (one instruction), both repayments out.
  const borrowerTransfers = ((await me.get('/v1/me/transactions')).body.items as Array<{ type: string; purpose?: string; amount: string }>).filter((line) => line.type.startsWith('transfer-'));
  expect(borrowerTransfers.map((line) => `${line.type} ${line.purpose}`)).toEqual(['transfer-out repayment', 'transfer-out repayment', 'transfer-out loan-disbursement', 'transfer-in loan-disbursement']);
  expect(borrowerTransfers[3]!.amount).toBe(yuan(loan.amountFen));
  const stranger = await customer(twin, documents, { roles: ['investor'] });
  expect((await stranger.get(`/v1/loans/${loan.loanId}/repayments`)).status).toBe(404);
  expect((await stranger.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE' })).status).toBe(403);
  const seen = (await me.get(`/v1/loans/${loan.loanId}`)).body;
  expect(seen.status).toBe('SETTLED');
  expect(seen.schedule[1]).toMatchObject({ status: 'SETTLED', paidPrincipal: seen.schedule[1].principal });
  const principalTotal = loan.installments.reduce((sum, item) => sum + item.principalFen, 0);
  expect(seen.repaid).toMatchObject({ principal: yuan(principalTotal), interest: yuan(first.interestFen + accrued(days)), penalty: '0.00' });

  // The execution waiting for the next due date finds the loan settled there and ends.
  await advanceClock(twin, { set: `${loan.installments[1]!.dueDate}T04:00:00.000Z` });
  await eventually(async () => ((await execution(loan.loanId)).status === 'SUCCEEDED' ? true : undefined), 'servicing to end');
}, 180_000);

test('a partial repayment while another is with the bank is a 409; a declined transfer voids the reservation; a redelivered confirmation changes nothing', async () => {
  const loan = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 3, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 3, minAmountFen: 2_000_000 }) });
  const stakes = stakesByInvestor(loan.investors.map((funder) => ({ investorId: funder.who.userId, amountFen: funder.stakeFen })));
  const legsOf = (amountFen: number) => {
    // A partial payment below the first installment's interest is all interest.
    const shares = distribute({ principalFen: 0, interestFen: amountFen, penaltyFen: 0 }, stakes, feeRate);
    return [...shares.map((share) => share.netFen), shares.reduce((sum, share) => sum + share.feeFen, 0)];
  };
  // The simulator declines a transfer whose legs total an amount ending in .15: the repayment's amount.
  const declined = 115;
  const accepted = Array.from({ length: 2_000 }, (_, index) => 100 + index).find((amount) => amount % 100 !== 15 && legsOf(amount).every((leg) => leg > 0))!;
  expect(declined + accepted).toBeLessThan(loan.installments[0]!.interestFen);
  // The first installment falls due while the borrower holds nothing spare: the auto-debit takes what is available.
  const first = loan.installments[0]!;
  const me = () => signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  const before = (await (await me()).get('/v1/me/account')).body;
  await (await me()).post('/v1/me/withdrawals', { amount: before.available }).then((response) => expect(response.status).toBe(202));
  await eventually(async () => ((await (await me()).get('/v1/me/account')).body.balance === '0.00' ? true : undefined), 'the withdrawal to settle');
  await advanceClock(twin, { set: `${first.dueDate}T04:00:00.000Z` });
  await eventually(async () => ((await execution(loan.loanId)).status === 'RUNNING' ? true : undefined), 'servicing');
  const borrower = await me();
  await depositConfirmed(borrower, '100.00');

  // A repayment whose transfer the bank declines: reserved at once, voided on the callback; nothing paid.
  const refused = await borrower.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE', amount: yuan(declined) });
  expect(refused.status).toBe(202);
  expect(refused.body).toMatchObject({ status: 'PENDING', interest: yuan(declined), principal: '0.00' });
  await eventually(async () => {
    const items = (await borrower.get(`/v1/loans/${loan.loanId}/repayments`)).body.items;
    return items[0]?.status === 'FAILED' ? items[0] : undefined;
  }, 'the declined repayment');
  expect((await borrower.get('/v1/me/account')).body).toMatchObject({ available: '100.00', frozen: '0.00' });
  expect((await installmentItems(twin, documents, loan.loanId))[0]).toMatchObject({ status: expect.stringMatching(/DUE|OVERDUE/) });
  expect((await installmentItems(twin, documents, loan.loanId))[0]!.paidInterestFen ?? 0).toBe(0);

  // Callbacks held: the next repayment stays with the bank; another one meanwhile is a 409 and reserves nothing more.
  await bank(twin).hold(true);
  const pending = await borrower.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE', amount: yuan(accepted) });
  expect(pending.status).toBe(202);
  expect((await borrower.get('/v1/me/account')).body).toMatchObject({ available: yuan(10_000 - accepted), frozen: yuan(accepted) });
  expect((await borrower.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE', amount: '1.00' })).status).toBe(409);
  // More than the available balance is a 422 (after the lock is free again, below).
  await bank(twin).hold(false);
  await eventually(async () => ((await borrower.get(`/v1/loans/${loan.loanId}/repayments`)).body.items[0]?.status === 'CONFIRMED' ? true : undefined), 'the repayment to be confirmed');
  expect((await borrower.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE', amount: '150.00' })).status).toBe(422);
  const paid = (await installmentItems(twin, documents, loan.loanId))[0]!;
  expect(paid.paidInterestFen).toBe(accepted);
  const account = (await borrower.get('/v1/me/account')).body;
  expect(account).toMatchObject({ available: yuan(10_000 - accepted), frozen: '0.00' });

  // The bank delivers the confirmation again: nothing moves twice.
  const event = (await bank(twin).events()).find((candidate) => candidate.instructionId === pending.body.repaymentId && candidate.type === 'transfer.succeeded');
  expect((await bank(twin).deliver(event.eventId)).status).toBeLessThan(300);
  expect((await installmentItems(twin, documents, loan.loanId))[0]!.paidInterestFen).toBe(accepted);
  expect((await borrower.get('/v1/me/account')).body).toMatchObject({ available: account.available });
  const holding = (await (await signedIn(twin, loan.investors[0]!.who.userId, ['investor'])).get('/v1/me/holdings')).body.items[0];
  const shares = distribute({ principalFen: 0, interestFen: accepted, penaltyFen: 0 }, stakes, feeRate);
  expect(holding.receivedInterest).toBe(yuan(shares.find((share) => share.investorId === loan.investors[0]!.who.userId)!.interestFen));
  await expectLedgerBalanced(twin, documents);
}, 120_000);

test('a 12-month equal-installment loan with 50 investors, repaid on time by auto-debit month by month: each investor receives their share of the schedule to the fen minus the fee; the loan settles; ledger and bank agree', async () => {
  const loan = await repayingLoan(twin, documents, sfn, {
    investors: 50,
    termMonths: 12,
    chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 12, minAmountFen: 1_000_000 }),
  });
  expect(loan.installments).toHaveLength(12);
  await fundBorrower(loan);
  const expected = expectedReceipts(loan);

  // The daily jobs are disabled (above): each repayment day is reconciled by hand the next morning, as the daily job does.
  for (const installment of loan.installments) {
    await advanceClock(twin, { set: `${installment.dueDate}T04:00:00.000Z` });
    await installmentSettled(loan.loanId, installment.number);
    await expectLedgerBalanced(twin, documents);
    await advanceClock(twin, { set: `${addDays(installment.dueDate, 1)}T04:00:00.000Z` });
    const reconciled = await json(`${twin.apiUrl}/_twin/schedules/daily-reconciliation/run`, { method: 'POST' });
    expect(reconciled.body.outcome?.summary).toMatchObject({ businessDate: installment.dueDate, status: 'BALANCED' });
  }
  await loanSettled(loan.loanId);
  const repayments = (await (await signedIn(twin, loan.borrower.userId)).get(`/v1/loans/${loan.loanId}/repayments?limit=100`)).body.items;
  expect(repayments).toHaveLength(12);
  expect(repayments.every((item: { source: string; status: string }) => item.source === 'AUTO_DEBIT' && item.status === 'CONFIRMED')).toBe(true);

  // Each investor: the schedule's share to the fen, minus the fee, in the holding and in the custody account (they deposited exactly their stake).
  let fees = 0;
  for (const funder of loan.investors) {
    const mine = expected.get(funder.who.userId)!;
    expect(mine.principal).toBe(funder.stakeFen);
    fees += mine.fee;
    const investor = await signedIn(twin, funder.who.userId, ['investor']);
    const [holding] = (await investor.get('/v1/me/holdings')).body.items;
    expect(holding).toEqual({
      loanId: loan.loanId,
      status: 'SETTLED',
      principalInvested: yuan(funder.stakeFen),
      expectedPrincipal: yuan(funder.stakeFen),
      expectedInterest: yuan(mine.interest),
      receivedPrincipal: yuan(funder.stakeFen),
      receivedInterest: yuan(mine.interest),
      receivedPenalty: '0.00',
      managementFeesPaid: yuan(mine.fee),
      receivedNet: yuan(mine.principal + mine.interest - mine.fee),
      receivedCompensation: '0.00',
      outstandingPrincipal: '0.00',
    });
    expect((await investor.get('/v1/me/account')).body.available).toBe(yuan(mine.principal + mine.interest - mine.fee));
  }
  expect(repayments.reduce((sum: number, item: { managementFees: string }) => sum + fenOf(item.managementFees), 0)).toBe(fees);
  await expectLedgerBalanced(twin, documents);

  // The servicing continued in a second execution before its year and ended when the loan settled.
  const runs = await eventually(async () => {
    const found = await generations(loan.loanId);
    return found.every((run) => run.status === 'SUCCEEDED') ? found : undefined;
  }, 'servicing to end');
  expect(runs.length).toBeGreaterThanOrEqual(2);

  // The days of the repayments reconciled with the bank, as the auditor reads them. Tokens last an hour on the twin's clock: the auditor signs in now.
  const auditor = { authorization: `Bearer ${await tokenFor(twin, 'auditor-servicing', ['auditor'])}` };
  for (const installment of loan.installments) {
    const report = await json(`${twin.apiUrl}/v1/reconciliations/${installment.dueDate}`, { headers: auditor });
    expect({ date: installment.dueDate, status: report.body?.status }).toEqual({ date: installment.dueDate, status: 'BALANCED' });
  }
  // A ceiling, not a wait: twelve repayments to 50 investors, beside other test files on two cores.
}, 600_000);

test('a 36-month loan: servicing continues across executions as the clock moves in big steps, and the loan settles', async () => {
  const loan = await repayingLoan(twin, documents, sfn, {
    investors: 2,
    termMonths: 36,
    chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 36, minAmountFen: 200_000 }),
  });
  await fundBorrower(loan);
  const start = await twinNow(twin);
  for (const months of [13, 26]) {
    const target = new Date(start);
    target.setUTCMonth(target.getUTCMonth() + months);
    await advanceClock(twin, { set: target.toISOString() });
  }
  await advanceClock(twin, { set: `${loan.installments.at(-1)!.dueDate}T04:00:00.000Z` });
  await loanSettled(loan.loanId, 60_000);
  const runs = await eventually(async () => {
    const found = await generations(loan.loanId);
    return found.every((entry) => entry.status === 'SUCCEEDED') ? found : undefined;
  }, 'servicing to end');
  expect(runs.length).toBeGreaterThanOrEqual(3);
  const repayments = (await (await signedIn(twin, loan.borrower.userId)).get(`/v1/loans/${loan.loanId}/repayments?limit=100`)).body.items;
  expect(repayments).toHaveLength(36);
  await expectLedgerBalanced(twin, documents);
  // A ceiling, not a wait: three years of servicing, beside another test file on two cores.
}, 900_000);

