/**
 * Daily reconciliation through the twin: the scheduled job, fired by the twin's clock
 * at 02:30 Asia/Shanghai, compares the bank simulator's statement of the previous
 * business day with the platform's books. A clean day is BALANCED; a difference
 * injected at the bank is reported, with the alarm line, and the ledger still sums
 * to zero.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bank, customer, depositConfirmed, expectLedgerBalanced, settled, signedIn } from '../support/custody';
import { json, type RunningTwin } from '../support/twin-process';
import { eventually } from '../support/twin-process';
import { investor, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import type { SFNClient } from '@aws-sdk/client-sfn';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
beforeAll(() => {
  ({ twin, documents, sfn } = setup);
});

/** The business date (Asia/Shanghai) the twin's clock is on. */
async function businessDay(): Promise<string> {
  const now = (await json(`${twin.apiUrl}/_twin/clock`)).body.now as string;
  return new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Moves the twin's clock to 03:00 the next day, past the 02:30 reconciliation of `date`. */
async function closeDay(date: string): Promise<void> {
  const next = new Date(Date.parse(`${date}T03:00:00+08:00`) + 24 * 3600_000).toISOString();
  const moved = await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ set: next }) });
  expect(moved.status).toBe(200);
}

async function report(date: string) {
  const auditor = await customer(twin, documents, { roles: ['auditor'] });
  return auditor.get(`/v1/reconciliations/${date}`);
}

test('a clean day reconciles BALANCED; only auditors and admins read the report', async () => {
  const ivan = await customer(twin, documents);
  await depositConfirmed(ivan, '500.00');
  await settled(ivan, 'withdrawals', (await ivan.post('/v1/me/withdrawals', { amount: '120.00' })).body.id);
  await ivan.post('/v1/me/deposits', { amount: '7.13' }); // declined at the bank: no movement on either side
  const day = await businessDay();
  expect((await report(day)).status).toBe(404);

  await closeDay(day);
  const clean = await report(day);
  expect(clean.status).toBe(200);
  expect(clean.body).toMatchObject({ businessDate: day, status: 'BALANCED', differenceCount: 0, differences: [], bankMovements: 2, platformMovements: 2 });
  expect(clean.body.accountsChecked).toBeGreaterThanOrEqual(2);
  expect((await (await signedIn(twin, ivan.userId)).get(`/v1/reconciliations/${day}`)).status).toBe(403);
  expect(twin.output()).not.toContain('"alarm":"ReconciliationDifference"');
}, 30_000);

test('a day with a disbursement reconciles BALANCED: every leg of the one transfer instruction is in the day book, the fee account includes the risk reserve', async () => {
  const borrower = await customer(twin, documents, { roles: ['borrower'] });
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 400_000, grade: 'B' });
  const investors = await Promise.all([1, 2, 3].map(() => investor(twin, documents, { deposit: '2000.00', level: 'C3' })));
  for (const [index, amount] of ['1500.00', '1500.00', '1000.00'].entries()) {
    expect((await investors[index]!.post(`/v1/listings/${loanId}/bids`, { amount })).status).toBe(201);
  }
  await eventually(async () => ((await loanItem(twin, documents, loanId)).status === 'REPAYING' ? true : undefined), `${loanId} to be disbursed`, 30_000);
  const day = await businessDay();

  await closeDay(day);
  const found = await report(day);
  expect(found.status).toBe(200);
  // The bank books 8 movements for the transfer (each leg's debit and credit) and 3 deposits; the
  // day book sums the borrower's three credits into one line: 3 investor debits, the borrower's
  // credit and fee debit, the fee account's credit, and the deposits.
  expect(found.body).toMatchObject({ businessDate: day, status: 'BALANCED', differenceCount: 0, differences: [], bankMovements: 11, platformMovements: 9 });
  await expectLedgerBalanced(twin, documents);
}, 60_000);

test('a difference injected at the bank is reported, with its alarm', async () => {
  const judy = await customer(twin, documents);
  await depositConfirmed(judy, '250.00');
  const untouched = await customer(twin, documents);
  await depositConfirmed(untouched, '10.00');
  const subAccountId = (await judy.get('/v1/me/account')).body.subAccountId as string;
  const adjustment = await bank(twin).adjust({ subAccountId, amount: '8.88', direction: 'CREDIT', note: 'reconciliation test' });
  expect(adjustment.status).toBe(201);
  const day = await businessDay();

  await closeDay(day);
  const found = await report(day);
  expect(found.status).toBe(200);
  expect(found.body).toMatchObject({ businessDate: day, status: 'DIFFERENCES', differenceCount: 2 });
  expect(found.body.differences).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'MISSING_AT_PLATFORM', subAccountId, operation: 'ADJUSTMENT', direction: 'CREDIT', amount: '8.88', movementIds: [adjustment.body.movementId] }),
      expect.objectContaining({ kind: 'BALANCE_MISMATCH', subAccountId, ownerRef: judy.userId, bankBalance: '258.88', platformBalance: '250.00' }),
    ]),
  );
  const alarm = twin
    .output()
    .split('\n')
    .find((line) => line.includes('"alarm":"ReconciliationDifference"'));
  expect(alarm && JSON.parse(alarm)).toMatchObject({ alarm: 'ReconciliationDifference', businessDate: day, differenceCount: 2 });
  // The platform's own books still balance; the difference is the bank's.
  expect((await (await signedIn(twin, judy.userId)).get('/v1/me/account')).body.available).toBe('250.00');
}, 30_000);

test('the ledger sums to zero after the scenario', async () => {
  const ledgerUsers = (await bank(twin).subAccounts()).filter((account) => account.kind === 'USER');
  expect(ledgerUsers.length).toBeGreaterThanOrEqual(3);
  // The bank holds 8.88 more than the ledger mirrors: that is the reported difference.
  await expect(expectLedgerBalanced(twin, documents)).rejects.toThrow();
  await bank(twin).adjust({ subAccountId: ledgerUsers.find((account) => account.balance === '258.88').subAccountId, amount: '8.88', direction: 'DEBIT', note: 'reversal' });
  await expectLedgerBalanced(twin, documents);
});
