/**
 * Rescheduling while an installment is overdue, through HTTP on the twin: the borrower
 * had nothing on the first due date (the auto-debit took nothing; the sweep made it
 * OVERDUE), then a two-month holiday is asked, approved and accepted. The overdue
 * installment stays as it is (with its penalty); the execution's wait for the old second
 * due date collects only it; then one auto-debit per new due date until the loan settles.
 */
import { depositConfirmed, customer, signedIn } from '../support/custody';
import { loanItem, twinWithClientsForThisFile } from '../support/listings';
import { advanceClock, everyScheduleBut, installmentItems, legSafeTerms, repayingLoan, setSchedulesState } from '../support/servicing';
import { eventually } from '../support/twin-process';

const clients = twinWithClientsForThisFile();
const fenOf = (text: string) => Math.round(Number(text) * 100);
// Of the daily jobs only the overdue sweep, which this test examines, runs on the months' walk (the others are tested on their own).
beforeAll(() => setSchedulesState(clients.twin, everyScheduleBut('overdue-sweep'), 'DISABLED'));

test('an overdue installment stays through the reschedule and is collected on the next old due date; then one debit per new due date', async () => {
  const { twin, documents, sfn } = clients;
  const holiday = { kind: 'PAYMENT_HOLIDAY' as const, months: 2 };
  const loan = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 4, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 4, minAmountFen: 200_000, rescheduledBy: holiday }) });
  const me = () => signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  const spare = (await (await me()).get('/v1/me/account')).body.available;
  if (fenOf(spare) > 0) await (await me()).post('/v1/me/withdrawals', { amount: spare }).then((response) => expect(response.status).toBe(202));
  await eventually(async () => ((await (await me()).get('/v1/me/account')).body.balance === '0.00' ? true : undefined), 'the withdrawal to settle');

  // The first due date passes with nothing to take: two days later the installment is overdue.
  const [first, second] = loan.installments;
  await advanceClock(twin, { set: new Date(Date.parse(`${first!.dueDate}T04:00:00.000Z`) + 2 * 86_400_000).toISOString() });
  await eventually(async () => ((await installmentItems(twin, documents, loan.loanId))[0]?.status === 'OVERDUE' ? true : undefined), 'installment 1 to be overdue');

  const borrower = await me();
  const reviewer = await customer(twin, documents, { roles: ['reviewer'] });
  const path = `/v1/loans/${loan.loanId}/reschedule-request`;
  expect((await borrower.post(path, { reason: 'ILLNESS_OR_INJURY', wish: holiday })).status).toBe(201);
  const approved = await reviewer.post(`${path}/decision`, { decision: 'APPROVE', ...holiday });
  expect(approved.body).toMatchObject({ status: 'APPROVED', keptInstallments: 1 });
  expect((await borrower.post(`${path}/response`, { response: 'ACCEPT' })).status).toBe(200);
  const stored = await installmentItems(twin, documents, loan.loanId);
  expect(stored[0]).toMatchObject({ number: 1, dueDate: first!.dueDate, status: 'OVERDUE', principalFen: first!.principalFen, interestFen: first!.interestFen });
  expect(stored[1]!.dueDate).toBe(loan.installments[3]!.dueDate);

  // Enough for everything (the penalty included), then one move of the clock past the last new due date.
  const totalFen = stored.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  await depositConfirmed(borrower, `${Math.ceil(totalFen / 100) + 100}.00`);
  await advanceClock(twin, { set: `${stored.at(-1)!.dueDate}T04:00:00.000Z` });
  await eventually(async () => ((await loanItem(twin, documents, loan.loanId)).status === 'SETTLED' ? true : undefined), `${loan.loanId} to settle`, 60_000);

  const repayments = ((await (await me()).get(`/v1/loans/${loan.loanId}/repayments`)).body.items as Array<{ source: string; status: string; requestedOn: string; penalty: string; installments: Array<{ number: number }> }>).reverse();
  expect(repayments.map((repayment) => [repayment.source, repayment.status, repayment.requestedOn, repayment.installments.map((item) => item.number)])).toEqual([
    ['AUTO_DEBIT', 'CONFIRMED', second!.dueDate, [1]],
    ...stored.slice(1).map((item) => ['AUTO_DEBIT', 'CONFIRMED', item.dueDate, [item.number]]),
  ]);
  expect(fenOf(repayments[0]!.penalty)).toBeGreaterThan(0);
}, 300_000);
