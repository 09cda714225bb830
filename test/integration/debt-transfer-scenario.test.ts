/**
 * Debt transfer (债权转让, issue 17 §1) through HTTP only, on the twin: a 12-month loan funded by
 * 10 investors and auto-debited month by month; after 3 months investor A offers half of their
 * holding at a discount (value = outstanding principal + actual/365 accrued interest, checked
 * independently); 20 investors try to buy it at once and exactly one succeeds; the bank
 * simulator's signed callback settles it; the later repayments split between the buyer and A
 * (every holder ends with exactly their stake of principal, to the fen); the platform statistics
 * count the transfer; the ledger balances and the daily reconciliation (the schedule, fired by the
 * twin's clock every day) is BALANCED on every day from the disbursement to the end; both parties'
 * monthly statements add up to their custody accounts in the ledger, and their transfer gain and
 * loss (price − value) cancel out to the fen. The transfer agreement is signed at settlement with both
 * parties' consents and listed with the loan's documents.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { investor, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { addDays } from '../../functions/core/calendar';
import { customer, depositConfirmed, expectLedgerBalanced, ledgerAccounts, signedIn } from '../support/custody';
import { pdfText } from '../support/pdf-text';
import { advanceClock, everyScheduleBut, installmentItems, legSafeTerms, repayingLoan, setSchedulesState, twinNow, type RepayingLoan } from '../support/servicing';
import { eventually, json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
beforeAll(() => {
  ({ twin, documents, sfn } = setup);
});

const yuan = (amountFen: number) => `${Math.trunc(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;
const fenOf = (text: string) => Number(text.replace('.', ''));
const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
const shanghaiDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const monthsFrom = (first: string, last: string): string[] => {
  const months: string[] = [];
  for (let day = `${first}-01`; day.slice(0, 7) <= last; day = addDays(`${day.slice(0, 7)}-28`, 4).slice(0, 7) + '-01') months.push(day.slice(0, 7));
  return months;
};

async function fundBorrower(loan: RepayingLoan): Promise<void> {
  const total = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  await depositConfirmed(loan.borrower, `${Math.ceil(total / 100) + 10}.00`);
}

const installmentSettled = (loanId: string, number: number) =>
  eventually(async () => ((await installmentItems(twin, documents, loanId)).find((item) => item.number === number)?.status === 'SETTLED' ? true : undefined), `installment ${number} of ${loanId} to settle`, 40_000);

async function holdingOf(userId: string, loanId: string): Promise<Record<string, string>> {
  const items = (await (await signedIn(twin, userId, ['investor'])).get('/v1/me/holdings')).body.items as Array<Record<string, string>>;
  return items.find((item) => item.loanId === loanId)!;
}

// A year of daily jobs would cost most of this file's time: of them it examines only the daily reconciliation, which runs
// every day; the others (the overdue sweep finds nothing: every installment is paid on its due date) are tested on their own.
beforeAll(() => setSchedulesState(twin, everyScheduleBut('daily-reconciliation'), 'DISABLED'));

test('half a holding sold at a discount: one buyer of 20, settled by the bank, later repayments follow the new owner to the fen, reconciliation BALANCED', async () => {
  const loan = await repayingLoan(twin, documents, sfn, { investors: 10, termMonths: 12, concurrency: 3, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 12, minAmountFen: 2_000_000 }) });
  const disbursedOn = shanghaiDate(await twinNow(twin));
  await fundBorrower(loan);
  for (const number of [1, 2, 3]) {
    await advanceClock(twin, { set: `${loan.installments[number - 1]!.dueDate}T04:00:00.000Z` });
    await installmentSettled(loan.loanId, number);
  }
  await expectLedgerBalanced(twin, documents);

  // Five days after the third due date, A offers half of their holding (in 100-yuan steps) at about 3% below its value.
  const seller = [...loan.investors].sort((a, b) => b.stakeFen - a.stakeFen)[0]!;
  const third = loan.installments[2]!;
  const offerDay = new Date(Date.parse(`${third.dueDate}T00:00:00+08:00`) + 5 * 86_400_000 + 10 * 3_600_000);
  await advanceClock(twin, { set: offerDay.toISOString() });
  const a = await signedIn(twin, seller.who.userId, ['investor']);
  const before = await holdingOf(seller.who.userId, loan.loanId);
  const partFen = Math.floor(seller.stakeFen / 2 / 10_000) * 10_000;
  const movedPrincipal = Math.floor((fenOf(before.receivedPrincipal!) * partFen) / seller.stakeFen);
  const outstanding = partFen - movedPrincipal;
  const rate = loan.loan.annualRate as string;
  const [rateNumerator, rateDenominator] = [BigInt(rate.replace('0.', '')), 10n ** BigInt(rate.length - 2)];
  const days = BigInt(daysBetween(third.dueDate, new Date(offerDay.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)));
  const accrued = Number((2n * BigInt(outstanding) * rateNumerator * days + rateDenominator * 365n) / (2n * rateDenominator * 365n));
  const valueFen = outstanding + accrued;
  // The simulator declines transfers totalling an amount ending in .15.
  let priceFen = Math.round(valueFen * 0.97);
  if (priceFen % 100 === 15) priceFen += 1;

  const refused = await a.post('/v1/transfers', { loanId: loan.loanId, part: yuan(partFen), price: yuan(Math.round(valueFen * 0.5)) });
  expect(refused.status).toBe(422);
  const offered = await a.post('/v1/transfers', { loanId: loan.loanId, part: yuan(partFen), price: yuan(priceFen) });
  expect(offered.status).toBe(201);
  expect(offered.body).toMatchObject({ status: 'OPEN', part: yuan(partFen), outstandingPrincipal: yuan(outstanding), value: yuan(valueFen), price: yuan(priceFen), remainingInstallments: 9 });
  expect(Number(offered.body.premiumPercent)).toBeCloseTo(-3, 1);
  expect(Number(offered.body.yieldToMaturityPercent)).toBeGreaterThan(Number(rate) * 100 * 0.9);
  const offerId = offered.body.offerId as string;
  // The same holding cannot be offered twice; the market shows the offer without its seller.
  expect((await a.post('/v1/transfers', { loanId: loan.loanId, part: '100.00', price: yuan(Math.round(valueFen / (partFen / 10_000))) })).status).toBe(409);
  const market = await json(`${twin.apiUrl}/v1/transfers?grade=B`);
  expect(market.body.items.map((item: { offerId: string }) => item.offerId)).toContain(offerId);
  expect(JSON.stringify(market.body)).not.toContain(seller.who.userId);
  // The borrower may not buy.
  expect((await (await signedIn(twin, loan.borrower.userId, ['borrower', 'investor'])).post(`/v1/transfers/${offerId}/purchases`, {})).status).toBe(403);

  // 20 investors try to buy it at once: exactly one succeeds.
  const buyers = await Promise.all(Array.from({ length: 20 }, () => investor(twin, documents, { level: 'C5', deposit: yuan(priceFen + 10_000) })));
  const answers = await Promise.all(buyers.map((buyer) => buyer.post(`/v1/transfers/${offerId}/purchases`, {})));
  expect(answers.map((answer) => answer.status).sort()).toEqual([202, ...Array(19).fill(409)]);
  const winner = buyers[answers.findIndex((answer) => answer.status === 202)]!;
  const purchase = await eventually(async () => {
    const mine = (await winner.get('/v1/me/transfers')).body.purchases[0];
    return mine?.status === 'SETTLED' ? mine : undefined;
  }, 'the transfer to settle');
  expect(purchase).toMatchObject({ offerId, price: yuan(priceFen), part: yuan(partFen) });
  expect((await json(`${twin.apiUrl}/v1/transfers/${offerId}`)).body.status).toBe('SOLD');
  // The losers' money is all available again; the winner paid the price; A received the price less the fee.
  for (const buyer of buyers) {
    const account = (await buyer.get('/v1/me/account')).body;
    expect(account.available).toBe(yuan(buyer === winner ? 10_000 : priceFen + 10_000));
  }
  const mine = (await a.get('/v1/me/transfers')).body.offers[0];
  expect(mine).toMatchObject({ offerId, status: 'SOLD', proceeds: yuan(priceFen - fenOf(mine.fee)) });
  expect(await holdingOf(winner.userId, loan.loanId)).toMatchObject({ principalInvested: yuan(partFen), expectedPrincipal: yuan(partFen), receivedPrincipal: yuan(movedPrincipal) });
  expect(await holdingOf(seller.who.userId, loan.loanId)).toMatchObject({ principalInvested: yuan(seller.stakeFen - partFen), expectedPrincipal: yuan(seller.stakeFen - partFen) });
  await expectLedgerBalanced(twin, documents);
  // The platform statistics count it: one transfer, its price.
  await eventually(async () => {
    const stats = (await json(`${twin.apiUrl}/v1/stats`)).body;
    return stats.transfers?.count === 1 ? stats : undefined;
  }, 'the statistics to count the transfer');
  expect((await json(`${twin.apiUrl}/v1/stats?grade=B`)).body.transfers).toEqual({ amount: yuan(priceFen), count: 1 });

  // The transfer agreement (债权转让协议): signed at settlement with both parties' consents, listed with the loan's documents, verifiable.
  const purchaseId = purchase.purchaseId as string;
  const listed = await winner.get(`/v1/loans/${loan.loanId}/documents`);
  expect(listed.status).toBe(200);
  expect(listed.body.items.map((item: { kind: string }) => item.kind)).toEqual(['loan-contract', 'transfer-agreement']); // the buyer now sees the contract too
  const agreement = listed.body.items[1];
  expect(agreement).toMatchObject({ documentId: purchaseId, href: `/v1/loans/${loan.loanId}/transfer-agreements/${purchaseId}` });
  expect((await a.get(`/v1/loans/${loan.loanId}/documents`)).body.items.map((item: { documentId: string }) => item.documentId)).toEqual([loan.loanId, purchaseId]);
  const verification = await a.get(agreement.verificationHref);
  expect(verification.body).toMatchObject({ hashMatches: true, valid: true, termsHash: agreement.termsHash });
  expect(verification.body.signatures.map((signature: { role: string; consent?: { channel: string } }) => [signature.role, signature.consent?.channel])).toEqual([
    ['seller', 'transfer-offer'],
    ['buyer', 'transfer-purchase'],
    ['platform', undefined],
  ]);
  const pdf = await fetch(`${twin.apiUrl}${agreement.href}`, { headers: { authorization: `Bearer ${winner.token}` } });
  expect(pdf.status).toBe(200);
  const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
  expect(text).toContain('债权转让协议');
  expect(text).toContain(`人民币 ${yuan(priceFen)} 元`);
  expect(text).not.toContain(winner.userId);
  // A losing buyer is no party to it.
  const loser = buyers.find((buyer) => buyer !== winner)!;
  expect((await loser.get(agreement.verificationHref)).status).toBe(404);
  expect((await loser.get(`/v1/loans/${loan.loanId}/documents`)).status).toBe(404);

  // The transfer day reconciles BALANCED with the bank's statement.
  const transferDay = new Date(offerDay.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  await advanceClock(twin, { set: new Date(Date.parse(`${transferDay}T03:00:00+08:00`) + 86_400_000).toISOString() });
  const auditor = await customer(twin, documents, { roles: ['auditor'] });
  const report = await eventually(async () => {
    const answer = await auditor.get(`/v1/reconciliations/${transferDay}`);
    return answer.status === 200 ? answer.body : undefined;
  }, 'the transfer day to be reconciled');
  expect(report).toMatchObject({ businessDate: transferDay, status: 'BALANCED', differenceCount: 0 });

  // The remaining repayments follow the new owner; by the end every holder has exactly their stake back.
  for (let number = 4; number <= 12; number += 1) {
    await advanceClock(twin, { set: `${loan.installments[number - 1]!.dueDate}T04:00:00.000Z` });
    await installmentSettled(loan.loanId, number);
  }
  await eventually(async () => ((await loanItem(twin, documents, loan.loanId)).status === 'SETTLED' ? true : undefined), 'the loan to settle');
  expect(await holdingOf(winner.userId, loan.loanId)).toMatchObject({ receivedPrincipal: yuan(partFen), outstandingPrincipal: '0.00' });
  expect(await holdingOf(seller.who.userId, loan.loanId)).toMatchObject({ receivedPrincipal: yuan(seller.stakeFen - partFen), outstandingPrincipal: '0.00' });
  for (const other of loan.investors.filter((funder) => funder !== seller)) {
    expect(await holdingOf(other.who.userId, loan.loanId)).toMatchObject({ receivedPrincipal: yuan(other.stakeFen) });
  }
  // The buyer's shares: none of the first three repayments, a share of each later one, summing to the principal bought to the fen.
  const repayments = (await (await signedIn(twin, winner.userId, ['investor'])).get(`/v1/loans/${loan.loanId}/repayments`)).body.items as Array<{ number: number; yourShare?: { principal: string } }>;
  expect(repayments.filter((item) => item.yourShare).map((item) => item.number).sort((x, y) => x - y)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
  expect(repayments.reduce((sum, item) => sum + fenOf(item.yourShare?.principal ?? '0.00'), 0)).toBe(outstanding);
  await expectLedgerBalanced(twin, documents);

  // Into the month after the last due date: every month has a statement, every day has been reconciled.
  const lastMonth = String(loan.installments.at(-1)!.dueDate).slice(0, 7);
  const firstOfNext = addDays(`${lastMonth}-28`, 4).slice(0, 7) + '-01';
  await advanceClock(twin, { set: `${addDays(firstOfNext, 1)}T04:00:00.000Z` });
  await expectLedgerBalanced(twin, documents);
  const today = shanghaiDate(await twinNow(twin));
  const unbalanced: string[] = [];
  // A fresh token: the clock has moved months since the auditor signed in.
  const reader = await signedIn(twin, auditor.userId, ['auditor']);
  for (let day = disbursedOn; day < today; day = addDays(day, 1)) {
    const answer = await reader.get(`/v1/reconciliations/${day}`);
    if (answer.status !== 200 || answer.body.status !== 'BALANCED') unbalanced.push(`${day}: ${answer.status} ${answer.body.status ?? answer.body.title}`);
  }
  expect(unbalanced).toEqual([]);

  // Both parties' statements, month by month, add up to their custody accounts in the ledger; the seller's loss is the buyer's gain.
  const ledger = new Map((await ledgerAccounts(twin, documents)).map((item) => [String(item.account), item]));
  const gains = new Map<string, number>();
  for (const party of [a, winner]) {
    const me = await signedIn(twin, party.userId, ['investor']);
    const totals = { net: 0, invested: 0, transferGains: 0 };
    for (const period of monthsFrom(disbursedOn.slice(0, 7), lastMonth)) {
      const statement = (await me.get(`/v1/me/statements/${period}`)).body;
      expect(statement.lines.reduce((sum: number, line: { net: string }) => sum + fenOf(line.net), 0)).toBe(fenOf(statement.totals.net));
      for (const name of Object.keys(totals) as Array<keyof typeof totals>) totals[name] += fenOf(statement.totals[name]);
    }
    const custody = ledger.get(`custody:${party.userId}`)!;
    const account = (await me.get('/v1/me/account')).body;
    // What moved in the custody account besides deposits and withdrawals: exactly the statements' net.
    expect(totals.net).toBe(custody.creditsPosted - custody.debitsPosted - fenOf(account.totalDeposited) + fenOf(account.totalWithdrawn));
    const portfolio = (await me.get('/v1/me/portfolio')).body;
    expect(fenOf(portfolio.total.transferGain)).toBe(totals.transferGains);
    expect(portfolio.total.outstandingPrincipal).toBe('0.00');
    gains.set(party.userId, totals.transferGains);
    if (party === a) expect(totals.invested).toBe(custody.debitsPosted);
  }
  expect(gains.get(a.userId)).toBe(priceFen - valueFen);
  expect(gains.get(winner.userId)).toBe(valueFen - priceFen);
}, 900_000);
