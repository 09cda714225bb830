/**
 * Every money limit holds under concurrency (docs/domain/money-and-ledger.md, "Limits"):
 * many parallel requests through the twin's HTTP API meet each limit exactly and never
 * pass it, with balances and the ledger consistent. Each limit is a condition inside the
 * transaction of the write it limits; the last test shows the borrower's cap holding even
 * against reads made before another application went through.
 */
import { randomUUID } from 'node:crypto';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { simulatedBureauCase } from '../../functions/adapters/credit-bureau/credit-bureau';
import { ConcurrentModificationError } from '../../functions/core/errors';
import { customer, expectLedgerBalanced, markVerified, signedIn, type Customer } from '../support/custody';
import { investor, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { eventually, json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
let borrower: Customer;
beforeAll(async () => {
  ({ twin, documents, sfn } = setup);
  borrower = await customer(twin, documents, { roles: ['borrower'] });
});

const bidOn = (who: Customer, listingId: string, amount: string) => who.post(`/v1/listings/${listingId}/bids`, { amount });
const statuses = (responses: ReadonlyArray<{ status: number }>) => responses.map((response) => response.status).sort();
const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

test('a C1 investor (limit ¥50,000) with ¥100,000 sends 20 parallel ¥5,000 bids on one listing: exactly 10 are accepted, ¥50,000 frozen, never more', async () => {
  const listingId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 20_000_000, grade: 'A' });
  const cautious = await investor(twin, documents, { deposit: '100000.00', level: 'C1' });
  const responses = await Promise.all(Array.from({ length: 20 }, () => bidOn(cautious, listingId, '5000.00')));
  expect(statuses(responses)).toEqual([...times(10, 201), ...times(10, 403)]);
  for (const refused of responses.filter((response) => response.status === 403)) expect(refused.body.detail).toContain('at most 50000.00 yuan outstanding');
  expect((await cautious.get('/v1/me/account')).body).toMatchObject({ available: '50000.00', frozen: '50000.00' });
  expect((await cautious.get('/v1/me/bids')).body.items).toHaveLength(10);
  expect((await cautious.get(`/v1/listings/${listingId}`)).body).toMatchObject({ funded: '50000.00', bidCount: 10, investorCount: 1 });
  // One more, alone, is refused too: the limit is met to the fen.
  expect((await bidOn(cautious, listingId, '100.00')).status).toBe(403);
  await expectLedgerBalanced(twin, documents);
}, 90_000);

test('a loan takes at most 199 investors: 20 new investors bid at once on a listing with 190, exactly 9 are accepted', async () => {
  const listingId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 10_000_000, grade: 'A' });
  // 190 investors bid meanwhile (their count, as their bids would have raised it).
  await documents.send(new UpdateCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${listingId}`, sk: 'LOAN' }, UpdateExpression: 'SET investorCount = :count', ExpressionAttributeValues: { ':count': 190 } }));
  const investors = await Promise.all(Array.from({ length: 20 }, () => investor(twin, documents, { deposit: '1000.00', level: 'C5' })));
  const responses = await Promise.all(investors.map((who) => bidOn(who, listingId, '100.00')));
  expect(statuses(responses)).toEqual([...times(9, 201), ...times(11, 409)]);
  expect((await loanItem(twin, documents, listingId))).toMatchObject({ investorCount: 199, bidCount: 9, fundedFen: 90_000 });
  const frozen = await Promise.all(investors.map(async (who) => (await who.get('/v1/me/account')).body.frozen));
  expect(frozen.filter((amount) => amount === '100.00')).toHaveLength(9);
  expect(frozen.filter((amount) => amount === '0.00')).toHaveLength(11);
  await expectLedgerBalanced(twin, documents);
}, 120_000);

/** A verified personal borrower the credit-bureau simulator reports clean (applications are approved and listed). */
async function cleanBorrower(): Promise<Customer> {
  let userId = `user-${randomUUID()}`;
  while (simulatedBureauCase(userId) !== 'CLEAN') userId = `user-${randomUUID()}`;
  await markVerified(documents, twin, userId, ['borrower']);
  return signedIn(twin, userId, ['borrower']);
}

const application = { amount: '100000.00', termMonths: 12, annualRate: '0.10', method: 'EQUAL_INSTALLMENT', purposeCategory: 'HOME_RENOVATION', purpose: 'home renovation', monthlyIncome: '60000.00', kind: 'personal' };

/** Waits for the application's decision; one referred to manual review (a second application in the velocity window is) is approved by the seeded reviewer. */
async function listedOrApproved(loanId: string): Promise<void> {
  const decided = await eventually(async () => {
    const loan = await loanItem(twin, documents, loanId);
    return loan.status === 'LISTED' || (loan.status === 'IN_REVIEW' && loan.pendingDecision?.decision === 'REVIEW') ? loan : undefined;
  }, `${loanId} to be listed or in review`);
  if (decided.status === 'LISTED') return;
  const login = await json(`${twin.apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'reviewer', password: 'Reviewer-local-2026!' }) });
  const approved = await json(`${twin.apiUrl}/v1/reviews/${loanId}/decision`, {
    method: 'POST',
    headers: { authorization: `Bearer ${login.body.accessToken}`, 'idempotency-key': `key-${randomUUID()}` },
    body: JSON.stringify({ decision: 'APPROVED', grade: 'B' }),
  });
  expect(approved.status).toBe(200);
  await eventually(async () => ((await loanItem(twin, documents, loanId)).status === 'LISTED' ? true : undefined), `${loanId} to be listed`);
}

