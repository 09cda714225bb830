/**
 * Rescheduling through HTTP on a loan the twin disbursed: a quote changes nothing; then
 * the scenario of issue 18 — a borrower who has missed nothing asks for a two-month
 * payment holiday, a reviewer approves, the borrower accepts (the supplementary agreement
 * signed), the schedule moves two months on, the investors' expected interest becomes
 * their share of the new schedule's to the fen, and servicing runs to settlement on the
 * twin's clock in ONE move (the clock walks every due date in order): one auto-debit per
 * new due date, none on the old dates, nothing missed.
 */
import { splitProRata } from '../../functions/core/investor-split';
import { fen, toFen } from '../../functions/core/money';
import { depositConfirmed, expectLedgerBalanced, signedIn, customer } from '../support/custody';
import { loanItem, twinWithClientsForThisFile } from '../support/listings';
import { advanceClock, everyScheduleBut, installmentItems, legSafeTerms, repayingLoan, withSchedulesDisabled } from '../support/servicing';
import { pdfText } from '../support/pdf-text';
import { eventually, json } from '../support/twin-process';

const clients = twinWithClientsForThisFile();
const fenOf = (text: string) => Math.round(Number(text) * 100);

test('the borrower sees what a two-month payment holiday would do; nothing changes; no one else may ask', async () => {
  const { twin, documents, sfn } = clients;
  const loan = await repayingLoan(twin, documents, sfn, { investors: 3, termMonths: 6, annualRate: '0.1' });
  const path = `/v1/loans/${loan.loanId}/reschedule-quotes`;
  const quote = await loan.borrower.post(path, { kind: 'PAYMENT_HOLIDAY', months: 2 });
  expect(quote.status).toBe(200);
  expect(quote.body).toMatchObject({ kind: 'PAYMENT_HOLIDAY', months: 2, annualRate: '0.1', termMonths: 8, keptInstallments: 0, principal: (loan.amountFen / 100).toFixed(2) });
  const installments = quote.body.installments as Array<{ number: number; dueDate: string; principal: string }>;
  expect(installments.map((installment) => installment.number)).toEqual([1, 2, 3, 4, 5, 6]);
  // The first installment falls due when the third one would have.
  expect(installments[0]!.dueDate).toBe(loan.installments[2]!.dueDate);
  expect(installments.reduce((sum, installment) => sum + Math.round(Number(installment.principal) * 100), 0)).toBe(loan.amountFen);
  expect(Number(quote.body.extraInterest)).toBeGreaterThan(0);
  expect(await installmentItems(twin, documents, loan.loanId)).toEqual(loan.installments);

  expect((await loan.borrower.post(path, { kind: 'EXTEND_TERM', months: 13 })).status).toBe(400);
  expect((await loan.investors[0]!.who.post(path, { kind: 'EXTEND_TERM', months: 3 })).status).toBe(403);
}, 180_000);

