/** The risk reserve's decisions and payment lock in memory; its balance is the ledger's platform:risk-reserve account. */
import { ConcurrentModificationError } from '../../../functions/core/errors';
import { accounts, availableOf } from '../../../functions/core/ledger';
import type { AtomicWrite } from '../../../functions/application/ports/ledger';
import type { CompensationPayment, PaymentLock, RiskReserve, RiskReserveDecision } from '../../../functions/application/ports/risk-reserve';
import { inMemoryWrite, type InMemoryLedgerPort } from './ledger';

export class InMemoryRiskReserve implements RiskReserve {
  readonly decisions = new Map<string, RiskReserveDecision>();
  lock: PaymentLock = { version: 0 };

  constructor(private readonly ledger: InMemoryLedgerPort) {}

  async findDecision(loanId: string): Promise<RiskReserveDecision | undefined> {
    return this.decisions.get(loanId);
  }
  async unpaidDecisions(): Promise<RiskReserveDecision[]> {
    return [...this.decisions.values()].filter((decision) => decision.status === 'APPROVED' || decision.status === 'PAYING');
  }
  async paymentLock(): Promise<PaymentLock> {
    return this.lock;
  }
  async reserveBalanceFen(): Promise<number> {
    return availableOf(await this.ledger.accountBalance(accounts.riskReserve));
  }
  startPaymentItems(decision: RiskReserveDecision, payment: CompensationPayment, lock: PaymentLock, at: Date): AtomicWrite[] {
    return [
      inMemoryWrite({
        check: () => {
          const now = this.decisions.get(decision.loanId);
          if (now?.status !== 'APPROVED' || (now.attempt ?? 0) !== payment.attempt - 1) throw new ConcurrentModificationError(`the decision of loan ${decision.loanId} changed`);
          if (this.lock.holder !== undefined || this.lock.version !== lock.version) throw new ConcurrentModificationError('the risk reserve is paying another loan');
        },
        apply: () => {
          this.decisions.set(decision.loanId, { ...decision, status: 'PAYING', ...payment });
          this.lock = { holder: decision.loanId, version: lock.version + 1 };
          void at;
        },
      }),
    ];
  }
  noCompensationPaying(loanId: string, refusal: () => Error): AtomicWrite {
    return inMemoryWrite({
      check: () => {
        if (this.decisions.get(loanId)?.status === 'PAYING') throw refusal();
      },
      apply: () => {},
    });
  }
  async endPayment(
    loanId: string,
    paymentId: string,
    outcome: { status: 'PAID'; paidFen: number; paidAt: string; reserveBalanceAfterFen: number } | { status: 'APPROVED'; lastFailure: string },
  ): Promise<boolean> {
    const decision = this.decisions.get(loanId);
    if (decision?.status !== 'PAYING' || decision.paymentId !== paymentId) return false;
    this.decisions.set(loanId, { ...decision, ...outcome });
    if (this.lock.holder === loanId) this.lock = { version: this.lock.version };
    return true;
  }
}
