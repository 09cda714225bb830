/**
 * Month-end stocks on the twin (issue #7): activity in month M (three loans lent, one
 * settled early by its borrower), the table recomputed at M's last evening; then M+1
 * (an installment auto-debited, another loan overdue). The month-M figures from the
 * counters (`monthEndFigures`, whole and filtered) and the month-M export's headline
 * (written by the job on the 1st, re-run since: the same bytes) equal the recomputation
 * AS OF M's end, and differ from the current stats. Redelivered stream records change
 * no month's stock.
 */
import { jest } from '@jest/globals';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { businessDate, platformTimeZone } from '../../functions/core/calendar';
import { disclosureFigures, monthEnd, nextMonth, type LoanBookLoan } from '../../functions/core/disclosure-figures';
import { figuresJson } from '../../functions/core/disclosure-export';
import type { FiguresFilter } from '../../functions/core/platform-counters';
import { settled, signedIn, tokenFor } from '../support/custody';
import { loanItem, twinWithClientsForThisFile } from '../support/listings';
import { figuresAdapter, recomputeFigures, scanTable } from '../support/platform-figures';
import { advanceClock, everyScheduleBut, installmentItems, legSafeTerms, repayingLoan, setSchedulesState, topUp, twinNow } from '../support/servicing';
import { eventually, json } from '../support/twin-process';

jest.setTimeout(900_000);
const clients = twinWithClientsForThisFile();
// Of the daily jobs only those this test examines run on the months' walk: the overdue sweep and the 1st's export (the others are tested on their own).
beforeAll(() => setSchedulesState(clients.twin, everyScheduleBut('overdue-sweep', 'monthly-disclosure'), 'DISABLED'));

type Item = Record<string, any>;
const withoutFees = (report: Item) => ({ ...report, fees: undefined });
const shanghai = (iso: string) => businessDate(new Date(iso), platformTimeZone);

/** The loan book as the reconstruction reads it (every disbursed loan and its installments), from a scan of the table. */
function loanBookOf(items: readonly Item[]): LoanBookLoan[] {
  return items
    .filter((item) => String(item.pk).startsWith('LOAN#') && item.sk === 'LOAN' && item.disbursedAt !== undefined)
    .map((loan) => ({
      loanId: loan.loanId,
      amountFen: loan.amountFen,
      disbursedOn: shanghai(loan.disbursedAt),
      installments: items
        .filter((item) => item.pk === loan.pk && String(item.sk).startsWith('INSTALLMENT#'))
        .map((installment) => ({ dueDate: installment.dueDate, principalFen: installment.principalFen, ...(installment.settledAt ? { settledOn: shanghai(installment.settledAt) } : {}) })),
    }));
}

