/**
 * The custodian bank (资金存管) as the use cases call it (its HTTP adapter:
 * ../../adapters/custodian-bank/), and what they read of its signed callbacks.
 */

/** The bank refused an instruction (4xx): a business outcome with the bank's code. */
export interface Refusal {
  readonly accepted: false;
  readonly code: string;
  readonly message: string;
}
export type InstructionOutcome = { readonly accepted: true; readonly status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED' } | Refusal;

export interface TransferLeg {
  readonly from: string;
  readonly to: string;
  readonly amountFen: number;
  readonly freezeId?: string;
}

/** An instruction as the bank knows it (its status query): executed (when) or refused (why), or still processing. */
export interface InstructionState {
  readonly status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED';
  readonly reason?: string | undefined;
  /** When the bank executed (or refused) it: the date its movements are in the bank's statement. */
  readonly executedAt?: string | undefined;
}

export type BankTransferPurpose = 'DISBURSEMENT' | 'REPAYMENT' | 'DISTRIBUTION' | 'FEE' | 'OTHER';

/** One closed business day of the bank's books (amounts are yuan strings, as the bank sends them). */
export interface BankStatement {
  readonly businessDate: string;
  readonly timeZone: string;
  readonly accounts: ReadonlyArray<{ readonly subAccountId: string; readonly ownerRef: string; readonly kind: 'USER' | 'PLATFORM_FEES'; readonly openingBalance: string; readonly closingBalance: string }>;
  readonly movements: ReadonlyArray<{
    readonly movementId: string;
    readonly instructionId?: string | undefined;
    readonly operation: 'DEPOSIT' | 'WITHDRAWAL' | 'TRANSFER' | 'ADJUSTMENT';
    readonly purpose?: string | undefined;
    readonly subAccountId: string;
    readonly direction: 'CREDIT' | 'DEBIT';
    readonly amount: string;
    readonly balanceAfter: string;
    readonly at: string;
  }>;
}

export interface CustodianBank {
  /** Opens the owner's sub-account, or returns the one already open for that owner. */
  openSubAccount(ownerRef: string): Promise<{ subAccountId: string; openedAt: string }>;
  /** The user pays in; the bank confirms with a deposit.succeeded or deposit.failed callback. */
  deposit(instruction: { instructionId: string; subAccountId: string; amountFen: number }): Promise<InstructionOutcome>;
  /** Pays out to the user's bank card; confirmed by withdrawal.succeeded or withdrawal.failed. */
  withdraw(instruction: { instructionId: string; subAccountId: string; amountFen: number }): Promise<InstructionOutcome>;
  /** Freezes part of an available balance at the bank (synchronous). */
  freeze(instruction: { instructionId: string; subAccountId: string; amountFen: number }): Promise<{ frozen: true } | Refusal>;
  unfreeze(freezeId: string, instructionId: string): Promise<{ released: true } | Refusal>;
  /** Moves money between sub-accounts (and the platform's fee account), all legs or none; confirmed by callback. */
  transfer(instruction: { instructionId: string; purpose: BankTransferPurpose; legs: readonly TransferLeg[] }): Promise<InstructionOutcome>;
  /** The state of an instruction the platform sent, or undefined when the bank never received it. */
  instructionStatus(instructionId: string): Promise<InstructionState | undefined>;
  /** One closed business day (Asia/Shanghai): each sub-account's balances and every movement. */
  statement(businessDate: string): Promise<BankStatement>;
  health(): Promise<{ status: string }>;
}

export type CallbackEventType = 'deposit.succeeded' | 'deposit.failed' | 'withdrawal.succeeded' | 'withdrawal.failed' | 'transfer.succeeded' | 'transfer.failed';

/** A callback event of the bank, once its signature is verified and its shape checked. */
export interface CallbackEvent {
  readonly eventId: string;
  readonly type: CallbackEventType;
  /** When the bank executed (or refused) the instruction: its business date decides the statement it is in. */
  readonly occurredAt: string;
  readonly instructionId: string;
  /** Deposits and withdrawals: the sub-account and the amount (yuan). */
  readonly subAccountId?: string | undefined;
  readonly amount?: string | undefined;
  /** Failed events: why (e.g. PAYMENT_DECLINED, INSUFFICIENT_FUNDS). */
  readonly reason?: string | undefined;
}

/** The protocol details the use cases need: the platform's fee account, the callback secret and shape. */
export interface CustodianBankProtocol {
  /** The platform's fee sub-account at the bank (fee income and, earmarked within it, the risk reserve). */
  readonly feeAccount: string;
  /** The HMAC secret shared with the bank, to verify its callbacks. */
  callbackSecret(): Promise<string>;
  /** The event, or throws when the JSON does not follow the protocol. */
  parseCallback(json: unknown): CallbackEvent;
}
