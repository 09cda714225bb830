/**
 * An investor's portfolio and statements on the twin, through HTTP (issue 17 §2–3): a
 * 3-month loan with 3 investors repaid on time by auto-debit; then each investor's
 * portfolio matches their holding, and the monthly statements of every month since the
 * disbursement add up to the ledger's postings to their custody account, to the fen
 * (invested = the custody account's posted debits; the net of all lines = posted credits
 * − posted debits − the deposit). The PDF reads back in Chinese; a statement asked again
 * is the same; bad periods and formats are 400s; a borrower-only caller is refused.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { maskedUserRef } from '../../functions/core/loan-agreement';
import { customer, depositConfirmed, expectLedgerBalanced, ledgerAccounts, signedIn, type Customer } from '../support/custody';
import { loanItem, twinWithClientsForThisFile } from '../support/listings';
import { pdfText } from '../support/pdf-text';
import { advanceClock, everySchedule, installmentItems, legSafeTerms, repayingLoan, twinNow, withSchedulesDisabled } from '../support/servicing';
import { eventually, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
beforeAll(() => {
  ({ twin, documents, sfn } = setup);
});

const fenOf = (text: string) => Math.round(Number(text) * 100);
const monthsFrom = (first: string, last: string): string[] => {
  const months: string[] = [];
  for (let [year, month] = first.split('-').map(Number) as [number, number]; `${year}-${String(month).padStart(2, '0')}` <= last; month === 12 ? ((year += 1), (month = 1)) : (month += 1)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return months;
};

async function download(who: Customer, path: string): Promise<{ status: number; contentType: string | null; bytes: Buffer }> {
  const response = await fetch(`${twin.apiUrl}${path}`, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: response.status, contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

test('after a 3-month loan is repaid: portfolio = holding; the monthly statements add up to the ledger to the fen; PDF in Chinese; immutable; 400s and 403', async () => {
  const loan = await repayingLoan(twin, documents, sfn, { investors: 3, termMonths: 3, grade: 'B', chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 3, minAmountFen: 300_000 }) });
  const disbursedOn = (await twinNow(twin)).toISOString().slice(0, 7);
  const total = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  await depositConfirmed(loan.borrower, `${Math.ceil(total / 100) + 2}.00`);
  const lastMonth = String(loan.installments.at(-1)!.dueDate).slice(0, 7);
  const [year, month] = lastMonth.split('-').map(Number) as [number, number];
  // The months' daily jobs are not what this test examines (the statements are the ledger's; each job is tested on its own).
  await withSchedulesDisabled(twin, everySchedule, async () => {
    for (const installment of loan.installments) {
      await advanceClock(twin, { set: `${installment.dueDate}T04:00:00.000Z` });
      await eventually(
        async () => ((await installmentItems(twin, documents, loan.loanId)).find((item) => item.number === installment.number)?.status === 'SETTLED' ? true : undefined),
        `installment ${installment.number} to settle`,
        40_000,
      );
    }
    await eventually(async () => ((await loanItem(twin, documents, loan.loanId)).status === 'SETTLED' ? true : undefined), 'the loan to settle', 40_000);
    await advanceClock(twin, { set: `${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-02T04:00:00.000Z` });
  });
  await expectLedgerBalanced(twin, documents);
  const ledger = new Map((await ledgerAccounts(twin, documents)).map((item) => [String(item.account), item]));

  for (const funder of loan.investors) {
    const me = await signedIn(twin, funder.who.userId, ['investor']);
    const [holding] = (await me.get('/v1/me/holdings')).body.items;

    const portfolio = await me.get('/v1/me/portfolio');
    expect(portfolio.status).toBe(200);
    expect(portfolio.body.total).toEqual({
      loans: 1,
      invested: holding.principalInvested,
      outstandingPrincipal: '0.00',
      receivedPrincipal: holding.receivedPrincipal,
      receivedInterest: holding.receivedInterest,
      receivedPenalty: holding.receivedPenalty,
      feesPaid: holding.managementFeesPaid,
      compensation: '0.00',
      writtenOff: '0.00',
      transferGain: '0.00',
    });
    expect(portfolio.body.byGrade.map((grade: { grade: string }) => grade.grade)).toEqual(['B']);
    expect(portfolio.body.netAnnualReturnPercent).toMatch(/^\d+\.\d{2}$/);

    // Every month since the disbursement: the lines add up to the ledger's custody postings.
    const totals = { invested: 0, interest: 0, fees: 0, net: 0, lines: 0 };
    for (const period of monthsFrom(disbursedOn, lastMonth)) {
      const statement = await me.get(`/v1/me/statements/${period}`);
      expect(statement.status).toBe(200);
      expect(statement.body.investorRef).toBe(maskedUserRef(funder.who.userId));
      expect(statement.body.totals.transferGains).toBe('0.00');
      totals.invested += fenOf(statement.body.totals.invested);
      totals.interest += fenOf(statement.body.totals.interest);
      totals.fees += fenOf(statement.body.totals.fees);
      totals.net += fenOf(statement.body.totals.net);
      totals.lines += statement.body.lines.length;
      expect(statement.body.lines.reduce((sum: number, line: { net: string }) => sum + fenOf(line.net), 0)).toBe(fenOf(statement.body.totals.net));
    }
    const custody = ledger.get(`custody:${funder.who.userId}`)!;
    expect(totals.lines).toBe(1 + 3);
    expect(totals.invested).toBe(custody.debitsPosted);
    expect(totals.net).toBe(custody.creditsPosted - custody.debitsPosted - funder.stakeFen); // they deposited exactly their stake
    expect(totals.interest).toBe(fenOf(holding.receivedInterest));
    expect(totals.fees).toBe(fenOf(holding.managementFeesPaid));

    // Asked again: the same statement (made once); as PDF it reads back in Chinese; as CSV, text.
    const first = await me.get(`/v1/me/statements/${lastMonth}`);
    expect((await me.get(`/v1/me/statements/${lastMonth}`)).body).toEqual(first.body);
    const pdf = await download(me, `/v1/me/statements/${lastMonth}?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toBe('application/pdf');
    const text = pdfText(pdf.bytes);
    expect(text).toContain('月度对账单');
    expect(text).toContain('借款');
    expect(text).toContain(maskedUserRef(funder.who.userId));
    expect(text).toContain(loan.loanId);
    const csv = await download(me, `/v1/me/statements/${lastMonth}?format=csv`);
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(csv.bytes.toString('utf8')).toContain(`,${loan.loanId},REPAYMENT,`);
  }

  // Bad input: 400, nothing stored; a borrower-only caller: 403.
  const someone = await signedIn(twin, loan.investors[0]!.who.userId, ['investor']);
  const thisMonth = (await twinNow(twin)).toISOString().slice(0, 7);
  for (const path of ['/v1/me/statements/2026-13', '/v1/me/statements/26-01', `/v1/me/statements/${thisMonth}`, `/v1/me/statements/${lastMonth}?format=xml`]) {
    const answer = await someone.get(path);
    expect({ path, status: answer.status, type: answer.body.type }).toEqual({ path, status: 400, type: expect.stringMatching(/^urn:problem:/) });
  }
  const borrowerOnly = await customer(twin, documents, { roles: ['borrower'] });
  expect((await borrowerOnly.get('/v1/me/portfolio')).status).toBe(403);
  expect((await borrowerOnly.get(`/v1/me/statements/${lastMonth}`)).status).toBe(403);
  // An investor with nothing: zeros, no return, an empty statement of their own.
  const newcomer = await customer(twin, documents, { roles: ['investor'] });
  expect((await newcomer.get('/v1/me/portfolio')).body).toMatchObject({ netAnnualReturnPercent: null, total: { loans: 0, invested: '0.00' }, warnings: [] });
  expect((await newcomer.get(`/v1/me/statements/${lastMonth}`)).body).toMatchObject({ investorRef: maskedUserRef(newcomer.userId), lines: [] });
}, 600_000);
