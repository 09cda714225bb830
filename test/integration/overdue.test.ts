/**
 * Overdue handling on the twin, through HTTP and the twin's clock: a REPAYING loan whose
 * borrower withdrew the disbursement (a monitoring alert) goes 1, 31 and 91 days overdue.
 * The sweep (fired by the twin's scheduler at 01:00 Asia/Shanghai, and by hand) marks the
 * installment overdue and accrues penalty equal to the core's figure, within the legal
 * cap; reminders only in allowed hours and at most once a day; buckets move, the case
 * escalates, the loan DEFAULTs; a late partial repayment is allocated penalty → interest →
 * principal; an admin writes it off and a recovery is still taken; a second sweep changes
 * nothing; the ledger stays balanced.
 */
import { jest } from '@jest/globals';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../../functions/core/calendar';
import { accruePenalty, type OverdueInstallment } from '../../functions/core/overdue';
import { legalRateCap } from '../../functions/core/penalty';
import { parseRate } from '../../functions/core/rate';
import { depositConfirmed, expectLedgerBalanced, settled, signedIn } from '../support/custody';
import { loanItem, twinWithClientsForThisFile } from '../support/listings';
import { advanceClock, everyScheduleBut, installmentItems, repayingLoan, setSchedulesState } from '../support/servicing';
import { eventually, json } from '../support/twin-process';

jest.setTimeout(600_000);
const clients = twinWithClientsForThisFile();
// Of the daily jobs only those this test examines run on its 91 days: the overdue sweep and the collection reminders.
beforeAll(() => setSchedulesState(clients.twin, everyScheduleBut('overdue-sweep', 'collection-reminders'), 'DISABLED'));