test('a borrower sends waves of 20 parallel ¥100,000 applications: the platform cap of ¥200,000 is met exactly, never passed', async () => {
  const applicant = await cleanBorrower();
  const accepted: string[] = [];
  for (let wave = 0; wave < 4; wave += 1) {
    const responses = await Promise.all(Array.from({ length: 20 }, () => applicant.post('/v1/loan-applications', application)));
    const through = responses.filter((response) => response.status === 202);
    for (const response of responses.filter((candidate) => candidate.status !== 202)) expect([409, 422]).toContain(response.status);
    if (through.length === 0) {
      expect(responses.some((response) => response.status === 422 && JSON.stringify(response.body).includes('PLATFORM_LIMIT_EXCEEDED'))).toBe(true);
      break;
    }
    // One open application at a time; a request read after an earlier one was listed may go through in the same wave.
    for (const response of through) {
      accepted.push(response.body.loanId);
      // The next wave once it is listed: it counts, and its open-application marker is gone.
      await listedOrApproved(response.body.loanId);
    }
  }
  expect(accepted).toHaveLength(2);
  const loans = (await applicant.get('/v1/me/loans')).body.items as Array<{ status: string; amount: string }>;
  expect(loans.filter((loan) => loan.status !== 'REJECTED').reduce((sum, loan) => sum + Number(loan.amount), 0)).toBe(200_000);
}, 180_000);

test('the platform cap is a condition of the application’s transaction: 20 applications checked against the same reading, each written after the one before was listed, only the first goes through', async () => {
  Object.assign(process.env, { TABLE_NAME: twin.tableName, AWS_ENDPOINT_URL_DYNAMODB: twin.dynamoDbUrl, AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  const repository = await import('../../functions/adapters/dynamodb/loan-application-repository');
  const { applyForLoan } = await import('../../functions/application/loan-application');
  const { parseRate } = await import('../../functions/core/rate');
  const borrowerId = `user-${randomUUID()}`;
  // 20 × ¥100,000 from one reading of no loans at all: without the condition all would be written, ¥2,000,000 against a ¥200,000 cap.
  const count = 20;
  // Every application reads the borrower's loans before any is written…
  let read = 0;
  let allRead: () => void = () => undefined;
  const readingDone = new Promise<void>((resolve) => (allRead = resolve));
  // …and each is written only after the one before it was decided (listed), so that no open-application marker stops it.
  let previous: Promise<unknown> = readingDone;
  const listed = async (loanId: string) =>
    documents.send(new UpdateCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, UpdateExpression: 'SET #status = :listed', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':listed': 'LISTED' } }));
  const ports = {
    applications: {
      find: repository.findApplication,
      borrowing: async (id: string) => {
        const reading = await repository.borrowing(id);
        read += 1;
        if (read === count) allRead();
        await readingDone;
        return reading;
      },
      submit: (...args: Parameters<typeof repository.submitApplication>) => {
        const turn = previous.then(async () => {
          const loan = await repository.submitApplication(...args);
          await listed(loan.loanId);
          await repository.closeApplication(loan);
          return loan;
        });
        previous = turn.catch(() => undefined);
        return turn;
      },
    },
    profiles: { find: async () => ({ userId: borrowerId, username: borrowerId, roles: ['borrower' as const], createdAt: '2026-01-01T00:00:00Z', verification: { status: 'VERIFIED' as const, kind: 'personal' as const, verifiedAt: '2026-01-01T00:00:00Z', masked: {}, birthDate: '1990-01-01' } }) },
    creditBureau: { report: async () => ({ creditHistoryMonths: 60, otherPlatformsOutstandingFen: 0, overdueCount24m: 0, maxOverdueDays: 0, currentOverdueFen: 0, dishonestDebtor: false }) },
    origination: { start: async () => undefined },
    policy: { loanPrimeRate: () => parseRate('0.0345'), lprMultiple: () => 4, incomeMultiple: () => 3 },
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, (_, index) => applyForLoan(ports, { borrowerId, idempotencyKey: `key-${index}`, form: { ...application, method: 'EQUAL_INSTALLMENT', kind: 'personal', purposeCategory: 'HOME_RENOVATION' } }, new Date())),
  );
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrentModificationError);
  const { Items } = await documents.send(
    new QueryCommand({ TableName: twin.tableName, IndexName: 'byOwner', KeyConditionExpression: 'ownerPk = :owner', ExpressionAttributeValues: { ':owner': `USER#${borrowerId}#LOANS` } }),
  );
  expect(Items).toHaveLength(1);
  const book = (await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `USER#${borrowerId}`, sk: 'BORROWING' }, ConsistentRead: true }))).Item;
  expect(book).toMatchObject({ version: 1, loans: { [Items![0]!.loanId]: 10_000_000 } });
}, 60_000);
