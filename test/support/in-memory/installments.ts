/** A loan's installments in memory: a repayment's payment applied once per repayment number, settling what is paid. */
import type { Installment, RepaymentSchedule } from '../../../functions/core/repayment-schedule';
import { toFen } from '../../../functions/core/money';
import type { InstallmentPaymentUpdate, InstallmentRecord, Installments } from '../../../functions/application/ports/installments';

export class InMemoryInstallments implements Installments {
  readonly records = new Map<string, InstallmentRecord & { lastRepayment?: number }>();

  async storeSchedule(loanId: string, schedule: RepaymentSchedule): Promise<void> {
    for (const installment of schedule.installments) if (!this.records.has(`${loanId}#${installment.number}`)) this.put(loanId, installment);
  }

  /** Stores the installment as DUE, in place of any of its number. */
  put(loanId: string, installment: Installment): void {
    this.records.set(`${loanId}#${installment.number}`, {
      loanId,
      number: installment.number,
      dueDate: installment.dueDate,
      principalFen: toFen(installment.principal),
      interestFen: toFen(installment.interest),
      totalFen: toFen(installment.total),
      remainingPrincipalFen: toFen(installment.remainingPrincipal),
      status: 'DUE',
    });
  }

  async installmentsOf(loanId: string): Promise<InstallmentRecord[]> {
    return [...this.records.values()].filter((record) => record.loanId === loanId).sort((a, b) => a.number - b.number);
  }

  async applyInstallmentPayment(loanId: string, payment: InstallmentPaymentUpdate, repaymentNumber: number, at: Date): Promise<boolean> {
    const key = `${loanId}#${payment.number}`;
    let record = this.records.get(key);
    if (!record) return false;
    if (record.lastRepayment === undefined || record.lastRepayment < repaymentNumber) {
      record = {
        ...record,
        lastRepayment: repaymentNumber,
        paidPrincipalFen: (record.paidPrincipalFen ?? 0) + payment.principalFen,
        paidInterestFen: (record.paidInterestFen ?? 0) + payment.interestFen,
        paidPenaltyFen: (record.paidPenaltyFen ?? 0) + payment.penaltyFen,
      };
    }
    const paid = payment.early
      ? record.lastRepayment === repaymentNumber
      : (record.paidPrincipalFen ?? 0) >= record.principalFen && (record.paidInterestFen ?? 0) >= record.interestFen && (record.paidPenaltyFen ?? 0) >= (record.penaltyFen ?? 0);
    if (record.status !== 'SETTLED' && paid) record = { ...record, status: 'SETTLED', settledAt: at.toISOString() };
    this.records.set(key, record);
    return record.status === 'SETTLED';
  }
}
