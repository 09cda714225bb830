/** The risk reserve's decisions (风险准备金使用) and its one payment lock, as the compensation use case uses them. */
import type { CompensationLeg, CompensationShare } from '../../core/risk-reserve-compensation';
import type { AtomicWrite } from './ledger';

export interface RiskReserveDecision {
  readonly loanId: string;
  readonly decidedAt: string;
  readonly status: 'NOT_COMPENSATED' | 'APPROVED' | 'PAYING' | 'PAID';
  readonly reason: 'POLICY_OFF' | 'POLICY_ON' | 'RESERVE_EMPTY';
  /** The investors' claim at default: unpaid principal + interest of the loan (fen). */
  readonly claimFen: number;
  /** What the reserve is to pay (0 when not compensated). */
  readonly amountFen: number;
  readonly reserveBalanceFen: number;
  /** Payment attempts so far; the current (or last) one's instruction id. */
  readonly attempt?: number;
  readonly paymentId?: string;
  /** What the current attempt pays (≤ amountFen: the reserve's balance at payment may be lower), its split and legs. */
  readonly payingFen?: number;
  readonly shares?: readonly CompensationShare[];
  readonly legs?: readonly CompensationLeg[];
  readonly paidFen?: number;
  readonly paidAt?: string;
  readonly reserveBalanceAfterFen?: number;
  readonly lastFailure?: string;
}

export interface PaymentLock {
  readonly holder?: string;
  readonly version: number;
}

export interface CompensationPayment {
  readonly attempt: number;
  readonly paymentId: string;
  readonly payingFen: number;
  readonly shares: readonly CompensationShare[];
  readonly legs: readonly CompensationLeg[];
}

export interface RiskReserve {
  findDecision(loanId: string): Promise<RiskReserveDecision | undefined>;
  unpaidDecisions(): Promise<RiskReserveDecision[]>;
  paymentLock(): Promise<PaymentLock>;
  /** The reserve's available balance, in fen. */
  reserveBalanceFen(): Promise<number>;
  /** For the hold's entry: APPROVED → PAYING (this attempt) and the lock taken at the version read. */
  startPaymentItems(decision: RiskReserveDecision, payment: CompensationPayment, lock: PaymentLock, at: Date): AtomicWrite[];
  /** For a repayment's entry: the loan has no compensation with the bank; `refusal` otherwise. */
  noCompensationPaying(loanId: string, refusal: () => Error): AtomicWrite;
  /** Ends the attempt (PAID with its figures, or back to APPROVED) and releases the lock; false when it had ended. */
  endPayment(
    loanId: string,
    paymentId: string,
    outcome: { status: 'PAID'; paidFen: number; paidAt: string; reserveBalanceAfterFen: number } | { status: 'APPROVED'; lastFailure: string },
    at: Date,
  ): Promise<boolean>;
}
