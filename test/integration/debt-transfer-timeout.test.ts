/**
 * The settlement timeout of a debt transfer (债权转让) on the twin: the bank simulator executes
 * a purchase's instruction but its callback is held (lost); the next daily-reconciliation run
 * asks the bank (GET /v1/instructions/{id}) and settles it as the callback would have, on the
 * bank's execution date, so that day reconciles BALANCED; a purchase the bank declined, its
 * callback lost too, is voided (the buyer's money available again, the offer back on the
 * market). The late callbacks change nothing. Through HTTP, the twin's clock and its bank.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../../functions/core/calendar';
import { bank, customer, depositConfirmed, expectLedgerBalanced, signedIn, type Customer } from '../support/custody';
import { investor, twinWithClientsForThisFile } from '../support/listings';
import { advanceClock, everyScheduleBut, installmentItems, legSafeTerms, repayingLoan, setSchedulesState, twinNow } from '../support/servicing';
import { eventually, json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
// The walk examines the daily reconciliation only: the other daily jobs are DISABLED, as EventBridge Scheduler disables one.
beforeAll(async () => {
  ({ twin, documents, sfn } = setup);
  await setSchedulesState(twin, everyScheduleBut('daily-reconciliation'), 'DISABLED');
});

const yuan = (amountFen: number) => `${Math.trunc(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;
const shanghaiDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** 03:00 Shanghai on the day after `date`: the 02:30 reconciliation of `date` has run. */
const afterReconciliationOf = (date: string) => new Date(Date.parse(`${addDays(date, 1)}T03:00:00+08:00`)).toISOString();

/** The part's value, read from the refusal of a price far below it. */
async function valueOf(seller: Customer, loanId: string, part: string): Promise<number> {
  const refused = await seller.post('/v1/transfers', { loanId, part, price: '0.01' });
  expect(refused.status).toBe(422);
  return Number(/value (\d+)\.(\d\d)/.exec(String(refused.body.detail))!.slice(1).join(''));
}

/** A fresh sign-in: tokens expire on the twin's clock, which the test moves by days. */
const again = (who: Customer) => signedIn(twin, who.userId, ['investor']);

async function purchaseOf(buyer: Customer, status: string): Promise<Record<string, string>> {
  const me = await again(buyer);
  return eventually(async () => {
    const mine = (await me.get('/v1/me/transfers')).body.purchases[0];
    return mine?.status === status ? mine : undefined;
  }, `the purchase to be ${status}`);
}