test('a two-month payment holiday asked, approved and accepted: the schedule moves, the investors expect their share to the fen, servicing settles the loan with one debit per new due date', async () => {
  const { twin, documents, sfn } = clients;
  const holiday = { kind: 'PAYMENT_HOLIDAY' as const, months: 2 };
  const loan = await repayingLoan(twin, documents, sfn, { investors: 3, termMonths: 6, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 6, minAmountFen: 300_000, rescheduledBy: holiday }) });
  const path = `/v1/loans/${loan.loanId}/reschedule-request`;
  const reviewer = await customer(twin, documents, { roles: ['reviewer'] });

  // Bad input and the wrong people change nothing.
  expect((await loan.borrower.post(path, { reason: 'JOB_LOSS', wish: { kind: 'PAYMENT_HOLIDAY', months: 4 } })).status).toBe(400);
  expect((await loan.borrower.post(path, { reason: 'lost my job', wish: holiday })).status).toBe(400);
  expect((await loan.investors[0]!.who.post(path, { reason: 'JOB_LOSS', wish: holiday })).status).toBe(403);
  expect((await reviewer.get(path)).status).toBe(404);

  const asked = await loan.borrower.post(path, { reason: 'BUSINESS_DOWNTURN', wish: holiday });
  expect(asked.status).toBe(201);
  expect(asked.body).toMatchObject({ status: 'REQUESTED', wish: holiday });
  expect((await loan.borrower.post(path, { reason: 'BUSINESS_DOWNTURN', wish: holiday })).status).toBe(422);
  expect((await reviewer.get('/v1/reschedule-requests')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ loanId: loan.loanId, status: 'REQUESTED' })]));

  // Only a reviewer decides, and never with a raised rate.
  expect((await loan.borrower.post(`${path}/decision`, { decision: 'APPROVE', ...holiday })).status).toBe(403);
  expect((await reviewer.post(`${path}/decision`, { decision: 'APPROVE', ...holiday, annualRate: '0.2' })).status).toBe(422);
  const approved = await reviewer.post(`${path}/decision`, { decision: 'APPROVE', ...holiday });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ status: 'APPROVED', terms: { ...holiday, annualRate: loan.loan.annualRate }, termMonths: 8, keptInstallments: 0 });
  const extraFen = fenOf(approved.body.extraInterest);
  expect(extraFen).toBeGreaterThan(0);
  const quoted = approved.body.installments as Array<{ number: number; dueDate: string; principal: string; interest: string }>;
  expect(quoted[0]!.dueDate).toBe(loan.installments[2]!.dueDate);
  expect(await installmentItems(twin, documents, loan.loanId)).toEqual(loan.installments);

  // The borrower accepts: the agreement is signed by the borrower and the platform; the schedule is the quoted one.
  expect((await loan.investors[0]!.who.post(`${path}/response`, { response: 'ACCEPT' })).status).toBe(403);
  const accepted = await loan.borrower.post(`${path}/response`, { response: 'ACCEPT' });
  expect(accepted.status).toBe(200);
  expect(accepted.body.status).toBe('ACCEPTED');
  expect(accepted.body.agreement.signatures.map((signature: { role: string }) => signature.role)).toEqual(['borrower', 'platform']);
  const stored = await installmentItems(twin, documents, loan.loanId);
  expect(stored.map((item) => [item.number, item.dueDate, item.principalFen, item.interestFen])).toEqual(quoted.map((item) => [item.number, item.dueDate, fenOf(item.principal), fenOf(item.interest)]));
  const interestBefore = loan.installments.reduce((sum, item) => sum + item.interestFen, 0);
  const interestAfter = stored.reduce((sum, item) => sum + item.interestFen, 0);
  expect(interestAfter - interestBefore).toBe(extraFen);
  // The signed agreement is one of the loan's documents, for its parties: readable Chinese, verified with the borrower's acceptance.
  const listed = (await loan.borrower.get(`/v1/loans/${loan.loanId}/documents`)).body.items as Array<{ kind: string; href: string; verificationHref: string; sha256: string }>;
  const supplementary = listed.find((item) => item.kind === 'supplementary-agreement')!;
  expect(supplementary.sha256).toBe(accepted.body.agreement.sha256);
  const verified = await loan.investors[0]!.who.get(supplementary.verificationHref);
  expect(verified.body).toMatchObject({ hashMatches: true, valid: true });
  expect(verified.body.signatures.map((signature: { role: string; consent?: { channel: string } }) => [signature.role, signature.consent?.channel])).toEqual([
    ['borrower', 'reschedule-acceptance'],
    ['platform', undefined],
  ]);
  const agreementPdf = await fetch(`${twin.apiUrl}${supplementary.href}`, { headers: { authorization: `Bearer ${loan.borrower.token}` } });
  expect(agreementPdf.status).toBe(200);
  expect(pdfText(Buffer.from(await agreementPdf.arrayBuffer()))).toContain('补充协议');
  const stranger = await customer(twin, documents, { roles: ['investor'] });
  expect((await stranger.get(supplementary.verificationHref)).status).toBe(404);
  const seen = (await loan.borrower.get(`/v1/loans/${loan.loanId}`)).body;
  expect(seen.schedule.map((item: { dueDate: string }) => item.dueDate)).toEqual(quoted.map((item) => item.dueDate));

  // The platform's figures count the rescheduled loan and the principal it reschedules (a flow of the acceptance's day).
  const acceptedOn = new Date(Date.parse(accepted.body.acceptedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
  await eventually(async () => {
    const { body } = await json(`${twin.apiUrl}/v1/stats?from=${acceptedOn}&to=${acceptedOn}`);
    return body.rescheduled?.count === 1 ? body : undefined;
  }, 'the figures to count the reschedule');
  expect((await json(`${twin.apiUrl}/v1/stats?from=${acceptedOn}&to=${acceptedOn}`)).body.rescheduled).toEqual({ amount: (loan.amountFen / 100).toFixed(2), count: 1 });

  // Each investor expects their share of the new interest (largest remainder over the stakes), to the fen.
  const stakes = [...loan.investors].sort((a, b) => (a.who.userId < b.who.userId ? -1 : 1)).map((funder) => ({ id: funder.who.userId, principal: fen(funder.stakeFen) }));
  const expectedInterest = new Map(splitProRata(fen(interestAfter), stakes).map((share) => [share.id, toFen(share.amount)]));
  for (const funder of loan.investors) {
    const holding = (await (await signedIn(twin, funder.who.userId, ['investor'])).get('/v1/me/holdings')).body.items[0];
    expect(holding).toMatchObject({ loanId: loan.loanId, expectedPrincipal: (funder.stakeFen / 100).toFixed(2) });
    expect(fenOf(holding.expectedInterest)).toBe(expectedInterest.get(funder.who.userId));
  }

  // Servicing to settlement in one move of the clock, past the last new due date. Of the daily jobs only the overdue sweep
  // runs: it must find nothing through the holiday; the others are not what this test examines (each is tested on its own).
  const totalFen = stored.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  const available = fenOf((await loan.borrower.get('/v1/me/account')).body.available);
  if (totalFen > available) await depositConfirmed(loan.borrower, `${Math.ceil((totalFen - available) / 100) + 1}.00`);
  const before = fenOf((await loan.borrower.get('/v1/me/account')).body.available);
  await withSchedulesDisabled(twin, everyScheduleBut('overdue-sweep'), () => advanceClock(twin, { set: `${stored.at(-1)!.dueDate}T04:00:00.000Z` }));
  await eventually(async () => ((await loanItem(twin, documents, loan.loanId)).status === 'SETTLED' ? true : undefined), `${loan.loanId} to settle`, 60_000);

  // One auto-debit per new due date, each paying exactly its installment; none on the two old dates. (Tokens expired with the clock: sign in again.)
  const borrower = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  const repayments = ((await borrower.get(`/v1/loans/${loan.loanId}/repayments`)).body.items as Array<{ source: string; status: string; amount: string; installments: Array<{ number: number }> }>).reverse();
  expect(repayments.map((repayment) => [repayment.source, repayment.status, fenOf(repayment.amount), repayment.installments.map((item) => item.number)])).toEqual(
    stored.map((item) => ['AUTO_DEBIT', 'CONFIRMED', item.principalFen + item.interestFen, [item.number]]),
  );
  expect(before - fenOf((await borrower.get('/v1/me/account')).body.available)).toBe(totalFen);
  for (const funder of loan.investors) {
    const holding = (await (await signedIn(twin, funder.who.userId, ['investor'])).get('/v1/me/holdings')).body.items[0];
    expect(holding).toMatchObject({ status: 'SETTLED', receivedPrincipal: (funder.stakeFen / 100).toFixed(2) });
    expect(fenOf(holding.receivedInterest)).toBe(expectedInterest.get(funder.who.userId));
  }
  await expectLedgerBalanced(twin, documents);

  // The request, the decision and the acceptance are in the audit trail, by who made them.
  const auditor = await customer(twin, documents, { roles: ['auditor'] });
  const trail = await eventually(async () => {
    const events = ((await auditor.get(`/v1/audit?from=${encodeURIComponent(asked.body.requestedAt)}&limit=1000`)).body.items as Array<{ kind: string; entity: { pk: string }; who: string; after?: { fields: Record<string, unknown> } }>).filter((event) => event.kind === 'loan.reschedule' && event.entity.pk === `LOAN#${loan.loanId}`);
    return events.length >= 3 ? events : undefined;
  }, 'the reschedule in the audit trail');
  expect(trail.map((event) => [event.after?.fields.status, event.who])).toEqual([
    ['REQUESTED', loan.borrower.userId],
    ['APPROVED', reviewer.userId],
    ['ACCEPTED', loan.borrower.userId],
  ]);
}, 300_000);
