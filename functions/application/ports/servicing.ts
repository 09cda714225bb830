/**
 * Servicing records: a loan's repayments (one in flight at a time), its servicing state
 * and the investors' holdings, as repayment and compensation use them.
 */
import type { InstallmentPayment, InvestorDistribution, RepaymentKind, RepaymentLeg } from '../../core/servicing';
import type { AtomicWrite } from './ledger';

export type RepaymentSource = 'BORROWER' | 'AUTO_DEBIT';
export type RepaymentStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';

export interface RepaymentRecord {
  readonly repaymentId: string;
  readonly loanId: string;
  readonly number: number;
  readonly kind: RepaymentKind;
  readonly source: RepaymentSource;
  readonly requestKey: string;
  readonly borrowerId: string;
  readonly borrowerSubAccount: string;
  readonly amountFen: number;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  readonly feeFen: number;
  readonly installments: readonly InstallmentPayment[];
  readonly distribution: readonly InvestorDistribution[];
  readonly legs: readonly RepaymentLeg[];
  readonly settlesLoan: boolean;
  /** The business date (Asia/Shanghai) the repayment was requested on. */
  readonly requestedOn: string;
  readonly status: RepaymentStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedAt?: string;
  readonly failureReason?: string;
  /** The servicing execution's auto-debit wait, completed when the bank answers. */
  readonly taskToken?: string;
  /** Subrogation: the part of a recovery that repays the risk reserve's compensation (not distributed). */
  readonly reserveRecoveryFen?: number;
}

export interface ServicingState {
  readonly repaymentCount: number;
  /** A repayment with the bank, or a debt transfer settling (purchaseId): one at a time per loan. */
  readonly inFlight?: { readonly repaymentId: string; readonly number: number; readonly requestKey: string } | { readonly purchaseId: string };
  readonly repaidPrincipalFen: number;
  readonly repaidInterestFen: number;
  readonly repaidPenaltyFen: number;
  readonly feesFen: number;
  readonly parkedToken?: string;
}

export interface HoldingRecord {
  readonly investorId: string;
  readonly loanId: string;
  readonly principalInvestedFen: number;
  readonly expectedPrincipalFen?: number;
  readonly expectedInterestFen?: number;
  readonly receivedPrincipalFen?: number;
  readonly receivedInterestFen?: number;
  readonly receivedPenaltyFen?: number;
  readonly feesPaidFen?: number;
  readonly receivedNetFen?: number;
  readonly lastRepayment?: number;
  /** Paid by the risk reserve on the loan's default (代偿), and the payment's instruction id. */
  readonly receivedCompensationFen?: number;
  readonly compensationId?: string;
  /** Debt transfer: the stake sold out of this holding (its exposure came back), and when a bought holding was acquired. */
  readonly soldStakeFen?: number;
  readonly acquiredAt?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export interface ServicingRecords {
  servicingState(loanId: string): Promise<ServicingState>;
  findRepayment(loanId: string, number: number): Promise<RepaymentRecord | undefined>;
  repaymentOfRequest(loanId: string, requestKey: string): Promise<RepaymentRecord | undefined>;
  repaymentsOf(loanId: string): Promise<RepaymentRecord[]>;
  /** For the repayment's reservation entry: the loan's lock (this number next, none in flight), the record and its request key. */
  repaymentCreationItems(record: RepaymentRecord, previousCount: number): AtomicWrite[];
  /** For a compensation's entry: no repayment of the loan with the bank, none since `seenCount`; `refusal` otherwise. */
  noRepaymentSince(loanId: string, seenCount: number, refusal: () => Error): AtomicWrite;
  recordRepaymentToken(record: RepaymentRecord, taskToken: string, at: Date): Promise<void>;
  /** Records the token of a parked servicing execution, which the settling repayment completes. */
  recordParkedToken(loanId: string, taskToken: string, at: Date): Promise<void>;
  /** PENDING → CONFIRMED or FAILED, releasing the loan's lock; false when it had left PENDING. */
  closeRepayment(record: RepaymentRecord, outcome: 'CONFIRMED' | 'FAILED', at: Date, detail: { confirmedAt?: string; reason?: string }): Promise<boolean>;
  ensureHolding(holding: { investorId: string; loanId: string; principalInvestedFen: number; expectedPrincipalFen: number; expectedInterestFen: number }, at: Date): Promise<void>;
  addToHolding(loanId: string, repaymentNumber: number, share: InvestorDistribution, principalInvestedFen: number, at: Date): Promise<boolean>;
  addCompensationToHolding(investorId: string, loanId: string, compensationId: string, amountFen: number, at: Date): Promise<boolean>;
  holdingsOf(investorId: string): Promise<HoldingRecord[]>;
  /**
   * For a debt transfer's purchase: takes the loan's lock for the purchase (no repayment with the
   * bank, none since `seenCount`); `refusal` otherwise. Repayments find it taken until the transfer settles or fails.
   */
  transferLockItem(loanId: string, seenCount: number, purchaseId: string, refusal: () => Error): AtomicWrite;
}
