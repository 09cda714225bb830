/** Servicing records in memory: repayments (one in flight per loan), the servicing state and the holdings. */
import { ConcurrentModificationError } from '../../../functions/core/errors';
import type { InvestorDistribution } from '../../../functions/core/servicing';
import type { AtomicWrite } from '../../../functions/application/ports/ledger';
import type { HoldingRecord, RepaymentRecord, ServicingRecords, ServicingState } from '../../../functions/application/ports/servicing';
import { inMemoryWrite } from './ledger';

const emptyState: ServicingState = { repaymentCount: 0, repaidPrincipalFen: 0, repaidInterestFen: 0, repaidPenaltyFen: 0, feesFen: 0 };

export class InMemoryServicingRecords implements ServicingRecords {
  readonly states = new Map<string, ServicingState>();
  readonly repayments = new Map<string, RepaymentRecord>();
  readonly holdings = new Map<string, HoldingRecord & { repaymentsApplied: number[]; compensations: string[] }>();

  async servicingState(loanId: string): Promise<ServicingState> {
    return this.states.get(loanId) ?? emptyState;
  }

  async findRepayment(loanId: string, number: number): Promise<RepaymentRecord | undefined> {
    return this.repayments.get(`${loanId}#${number}`);
  }

  async repaymentOfRequest(loanId: string, requestKey: string): Promise<RepaymentRecord | undefined> {
    return [...this.repayments.values()].find((record) => record.loanId === loanId && record.requestKey === requestKey);
  }

  async repaymentsOf(loanId: string): Promise<RepaymentRecord[]> {
    return [...this.repayments.values()].filter((record) => record.loanId === loanId).sort((a, b) => a.number - b.number);
  }

  repaymentCreationItems(record: RepaymentRecord, previousCount: number): AtomicWrite[] {
    return [
      inMemoryWrite({
        check: () => {
          const state = this.states.get(record.loanId) ?? emptyState;
          if (state.inFlight || state.repaymentCount !== previousCount) throw new ConcurrentModificationError(`another repayment of loan ${record.loanId} is in progress`);
        },
        apply: () => {
          const state = this.states.get(record.loanId) ?? emptyState;
          this.states.set(record.loanId, { ...state, repaymentCount: record.number, inFlight: { repaymentId: record.repaymentId, number: record.number, requestKey: record.requestKey } });
          this.repayments.set(`${record.loanId}#${record.number}`, record);
        },
      }),
    ];
  }

  noRepaymentSince(loanId: string, seenCount: number, refusal: () => Error): AtomicWrite {
    return inMemoryWrite({
      check: () => {
        const state = this.states.get(loanId) ?? emptyState;
        if (state.inFlight || state.repaymentCount !== seenCount) throw refusal();
      },
      apply: () => {},
    });
  }

  transferLockItem(loanId: string, seenCount: number, purchaseId: string, refusal: () => Error): AtomicWrite {
    return inMemoryWrite({
      check: () => {
        const state = this.states.get(loanId) ?? emptyState;
        if (state.inFlight || state.repaymentCount !== seenCount) throw refusal();
      },
      apply: () => void this.states.set(loanId, { ...(this.states.get(loanId) ?? emptyState), inFlight: { purchaseId } }),
    });
  }

  /** Releases a purchase's lock (the transfer records do, when it settles or fails). */
  releaseTransferLock(loanId: string, purchaseId: string): void {
    const state = this.states.get(loanId);
    if (!state?.inFlight || !('purchaseId' in state.inFlight) || state.inFlight.purchaseId !== purchaseId) return;
    const { inFlight: _released, ...rest } = state;
    this.states.set(loanId, rest);
  }

  async recordRepaymentToken(record: RepaymentRecord, taskToken: string): Promise<void> {
    const key = `${record.loanId}#${record.number}`;
    const stored = this.repayments.get(key);
    if (stored) this.repayments.set(key, { ...stored, taskToken });
  }

  async closeRepayment(record: RepaymentRecord, outcome: 'CONFIRMED' | 'FAILED', at: Date, detail: { confirmedAt?: string; reason?: string }): Promise<boolean> {
    const key = `${record.loanId}#${record.number}`;
    const stored = this.repayments.get(key);
    if (stored?.status !== 'PENDING') return false;
    this.repayments.set(key, {
      ...stored,
      status: outcome,
      updatedAt: at.toISOString(),
      ...(detail.confirmedAt ? { confirmedAt: detail.confirmedAt } : {}),
      ...(detail.reason ? { failureReason: detail.reason } : {}),
    });
    const state = this.states.get(record.loanId) ?? emptyState;
    const { inFlight: _released, ...rest } = state;
    this.states.set(
      record.loanId,
      outcome === 'CONFIRMED'
        ? { ...rest, repaidPrincipalFen: rest.repaidPrincipalFen + stored.principalFen, repaidInterestFen: rest.repaidInterestFen + stored.interestFen, repaidPenaltyFen: rest.repaidPenaltyFen + stored.penaltyFen, feesFen: rest.feesFen + stored.feeFen }
        : rest,
    );
    return true;
  }

  async recordParkedToken(loanId: string, taskToken: string): Promise<void> {
    this.states.set(loanId, { ...(this.states.get(loanId) ?? emptyState), parkedToken: taskToken });
  }

  async ensureHolding(holding: { investorId: string; loanId: string; principalInvestedFen: number; expectedPrincipalFen: number; expectedInterestFen: number }): Promise<void> {
    const key = `${holding.investorId}#${holding.loanId}`;
    if (!this.holdings.has(key)) this.holdings.set(key, { ...holding, repaymentsApplied: [], compensations: [] });
  }

  async addToHolding(loanId: string, repaymentNumber: number, share: InvestorDistribution, principalInvestedFen: number): Promise<boolean> {
    const key = `${share.investorId}#${loanId}`;
    const holding = this.holdings.get(key) ?? { investorId: share.investorId, loanId, principalInvestedFen, repaymentsApplied: [], compensations: [] };
    if (holding.repaymentsApplied.includes(repaymentNumber)) return false;
    this.holdings.set(key, {
      ...holding,
      receivedPrincipalFen: (holding.receivedPrincipalFen ?? 0) + share.principalFen,
      receivedInterestFen: (holding.receivedInterestFen ?? 0) + share.interestFen,
      receivedPenaltyFen: (holding.receivedPenaltyFen ?? 0) + share.penaltyFen,
      feesPaidFen: (holding.feesPaidFen ?? 0) + share.feeFen,
      lastRepayment: repaymentNumber,
      repaymentsApplied: [...holding.repaymentsApplied, repaymentNumber],
    });
    return true;
  }

  async addCompensationToHolding(investorId: string, loanId: string, compensationId: string, amountFen: number): Promise<boolean> {
    const key = `${investorId}#${loanId}`;
    const holding = this.holdings.get(key) ?? { investorId, loanId, principalInvestedFen: 0, repaymentsApplied: [], compensations: [] };
    if (holding.compensations.includes(compensationId)) return false;
    this.holdings.set(key, { ...holding, receivedCompensationFen: (holding.receivedCompensationFen ?? 0) + amountFen, compensationId, compensations: [...holding.compensations, compensationId] });
    return true;
  }

  async holdingsOf(investorId: string): Promise<HoldingRecord[]> {
    return [...this.holdings.values()].filter((holding) => holding.investorId === investorId);
  }
}