/** hh:mm Asia/Shanghai on `date`. */
const shanghai = (date: string, hour: number, minute = 0) => new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`));

/** The core's penalty for an installment, accrued once a day from its due date through `days` days (defaults: 6%, 4 × LPR 3.45%). */
function corePenalty(installment: Record<string, any>, annualRate: string, days: number): number {
  const rates = { contractRate: parseRate(annualRate), penaltyRate: parseRate(process.env.PENALTY_RATE || '0.06'), legalCap: legalRateCap(parseRate(process.env.LOAN_PRIME_RATE || '0.0345'), 4) };
  let current: OverdueInstallment = { number: installment.number, dueDate: installment.dueDate, principalFen: installment.principalFen, interestFen: installment.interestFen };
  for (let day = 1; day <= days; day += 1) {
    const accrual = accruePenalty(current, addDays(current.dueDate, day), rates);
    if (accrual) current = { ...current, penaltyFen: accrual.penaltyFen, penaltyAccruedThrough: accrual.penaltyAccruedThrough, penaltySpan: accrual.penaltySpan };
  }
  return current.penaltyFen ?? 0;
}

test('1, 31 and 91 days overdue: penalty, reminders, buckets, legal track, default, write-off; alerts; the sweep twice changes nothing', async () => {
  const { twin, documents, sfn } = clients;
  const setClock = (at: Date) => advanceClock(twin, { set: at.toISOString() });
  const runJob = async (name: string) => (await json(`${twin.apiUrl}/_twin/schedules/${name}/run`, { method: 'POST' })).body;
  const staff = async (role: 'reviewer' | 'admin' | 'auditor') => signedIn(twin, `staff-${role}`, [role]);

  const loan = await repayingLoan(twin, documents, sfn, { investors: 3, termMonths: 6, annualRate: '0.1' });
  const first = loan.installments[0]!;
  const due: string = first.dueDate;

  // listedLoan writes the loan item directly; a loan application (POST /v1/loan-applications) also puts it in the
  // borrower's byOwner partition, which monitoring reads to find the borrower's latest disbursement.
  await documents.send(
    new UpdateCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loan.loanId}`, sk: 'LOAN' }, UpdateExpression: 'SET ownerPk = :pk, ownerSk = :sk', ExpressionAttributeValues: { ':pk': `USER#${loan.borrower.userId}#LOANS`, ':sk': `${loan.loan.createdAt}#${loan.loanId}` } }),
  );

  // The borrower withdraws the whole disbursement at once: an alert for reviewers, and nothing left to auto-debit.
  const borrower = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  const account = await borrower.get('/v1/me/account');
  const withdrawal = await borrower.post('/v1/me/withdrawals', { amount: account.body.available });
  expect(withdrawal.status).toBe(202);
  expect((await settled(borrower, 'withdrawals', withdrawal.body.id)).status).toBe('CONFIRMED');
  const alerts = await (await staff('reviewer')).get('/v1/alerts');
  expect(alerts.status).toBe(200);
  expect(alerts.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'RAPID_WITHDRAWAL_AFTER_DISBURSEMENT', userId: loan.borrower.userId, loanId: loan.loanId })]));
  expect((await borrower.get('/v1/alerts')).status).toBe(403);

  // Day 1 at 01:30: the scheduler's 01:00 sweep has marked the installment overdue.
  await setClock(shanghai(addDays(due, 1), 1, 30));
  let installments = await installmentItems(twin, documents, loan.loanId);
  expect(installments[0]).toMatchObject({ status: 'OVERDUE', penaltyAccruedThrough: addDays(due, 1), penaltyFen: corePenalty(first, '0.1', 1) });
  expect(await loanItem(twin, documents, loan.loanId)).toMatchObject({ status: 'REPAYING', overdueDays: 1, overdueBucket: '1-30' });

  // The sweep again by hand: nothing changes, item for item.
  const loanItems = async () =>
    [
      ...((await documents.send(new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `LOAN#${loan.loanId}` }, ConsistentRead: true }))).Items ?? []),
      ...((await documents.send(new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `COLLECTION#${loan.loanId}` }, ConsistentRead: true }))).Items ?? []),
    ];
  const before = await loanItems();
  const rerun = await runJob('overdue-sweep');
  expect(rerun.outcome.summary).toMatchObject({ installmentsUpdated: 0, penaltyAccruedFen: 0, casesOpened: 0 });
  expect(await loanItems()).toEqual(before);

  // Reminders: at 02:00 none; at 10:00 (the scheduler's firing) one; again by hand none.
  // The borrower's collection reminders (the notices of issue 18 reach the outbox too, each with its own purpose).
  const outboxFor = async () =>
    ((await json(`${twin.apiUrl}/_twin/outbox`)).body.messages as Array<Record<string, any>>).filter((message) => message.recipientUserId === loan.borrower.userId && message.purpose === 'COLLECTION_REMINDER');
  await setClock(shanghai(addDays(due, 1), 2));
  expect((await runJob('collection-reminders')).outcome.summary).toMatchObject({ sent: 0, refused: { OUTSIDE_HOURS: 1 } });
  expect(await outboxFor()).toHaveLength(0);
  await setClock(shanghai(addDays(due, 1), 10, 1));
  const sent = await outboxFor();
  expect(sent).toHaveLength(1);
  expect(sent[0]!.text).toContain('张*');
  expect(sent[0]!.text).toContain('逾期1天');
  expect((await runJob('collection-reminders')).outcome.summary).toMatchObject({ sent: 0 });
  expect(await outboxFor()).toHaveLength(1);

  // Day 31: legal track, bucket 31–60; the penalty is the core's figure and within the cap.
  await setClock(shanghai(addDays(due, 31), 1, 30));
  installments = await installmentItems(twin, documents, loan.loanId);
  expect(installments[0]!.penaltyFen).toBe(corePenalty(first, '0.1', 31));
  // 10% contract + penalty ≤ 13.8% cap: at most the 3.8% headroom on the unpaid amount.
  expect(installments[0]!.penaltyFen).toBeLessThanOrEqual(Math.ceil(((first.principalFen + first.interestFen) * 38 * 31) / 365_000));
  expect(await loanItem(twin, documents, loan.loanId)).toMatchObject({ overdueDays: 31, overdueBucket: '31-60' });
  const reviewer = await staff('reviewer');
  expect((await reviewer.get(`/v1/collections/${loan.loanId}`)).body).toMatchObject({ stage: 'LEGAL', overdueDays: 31 });
  // Reminders stopped once daily (days 1–30), one a day at most.
  expect((await outboxFor()).length).toBeLessThanOrEqual(30);
  expect(new Set((await outboxFor()).map((message) => message.sentAt.slice(0, 10))).size).toBe((await outboxFor()).length);

  // Day 91: the loan defaults; the case says so; the reserve's decision is disclosed (policy off).
  await setClock(shanghai(addDays(due, 91), 1, 30));
  expect(await loanItem(twin, documents, loan.loanId)).toMatchObject({ status: 'DEFAULTED', overdueDays: 91, overdueBucket: '90+' });
  installments = await installmentItems(twin, documents, loan.loanId);
  expect(installments[0]!.penaltyFen).toBe(corePenalty(first, '0.1', 91));
  const auditor = await staff('auditor');
  const detail = await auditor.get(`/v1/collections/${loan.loanId}`);
  expect(detail.body.stage).toBe('DEFAULTED');
  expect(detail.body.actions.map((action: { kind: string }) => action.kind)).toEqual(expect.arrayContaining(['OPENED', 'REMINDER_SENT', 'ESCALATED_TO_LEGAL', 'DEFAULTED', 'RISK_RESERVE_DECISION']));
  expect((await (await staff('reviewer')).get('/v1/collections?stage=DEFAULTED')).body.items.map((item: { loanId: string }) => item.loanId)).toContain(loan.loanId);
  const reserve = await json(`${twin.apiUrl}/v1/risk-reserve`);
  expect(reserve.status).toBe(200);
  expect(reserve.body.compensatesInvestors).toBe(false);
  expect(reserve.body.decisions).toEqual(expect.arrayContaining([expect.objectContaining({ loanId: loan.loanId, status: 'NOT_COMPENSATED', reason: 'POLICY_OFF' })]));

  // The sweep twice on the default day changes nothing.
  const atDefault = await loanItems();
  await runJob('overdue-sweep');
  expect(await loanItems()).toEqual(atDefault);

  // A late repayment of part of what is due: penalty, then interest, then principal, oldest installment first.
  installments = await installmentItems(twin, documents, loan.loanId);
  const oldest = installments[0]!;
  const penaltyOwed = oldest.penaltyFen - (oldest.paidPenaltyFen ?? 0);
  const partFen = penaltyOwed + oldest.interestFen + 10_000;
  const yuanOf = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  const fenOf = (yuan: string) => Number(yuan.replace('.', ''));
  const payer = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  await depositConfirmed(payer, yuanOf(partFen + 500_000));
  const late = await payer.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE', amount: yuanOf(partFen) });
  expect(late.status).toBe(202);
  expect(fenOf(late.body.amount)).toBe(partFen);
  expect(late.body.installments[0]).toMatchObject({ number: oldest.number, penalty: yuanOf(penaltyOwed), interest: yuanOf(oldest.interestFen), principal: '100.00', settles: false });
  expect(late.body.installments.slice(1).every((part: { principal: string; interest: string; penalty: string }) => fenOf(part.principal) + fenOf(part.interest) + fenOf(part.penalty) === 0)).toBe(true);
  await eventually(async () => ((await payer.get(`/v1/loans/${loan.loanId}/repayments`)).body.items?.find((item: { repaymentId: string; status: string }) => item.repaymentId === late.body.repaymentId && item.status === 'CONFIRMED')), 'the late repayment to be confirmed', 60_000);
  // The installment records what was paid (the next sweep starts a new penalty span on the smaller unpaid amount).
  const paidOldest = (await installmentItems(twin, documents, loan.loanId))[0]!;
  expect(paidOldest).toMatchObject({ paidPenaltyFen: penaltyOwed, paidInterestFen: oldest.interestFen, paidPrincipalFen: 10_000 });
  await expectLedgerBalanced(twin, documents);

  // Write-off: reviewers may not; an admin may, once (a replay gets the same answer); then 409.
  expect((await (await staff('reviewer')).post(`/v1/loans/${loan.loanId}/write-off`, { reason: 'UNCOLLECTABLE' })).status).toBe(403);
  const admin = await staff('admin');
  const writeOff = await admin.post(`/v1/loans/${loan.loanId}/write-off`, { reason: 'LEGAL_ACTION_EXHAUSTED' }, 'write-off-key-1');
  expect(writeOff.status).toBe(200);
  expect(writeOff.body).toMatchObject({ loanId: loan.loanId, status: 'WRITTEN_OFF' });
  const replay = await admin.post(`/v1/loans/${loan.loanId}/write-off`, { reason: 'LEGAL_ACTION_EXHAUSTED' }, 'write-off-key-1');
  expect(replay.status).toBe(200);
  expect(replay.headers.get('idempotency-replayed')).toBe('true');
  expect((await admin.post(`/v1/loans/${loan.loanId}/write-off`, { reason: 'UNCOLLECTABLE' })).status).toBe(409);
  expect((await admin.post('/v1/loans/no-such-loan/write-off', { reason: 'UNCOLLECTABLE' })).status).toBe(404);
  expect(await loanItem(twin, documents, loan.loanId)).toMatchObject({ status: 'WRITTEN_OFF' });
  expect((await (await staff('auditor')).get(`/v1/collections/${loan.loanId}`)).body).toMatchObject({ stage: 'WRITTEN_OFF' });

  // A recovery after the write-off is still taken and distributed.
  const recovery = await (await signedIn(twin, loan.borrower.userId, ['borrower', 'investor'])).post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE', amount: '1000.00' });
  expect(recovery.status).toBe(202);
  expect(recovery.body.installments[0]).toMatchObject({ number: oldest.number, penalty: '0.00', interest: '0.00', principal: '1000.00' });
  await eventually(async () => ((await payer.get(`/v1/loans/${loan.loanId}/repayments`)).body.items?.find((item: { repaymentId: string; status: string }) => item.repaymentId === recovery.body.repaymentId && item.status === 'CONFIRMED')), 'the recovery to be confirmed', 60_000);

  await expectLedgerBalanced(twin, documents);
});
