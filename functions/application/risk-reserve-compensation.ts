/**
 * Paying an APPROVED risk-reserve decision (风险准备金代偿) over the ports; the split,
 * entries, legs and ids are pure, in ../core/risk-reserve-compensation.ts.
 *
 * 1. payCompensation (the overdue sweep, right after the decision, and every day for a
 *    decision still APPROVED or PAYING): reads the payment lock, then the reserve's
 *    available balance; pays min(approved, balance, what the investors are still owed),
 *    split pro rata to what each is owed. In ONE transaction: the reserve's pending
 *    transfer (platform:risk-reserve → the loan's compensation clearing), the decision
 *    APPROVED → PAYING (attempt n) and the payment lock taken at the version read (so
 *    the reserve can never be used twice, nor overdrawn by two loans). Then ONE custody
 *    transfer `rcomp-{loanId}-{n}` (purpose OTHER) PLATFORM-FEES → each investor. A
 *    PAYING decision is re-sent as is (the bank executes an instruction id once).
 * 2. completeCompensation (the bank's signed callback, routed by custody.ts):
 *    on transfer.succeeded posts the hold and pays each investor's custody account,
 *    writes the day book, adds the compensation to the holdings, marks the decision
 *    PAID (paidFen, paidAt, the reserve's balance after) and releases the lock, and logs
 *    RISK_RESERVE_PAID on the collection case. Every step is idempotent (deterministic
 *    ids, conditions), so a redelivered callback changes nothing. On transfer.failed it
 *    voids the hold and the decision goes back to APPROVED for a retry.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { ConcurrentModificationError, DomainError } from '../core/errors';
import {
  compensationEntries,
  compensationHoldEntry,
  compensationId,
  compensationLegs,
  compensationVoidEntry,
  investorClaims,
  parseCompensationId,
  splitCompensation,
} from '../core/risk-reserve-compensation';
import { addReceived, expectedShares, type Received } from '../core/servicing';
import { stakesOf, type StakePorts } from './repayment';
import { subAccountsOf } from './sub-accounts';
import type { CollectionLog } from './ports/collections';
import type { CallbackEvent, CustodianBank, CustodianBankProtocol } from './ports/custodian-bank';
import type { TransferBook } from './ports/custody-records';
import type { Installments } from './ports/installments';
import type { Ledger } from './ports/ledger';
import type { OperationalSignals } from './ports/operational-signals';
import type { RiskReserve, RiskReserveDecision } from './ports/risk-reserve';
import type { ServicingRecords } from './ports/servicing';
import type { UserProfiles } from './ports/user-profiles';

export interface CompensationPorts extends StakePorts {
  readonly riskReserve: Pick<RiskReserve, 'findDecision' | 'unpaidDecisions' | 'paymentLock' | 'reserveBalanceFen' | 'startPaymentItems' | 'endPayment'>;
  readonly servicing: Pick<ServicingRecords, 'servicingState' | 'repaymentsOf' | 'noRepaymentSince' | 'addCompensationToHolding'>;
  readonly installments: Pick<Installments, 'installmentsOf'>;
  readonly ledger: Pick<Ledger, 'recordEntry'>;
  readonly profiles: UserProfiles;
  readonly custody: TransferBook;
  readonly collections: Pick<CollectionLog, 'logCollectionAction'>;
  readonly bank: Pick<CustodianBank, 'transfer'>;
  readonly protocol: Pick<CustodianBankProtocol, 'feeAccount'>;
  readonly signals: Pick<OperationalSignals, 'raise'>;
}

const by = 'risk-reserve';

export type PaymentOutcome = 'sent' | 'resent' | 'busy' | 'nothing-to-pay' | 'not-approved' | 'refused';

/** Pays (or re-sends) the decision of a defaulted loan; never pays the same decision twice. */
export async function payCompensation(ports: CompensationPorts, loanId: string, at: Date): Promise<PaymentOutcome> {
  const { riskReserve } = ports;
  const decision = await riskReserve.findDecision(loanId);
  if (!decision) return 'not-approved';
  if (decision.status === 'PAYING') return (await send(ports, decision, at)) ? 'resent' : 'refused';
  if (decision.status !== 'APPROVED') return 'not-approved';

  const lock = await riskReserve.paymentLock();
  if (lock.holder !== undefined) return 'busy';
  // Read after the lock: a payment that takes the lock after this reading bumps its version, and ours fails.
  const balance = await riskReserve.reserveBalanceFen();
  // A repayment with the bank changes what the investors are owed: pay after it. Read first: the
  // repayments read next are then all final, and the payment's transaction checks none came since.
  const servicing = await ports.servicing.servicingState(loanId);
  if (servicing.inFlight) return 'busy';
  const [stakes, installments, repayments] = await Promise.all([stakesOf(ports, loanId), ports.installments.installmentsOf(loanId), ports.servicing.repaymentsOf(loanId)]);
  const received = new Map<string, Received>();
  for (const repayment of repayments) if (repayment.status === 'CONFIRMED') addReceived(received, repayment.distribution);
  const claims = investorClaims(expectedShares(installments, stakes), received);
  const owed = claims.reduce((sum, claim) => sum + claim.owedFen, 0);
  const payingFen = Math.min(decision.amountFen, balance, owed);
  if (payingFen <= 0) return 'nothing-to-pay';
  const shares = splitCompensation(payingFen, claims);
  const accountsOf = await subAccountsOf(ports, shares.filter((share) => share.amountFen > 0).map((share) => share.investorId));
  const legs = compensationLegs(ports.protocol.feeAccount, shares, (investorId) => accountsOf.get(investorId) ?? '');
  const attempt = (decision.attempt ?? 0) + 1;
  const paymentId = compensationId(loanId, attempt);
  const payment = { attempt, paymentId, payingFen, shares: shares.filter((share) => share.amountFen > 0), legs };
  try {
    const repaymentsIdle = ports.servicing.noRepaymentSince(loanId, servicing.repaymentCount, () => new ConcurrentModificationError(`a repayment of loan ${loanId} went to the bank meanwhile`));
    await ports.ledger.recordEntry(compensationHoldEntry(paymentId, loanId, payingFen), at, { alsoWrite: [...riskReserve.startPaymentItems(decision, payment, lock, at), repaymentsIdle] });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ConcurrentModificationError' || name === 'IdempotencyConflictError') return 'busy';
    throw error;
  }
  const stored = await riskReserve.findDecision(loanId);
  if (stored?.status !== 'PAYING' || stored.paymentId !== paymentId) return 'busy';
  return (await send(ports, stored, at)) ? 'sent' : 'refused';
}