test('lost callbacks: the daily reconciliation asks the bank; executed → settled on its day (BALANCED), declined → voided; late callbacks change nothing', async () => {
  const loan = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 3, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 3, minAmountFen: 400_000 }) });
  const disbursedOn = shanghaiDate(await twinNow(twin));
  const total = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  await depositConfirmed(loan.borrower, `${Math.ceil(total / 100) + 10}.00`);
  const first = loan.installments[0]!;
  await advanceClock(twin, { set: `${first.dueDate}T04:00:00.000Z` });
  await eventually(async () => ((await installmentItems(twin, documents, loan.loanId)).find((item) => item.number === 1)?.status === 'SETTLED' ? true : undefined), 'installment 1 to settle', 40_000);
  const saleDay = addDays(first.dueDate, 5);
  await advanceClock(twin, { set: new Date(Date.parse(`${saleDay}T10:00:00+08:00`)).toISOString() });
  const [one, two] = loan.investors;
  const sellerOne = await signedIn(twin, one!.who.userId, ['investor']);
  const sellerTwo = await signedIn(twin, two!.who.userId, ['investor']);

  // 1. Executed at the bank, its callback lost.
  const valueOne = await valueOf(sellerOne, loan.loanId, '100.00');
  const priceOne = valueOne % 100 === 15 ? valueOne - 1 : valueOne;
  const offerOne = await sellerOne.post('/v1/transfers', { loanId: loan.loanId, part: '100.00', price: yuan(priceOne) });
  expect(offerOne.status).toBe(201);
  // 2. Declined at the bank (its legs total an amount ending in .15), its callback lost.
  const valueTwo = await valueOf(sellerTwo, loan.loanId, '100.00');
  const priceTwo = valueTwo - ((valueTwo % 100) - 15 + (valueTwo % 100 < 15 ? 100 : 0));
  const offerTwo = await sellerTwo.post('/v1/transfers', { loanId: loan.loanId, part: '100.00', price: yuan(priceTwo) });
  expect(offerTwo.status).toBe(201);
  // The buyers' deposits (whole yuan: no amount the simulator treats specially) are confirmed before the bank's callbacks are held.
  const depositOf = (priceFen: number) => (Math.ceil(priceFen / 100) + 1) * 100;
  const [buyerOne, buyerTwo] = await Promise.all([investor(twin, documents, { level: 'C5', deposit: yuan(depositOf(priceOne)) }), investor(twin, documents, { level: 'C5', deposit: yuan(depositOf(priceTwo)) })]);
  const bought = async (buyer: Customer, offerId: string) => {
    const answer = await buyer.post(`/v1/transfers/${offerId}/purchases`, {});
    expect({ status: answer.status, detail: answer.body.detail }).toEqual({ status: 202, detail: undefined });
  };
  await bank(twin).hold(true);

  // The executed one: the next 02:30 settles it by the status query, on the bank's execution date.
  await bought(buyerOne, offerOne.body.offerId);
  await purchaseOf(buyerOne, 'PENDING');
  await advanceClock(twin, { set: afterReconciliationOf(saleDay) });
  expect(await purchaseOf(buyerOne, 'SETTLED')).toMatchObject({ price: yuan(priceOne) });
  expect((await json(`${twin.apiUrl}/v1/transfers/${offerOne.body.offerId}`)).body.status).toBe('SOLD');
  const holding = ((await (await again(buyerOne)).get('/v1/me/holdings')).body.items as Array<Record<string, string>>).find((item) => item.loanId === loan.loanId);
  expect(holding).toMatchObject({ principalInvested: '100.00' });

  // The declined one (the loan's lock is free again): the next 02:30 voids it.
  const nextDay = addDays(saleDay, 1);
  await bought(await again(buyerTwo), offerTwo.body.offerId);
  await purchaseOf(buyerTwo, 'PENDING');
  expect((await (await again(buyerTwo)).get('/v1/me/account')).body.available).toBe(yuan(depositOf(priceTwo) - priceTwo));
  await advanceClock(twin, { set: afterReconciliationOf(nextDay) });
  expect(await purchaseOf(buyerTwo, 'FAILED')).toMatchObject({ price: yuan(priceTwo) });
  expect((await (await again(buyerTwo)).get('/v1/me/account')).body.available).toBe(yuan(depositOf(priceTwo)));
  expect((await json(`${twin.apiUrl}/v1/transfers/${offerTwo.body.offerId}`)).body.status).toBe('OPEN');
  let auditor = await customer(twin, documents, { roles: ['auditor'] });
  for (const day of [saleDay, nextDay]) expect((await auditor.get(`/v1/reconciliations/${day}`)).body).toMatchObject({ businessDate: day, status: 'BALANCED', differenceCount: 0 });
  await expectLedgerBalanced(twin, documents);

  // The lost callbacks arrive after all: nothing changes.
  const sellerAccount = (await (await again(sellerOne)).get('/v1/me/account')).body;
  await bank(twin).hold(false);
  await eventually(async () => ((await bank(twin).events()).every((event) => event.status === 'DELIVERED') ? true : undefined), 'the held callbacks to be delivered');
  expect((await (await again(sellerOne)).get('/v1/me/account')).body).toEqual(sellerAccount);
  expect((await (await again(buyerTwo)).get('/v1/me/account')).body.available).toBe(yuan(depositOf(priceTwo)));
  expect((await (await again(buyerOne)).get('/v1/me/account')).body.available).toBe(yuan(depositOf(priceOne) - priceOne));
  await expectLedgerBalanced(twin, documents);

  // Every day since the disbursement reconciled BALANCED.
  await advanceClock(twin, { set: afterReconciliationOf(addDays(nextDay, 1)) });
  auditor = await signedIn(twin, auditor.userId, ['auditor']);
  for (let day = disbursedOn; day <= addDays(nextDay, 1); day = addDays(day, 1)) {
    expect({ day, status: (await auditor.get(`/v1/reconciliations/${day}`)).body.status }).toEqual({ day, status: 'BALANCED' });
  }
}, 600_000);
