/** Loans as the API shows them: amounts as yuan strings, never ids of other people. */
import type { ListingRecord } from '../core/bidding';
import type { InstallmentRecord } from '../composition/read-models';
import { fen, formatYuan } from '../core/money';
import type { Installment } from '../core/repayment-schedule';

const yuan = (amountFen: number) => formatYuan(fen(amountFen));

export function loanBody(loan: ListingRecord, installments?: readonly InstallmentRecord[]) {
  return {
    loanId: loan.loanId,
    status: loan.status,
    amount: yuan(loan.amountFen),
    termMonths: loan.termMonths,
    ...(loan.annualRate !== undefined ? { annualRate: loan.annualRate } : {}),
    ...(loan.method !== undefined ? { method: loan.method } : {}),
    ...(loan.grade !== undefined ? { grade: loan.grade } : {}),
    funded: yuan(loan.fundedFen ?? 0),
    bidCount: loan.bidCount ?? 0,
    history: {
      appliedAt: loan.createdAt,
      ...(loan.listedAt !== undefined ? { listedAt: loan.listedAt } : {}),
      ...(loan.listingDeadline !== undefined ? { listingDeadline: loan.listingDeadline } : {}),
      ...(loan.disbursedAt !== undefined ? { disbursedAt: loan.disbursedAt } : {}),
      ...(loan.repayingSince !== undefined ? { repayingSince: loan.repayingSince } : {}),
      updatedAt: loan.updatedAt,
    },
    ...(loan.disbursement && loan.disbursedAt !== undefined ? { disbursement: { toBorrower: yuan(loan.disbursement.toBorrowerFen), serviceFee: yuan(loan.disbursement.feeFen) } } : {}),
    ...(installments && installments.length
      ? {
          schedule: installments.map((installment) => ({
            number: installment.number,
            dueDate: installment.dueDate,
            principal: yuan(installment.principalFen),
            interest: yuan(installment.interestFen),
            total: yuan(installment.totalFen),
            remainingPrincipal: yuan(installment.remainingPrincipalFen),
            status: installment.status,
            paidPrincipal: yuan(installment.paidPrincipalFen ?? 0),
            paidInterest: yuan(installment.paidInterestFen ?? 0),
            penalty: yuan(installment.penaltyFen ?? 0),
            paidPenalty: yuan(installment.paidPenaltyFen ?? 0),
            ...(installment.settledAt !== undefined ? { settledAt: installment.settledAt } : {}),
          })),
        }
      : {}),
  };
}

/** A schedule's installment as the API shows it: amounts in yuan (also the reschedule quote's). */
export const installmentBody = (installment: Installment) => ({
  number: installment.number,
  dueDate: installment.dueDate,
  principal: formatYuan(installment.principal),
  interest: formatYuan(installment.interest),
  total: formatYuan(installment.total),
  remainingPrincipal: formatYuan(installment.remainingPrincipal),
});