async function send(ports: CompensationPorts, decision: RiskReserveDecision, at: Date): Promise<boolean> {
  const paymentId = decision.paymentId ?? '';
  const outcome = await ports.bank.transfer({
    instructionId: paymentId,
    purpose: 'OTHER',
    legs: (decision.legs ?? []).map((leg) => ({ from: leg.from, to: leg.to, amountFen: leg.amountFen })),
  });
  if (outcome.accepted) return true;
  await failPayment(ports, decision.loanId, paymentId, outcome.code, at);
  return false;
}

async function failPayment(ports: CompensationPorts, loanId: string, paymentId: string, reason: string, at: Date): Promise<void> {
  await ports.ledger.recordEntry(compensationVoidEntry(paymentId), at);
  await ports.riskReserve.endPayment(loanId, paymentId, { status: 'APPROVED', lastFailure: reason }, at);
}

/** A transfer callback for a compensation: pays it out in the ledger (or voids it), and returns the outcome. */
export async function completeCompensation(ports: CompensationPorts, event: CallbackEvent, at: Date): Promise<string> {
  const parsed = parseCompensationId(event.instructionId);
  const decision = parsed && (await ports.riskReserve.findDecision(parsed.loanId));
  if (!decision?.paymentId) throw new DomainError('unprocessable', `No risk-reserve payment ${event.instructionId} is known to the platform`);
  const current = decision.paymentId === event.instructionId;
  if (event.type === 'transfer.failed') {
    if (current && decision.status === 'PAID') {
      ports.signals.raise('CustodyCallbackContradiction', { eventId: event.eventId, instructionId: event.instructionId });
      throw new DomainError('unprocessable', `risk-reserve payment ${event.instructionId} was already confirmed`);
    }
    if (current && decision.status === 'PAYING') await failPayment(ports, decision.loanId, event.instructionId, event.reason ?? 'FAILED_AT_BANK', at);
    return 'compensation-failed';
  }
  if (!current || (decision.status !== 'PAYING' && decision.status !== 'PAID')) {
    ports.signals.raise('CustodyCallbackContradiction', { eventId: event.eventId, instructionId: event.instructionId });
    throw new DomainError('unprocessable', `risk-reserve payment ${event.instructionId} is not in progress`);
  }
  const loanId = decision.loanId;
  const shares = decision.shares ?? [];
  for (const entry of compensationEntries(event.instructionId, loanId, shares)) await ports.ledger.recordEntry(entry, at);
  await ports.custody.recordTransferBook({
    instructionId: event.instructionId,
    purpose: 'risk-reserve-compensation',
    loanId,
    businessDate: businessDate(new Date(event.occurredAt), platformTimeZone),
    occurredAt: event.occurredAt,
    legs: (decision.legs ?? []).map((leg) => ({ fromSubAccount: leg.from, fromUserId: 'platform', toSubAccount: leg.to, toUserId: leg.toUserId, amountFen: leg.amountFen })),
  });
  for (const share of shares) await ports.servicing.addCompensationToHolding(share.investorId, loanId, event.instructionId, share.amountFen, at);
  const paidFen = decision.payingFen ?? shares.reduce((sum, share) => sum + share.amountFen, 0);
  if (decision.status === 'PAYING') {
    const reserveBalanceAfterFen = await ports.riskReserve.reserveBalanceFen();
    await ports.riskReserve.endPayment(loanId, event.instructionId, { status: 'PAID', paidFen, paidAt: event.occurredAt, reserveBalanceAfterFen }, at);
  }
  await ports.collections.logCollectionAction({ loanId, kind: 'RISK_RESERVE_PAID', at: event.occurredAt, by, detail: { paymentId: event.instructionId, amountFen: paidFen, investors: shares.length } });
  return 'compensation-confirmed';
}

/** The sweep's daily retry: every decision still APPROVED or PAYING, except those just handled. One failure does not stop the others. */
export async function payOutstandingCompensations(ports: CompensationPorts, at: Date, handled: ReadonlySet<string> = new Set()): Promise<Record<string, PaymentOutcome | 'error'>> {
  const outcomes: Record<string, PaymentOutcome | 'error'> = {};
  for (const decision of await ports.riskReserve.unpaidDecisions()) {
    if (handled.has(decision.loanId)) continue;
    try {
      outcomes[decision.loanId] = await payCompensation(ports, decision.loanId, at);
    } catch (error) {
      ports.signals.raise('RiskReservePaymentFailed', { loanId: decision.loanId, error: (error as Error).message });
      outcomes[decision.loanId] = 'error';
    }
  }
  return outcomes;
}
