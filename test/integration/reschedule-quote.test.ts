/**
 * A reschedule quote through HTTP (POST /v1/loans/{loanId}/reschedule-quotes) on a loan
 * the twin disbursed: a two-month payment holiday moves every installment two months on,
 * repays the loan's principal to the fen, and changes nothing stored.
 */
import { twinWithClientsForThisFile } from '../support/listings';
import { installmentItems, repayingLoan } from '../support/servicing';

const clients = twinWithClientsForThisFile();

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