test("the month's export headline and month-end figures equal a recomputation as of its end, not the current stats", async () => {
  const { twin, documents, sfn } = clients;
  const adapter = await figuresAdapter(twin);
  const { headlineOf } = await import('../../functions/application/disclosure-headline');
  const month = nextMonth(businessDate(await twinNow(twin), platformTimeZone).slice(0, 7));
  const end = monthEnd(month);
  const following = nextMonth(month);
  await advanceClock(twin, { set: new Date(`${month}-01T01:30:00+08:00`).toISOString() });

  // Month M: three loans lent (grades B and C); one settled early by its borrower; another's borrower takes all the money out.
  const onTime = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 3, grade: 'B', chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 3, minAmountFen: 300_000 }) });
  const early = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 3, grade: 'C', amountFen: 200_000 });
  const late = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 3, grade: 'B', amountFen: 400_000 });
  await topUp(early.borrower, '100.00');
  const borrower = await signedIn(twin, early.borrower.userId, ['borrower', 'investor']);
  const settlement = await borrower.post(`/v1/loans/${early.loanId}/repayments`, { kind: 'EARLY_SETTLEMENT' });
  expect(settlement.status).toBe(202);
  await eventually(async () => ((await loanItem(twin, documents, early.loanId)).status === 'SETTLED' ? true : undefined), `${early.loanId} to settle early`, 60_000);
  const spender = await signedIn(twin, late.borrower.userId, ['borrower', 'investor']);
  const withdrawal = await spender.post('/v1/me/withdrawals', { amount: (await spender.get('/v1/me/account')).body.available });
  expect(withdrawal.status).toBe(202);
  expect((await settled(spender, 'withdrawals', withdrawal.body.id)).status).toBe('CONFIRMED');

  // M's last evening (the clock's move ends when the stream consumers caught up): the table as it stands is M's end.
  await advanceClock(twin, { set: new Date(`${end}T23:00:00+08:00`).toISOString() });
  const atMonthEnd = await scanTable(documents, twin.tableName);
  const asOf = new Date(`${end}T23:59:59.999+08:00`);
  const expectedAtEnd = (filter: FiguresFilter) => {
    const capped = { ...filter, to: filter.to !== undefined && filter.to < end ? filter.to : end };
    return adapter.formatFigures(recomputeFigures(atMonthEnd, capped), capped, asOf);
  };
  const filters: FiguresFilter[] = [{}, { grade: 'B' }, { grade: 'C' }, { termMonths: 3 }, { grade: 'B', termMonths: 3 }, { from: `${month}-01`, to: end }];
  const monthEndEqualsRecomputation = async () => {
    for (const filter of filters) expect(withoutFees(await adapter.monthEndFigures(filter, month))).toEqual(withoutFees(expectedAtEnd(filter)));
  };
  await monthEndEqualsRecomputation();
  const scenario = expectedAtEnd({});
  expect(scenario.lent.count).toBe(3);
  expect(scenario.outstanding.count).toBe(2);
  expect(scenario.overdue.count).toBe(0);

  // Month M+1: the 1st's job writes M's export (03:00); the on-time loan's first installment is auto-debited (10:00); the late one's is not, and on the 2nd it is overdue.
  await advanceClock(twin, { set: new Date(`${following}-02T01:30:00+08:00`).toISOString() });
  await json(`${twin.apiUrl}/_twin/schedules/overdue-sweep/run`, { method: 'POST' });
  await eventually(async () => ((await installmentItems(twin, documents, onTime.loanId))[0]?.status === 'SETTLED' ? true : undefined), 'the on-time installment to be paid', 60_000);
  await eventually(async () => ((await installmentItems(twin, documents, late.loanId))[0]?.status === 'OVERDUE' ? true : undefined), 'the late installment to be overdue', 60_000);
  const current = await eventually(async () => {
    const { body } = await json(`${twin.apiUrl}/v1/stats`);
    return body.overdue.count === 1 ? body : undefined;
  }, 'the stats to count the overdue loan', 60_000);

  // The month-end figures did not move; the current ones did.
  await monthEndEqualsRecomputation();
  expect(current.overdue.count).not.toBe(scenario.overdue.count);
  expect(current.outstanding.total).not.toBe(scenario.outstanding.total);
  expect(current.concentration.top10.amount).not.toBe(scenario.concentration.top10.amount);

  // The export of M: written by the 1st's job before M+1's changes; re-run now, the same bytes (no 409).
  const run = await json(`${twin.apiUrl}/_twin/schedules/monthly-disclosure/run`, { method: 'POST' });
  expect(run.body.error).toBeUndefined();
  expect(run.body.outcome.summary).toMatchObject({ month, outcome: 'existing' });
  const auditor = await tokenFor(twin, 'month-end-auditor', ['auditor']);
  const file = await fetch(`${twin.apiUrl}/v1/disclosures/${month}/files/figures.json`, { headers: { authorization: `Bearer ${auditor}` } });
  expect(file.status).toBe(200);
  const figures = (await file.json()) as Item;
  expect(figures.basis.headline).toEqual({ flows: 'month-end', stocks: 'month-end' });
  const expectedHeadline = headlineOf(expectedAtEnd({ from: `${month}-01`, to: end }), expectedAtEnd({}));
  expect(figures.headline).toEqual(Object.fromEntries(expectedHeadline.entries.map((entry) => [entry.name, entry.value])));
  expect(figures.headline['monthEnd.outstanding.total']).not.toBe(current.outstanding.total);
  expect(figures.headline['monthEnd.overdue.count']).toBe('0');
  // Its month rows and vintage curves (from the counters, no scan) equal the loan book's reconstruction as of M's end.
  const reconstructed = JSON.parse(figuresJson({ figures: disclosureFigures(month, loanBookOf(atMonthEnd)) }));
  expect(figures.monthly).toEqual(reconstructed.monthly);
  expect(figures.vintages).toEqual(reconstructed.vintages);
  expect(figures.monthly.at(-1)).toMatchObject({ month, lentCount: 3, outstandingLoanCount: 2 });

  // Redelivery: a fake payment on the on-time loan's next installment, dated in M+1, delivered three times, then its reversal twice: counted once each, net nothing.
  const { handler } = await import('../../functions/streams/platform-figures-consumer');
  const moves = async () =>
    (await documents.send(new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :move)', ExpressionAttributeValues: { ':pk': 'STATS#*#*', ':move': 'STOCK_MOVE#' }, ConsistentRead: true }))).Items ?? [];
  const before = await moves();
  const installment = (await installmentItems(twin, documents, onTime.loanId))[1]!;
  const paid = { ...installment, paidPrincipalFen: (installment.paidPrincipalFen ?? 0) + 1, changedAt: new Date(`${following}-02T02:00:00+08:00`).toISOString() };
  const record = (eventID: string, item: Item, old: Item) => ({
    eventID,
    eventName: 'MODIFY' as const,
    dynamodb: { SequenceNumber: eventID, Keys: marshall({ pk: item.pk, sk: item.sk }) as never, NewImage: marshall(item, { removeUndefinedValues: true }) as never, OldImage: marshall(old, { removeUndefinedValues: true }) as never },
  });
  for (let delivery = 0; delivery < 3; delivery += 1) expect(await handler({ Records: [record(`month-end-redelivery-1-${month}`, paid, installment)] })).toEqual({ batchItemFailures: [] });
  const during = await moves();
  const principalOf = (items: Item[], of: string) => Number(items.find((item) => item.sk === `STOCK_MOVE#${of}`)?.principalFen ?? 0);
  expect(principalOf(during, following)).toBe(principalOf(before, following) - 1);
  expect(principalOf(during, month)).toBe(principalOf(before, month));
  const reversal = { ...installment, changedAt: new Date(`${following}-02T02:00:01+08:00`).toISOString() };
  for (let delivery = 0; delivery < 2; delivery += 1) expect(await handler({ Records: [record(`month-end-redelivery-2-${month}`, reversal, paid)] })).toEqual({ batchItemFailures: [] });
  const strip = (items: Item[]) => items.map(({ changedAt: _c, changedBy: _b, requestId: _r, ...rest }) => rest);
  expect(strip(await moves())).toEqual(strip(before));
  await monthEndEqualsRecomputation();
});
