/**
 * What the use cases tell operations (the operational-signals port, in memory): money that
 * moves is counted once (bids, amount disbursed, repayments received, reconciliation
 * differences), and money or audit gone wrong raises the failure signal whose alarm pages
 * someone, with the ids to start from; a clean run raises nothing.
 */
import { auditEventBodyOf, nextEvent, type AuditEvent, type ChainHead } from '../../../functions/core/audit-chain';
import { ConcurrentModificationError } from '../../../functions/core/errors';
import { accounts } from '../../../functions/core/ledger';
import { verifiedAuditPage } from '../../../functions/application/audit-events';
import { placeManualBid } from '../../../functions/application/bidding';
import { acceptCallback, reconcileBusinessDay, requestDeposit } from '../../../functions/application/custody';
import { completeDisbursementWait, settleDisbursement } from '../../../functions/application/disbursement';
import { applyLoanEventStep } from '../../../functions/application/loan-events';
import { completeRepayment, requestRepayment } from '../../../functions/application/repayment';
import { payOutstandingCompensations } from '../../../functions/application/risk-reserve-compensation';
import type { BankStatement } from '../../../functions/application/ports/custodian-bank';
import { callbackPayload, sign, signatureHeader, timestampHeader, unixSeconds } from '../../../functions/core/custody-signature';
import { moneyWorld, type MoneyWorld } from '../../support/in-memory/money-world';
import { InMemorySignals } from '../../support/in-memory/operational-signals';
import { confirmedAt, disburseLoan, fundLoan, fundedAt, listedAt, listLoan } from '../../support/in-memory/scenarios';

const setup = {
  loanId: 'loan-s',
  amountFen: 300_000,
  investors: [
    { investorId: 'ann', depositFen: 200_000, bidFen: 100_000 },
    { investorId: 'bob', depositFen: 300_000, bidFen: 200_000 },
  ],
};
const dueAt = new Date('2026-12-21T04:00:00.000Z');

function deliver(world: MoneyWorld, event: Record<string, unknown>, at: Date) {
  const body = JSON.stringify({ occurredAt: at.toISOString(), ...event });
  const timestamp = unixSeconds(at);
  return acceptCallback(world.ports.custodyAccounts, body, { [timestampHeader]: timestamp, [signatureHeader]: sign('test-secret', callbackPayload(timestamp, body)) }, at);
}

test('a bid is counted once, however often its request is retried', async () => {
  const world = moneyWorld();
  listLoan(world, setup);
  const at = new Date(listedAt.getTime() + 3_600_000);
  for (let attempt = 0; attempt < 2; attempt += 1) await placeManualBid(world.ports.bidding, 'ann', 'loan-s', 'key-ann', 100_000, at, { requestId: 'request-1' });
  expect(world.stores.signals.total('BidsPlaced')).toBe(1);
  await placeManualBid(world.ports.bidding, 'bob', 'loan-s', 'key-bob', 100_000, at, { requestId: 'request-1' });
  expect(world.stores.signals.total('BidsPlaced')).toBe(2);
});

test('the amount disbursed and repayments received are counted once each, retries and redeliveries included; nothing is raised', async () => {
  const world = moneyWorld();
  const { signals } = world.stores;
  await disburseLoan(world, setup);
  expect(signals.total('BidsPlaced')).toBe(2);
  expect(signals.total('AmountDisbursedFen')).toBe(300_000);
  await settleDisbursement(world.ports.disbursement, 'loan-s', confirmedAt, new Date(confirmedAt));
  expect(signals.total('AmountDisbursedFen')).toBe(300_000);

  const record = await requestRepayment(world.ports.repayment, { loanId: 'loan-s', kind: 'DUE', source: 'AUTO_DEBIT', requestKey: 'auto-2026-12-21' }, dueAt);
  const confirmed = { eventId: 'evt-1', type: 'transfer.succeeded' as const, occurredAt: dueAt.toISOString(), instructionId: record.repaymentId };
  await completeRepayment(world.ports.repayment, confirmed, dueAt);
  await completeRepayment(world.ports.repayment, { ...confirmed, eventId: 'evt-2' }, dueAt);
  expect([signals.total('RepaymentsReceived'), signals.total('RepaymentsReceivedFen')]).toEqual([1, record.amountFen]);
  expect(signals.raised).toEqual([]);
});

test('a disbursement the bank declines raises DisbursementFailed; one it confirms after the timeout also raises DisbursementConfirmedLate', async () => {
  const declined = moneyWorld();
  await fundLoan(declined, setup);
  await applyLoanEventStep(declined.ports.loanEvents, { loanId: 'loan-s', event: 'FAIL_DISBURSEMENT', failure: { Error: 'DisbursementFailed', Cause: 'ACCOUNT_FROZEN' } }, fundedAt);
  expect(declined.stores.signals.raised).toEqual([{ signal: 'DisbursementFailed', ids: { loanId: 'loan-s', error: 'DisbursementFailed' } }]);

  const late = moneyWorld();
  await fundLoan(late, setup);
  await applyLoanEventStep(late.ports.loanEvents, { loanId: 'loan-s', event: 'FAIL_DISBURSEMENT', failure: { Error: 'States.Timeout' } }, fundedAt);
  const event = { eventId: 'evt-late', type: 'transfer.succeeded' as const, occurredAt: confirmedAt, instructionId: 'disb-loan-s' };
  expect(await completeDisbursementWait(late.ports.disbursement, event, new Date(confirmedAt))).toBe('disbursement-rolled-forward');
  expect(late.stores.signals.signals()).toEqual(['DisbursementFailed', 'DisbursementConfirmedLate']);
  expect(late.stores.signals.raised[1]!.ids).toEqual({ loanId: 'loan-s', instructionId: 'disb-loan-s' });
  expect(late.stores.signals.total('AmountDisbursedFen')).toBe(300_000);
});

test('a callback that contradicts a recorded outcome raises CustodyCallbackContradiction; one that disagrees with its instruction, CustodyCallbackMismatch', async () => {
  const world = moneyWorld();
  const { signals } = world.stores;
  await disburseLoan(world, setup);
  const record = await requestRepayment(world.ports.repayment, { loanId: 'loan-s', kind: 'DUE', source: 'AUTO_DEBIT', requestKey: 'auto-2026-12-21' }, dueAt);
  await completeRepayment(world.ports.repayment, { eventId: 'evt-1', type: 'transfer.succeeded', occurredAt: dueAt.toISOString(), instructionId: record.repaymentId }, dueAt);
  await expect(completeRepayment(world.ports.repayment, { eventId: 'evt-2', type: 'transfer.failed', occurredAt: dueAt.toISOString(), instructionId: record.repaymentId }, dueAt)).rejects.toThrow(/already confirmed/);
  expect(signals.raised).toEqual([{ signal: 'CustodyCallbackContradiction', ids: { eventId: 'evt-2', instructionId: record.repaymentId } }]);

  const deposit = await requestDeposit(world.ports.custodyAccounts, 'ann', 'dep-1', 50_000, dueAt);
  await expect(deliver(world, { eventId: 'evt-3', type: 'deposit.succeeded', instructionId: deposit.transactionId, subAccountId: 'SA-ann', amount: '5000.00' }, dueAt)).rejects.toThrow(/does not match/);
  expect(signals.signals()).toEqual(['CustodyCallbackContradiction', 'CustodyCallbackMismatch']);
});

test('a risk-reserve compensation that cannot be sent raises RiskReservePaymentFailed; the daily retry reports it and goes on', async () => {
  const world = moneyWorld();
  await disburseLoan(world, setup);
  const defaultedAt = new Date('2027-04-01T01:00:00.000Z');
  await world.stores.loans.applyLoanEvent('loan-s', 'DEFAULT', defaultedAt);
  world.stores.ledger.fund(accounts.riskReserve, 300_000);
  world.stores.riskReserve.decisions.set('loan-s', { loanId: 'loan-s', decidedAt: defaultedAt.toISOString(), status: 'APPROVED', reason: 'POLICY_ON', claimFen: 300_000, amountFen: 200_000, reserveBalanceFen: 300_000 });
  Object.assign(world.ports.compensation, { bank: { transfer: async () => Promise.reject(new Error('bank unreachable')) } });
  expect(await payOutstandingCompensations(world.ports.compensation, defaultedAt)).toEqual({ 'loan-s': 'error' });
  expect(world.stores.signals.raised).toEqual([{ signal: 'RiskReservePaymentFailed', ids: { loanId: 'loan-s', error: 'bank unreachable' } }]);
});

test('the daily reconciliation counts its differences and raises ReconciliationDifference only when there are some', async () => {
  const world = moneyWorld();
  const { bank, custody, ledger, signals } = world.stores;
  let statement: BankStatement = { businessDate: '2026-12-01', timeZone: 'Asia/Shanghai', accounts: [], movements: [] };
  bank.statement = async () => statement;
  const ports = { bank, custody, ledger, signals };
  const at = new Date('2026-12-02T02:30:00.000Z');
  expect(await reconcileBusinessDay(ports, '2026-12-01', at)).toMatchObject({ status: 'BALANCED' });
  expect([signals.raised, signals.total('ReconciliationDifferences')]).toEqual([[], 0]);

  // A movement the platform never instructed (an adjustment at the bank).
  const movement = { movementId: 'mv-1', operation: 'ADJUSTMENT', subAccountId: 'SA-ann', direction: 'CREDIT', amount: '3.33', balanceAfter: '3.33', at: '2026-12-01T03:00:00.000Z' } as const;
  statement = { ...statement, movements: [movement] };
  expect(await reconcileBusinessDay(ports, '2026-12-01', at)).toMatchObject({ status: 'DIFFERENCES', differenceCount: 1 });
  expect(signals.raised).toEqual([{ signal: 'ReconciliationDifference', ids: { businessDate: '2026-12-01', differenceCount: 1, kinds: ['MISSING_AT_PLATFORM'] } }]);
  expect(signals.total('ReconciliationDifferences')).toBe(1);
});

test('a reconciliation that meets a callback in flight looks again instead of reporting its half-written books, and fails as a conflict if they never hold still', async () => {
  const world = moneyWorld();
  const { bank, custody, ledger, signals } = world.stores;
  const movement = { movementId: 'mv-1', operation: 'ADJUSTMENT', subAccountId: 'SA-ann', direction: 'CREDIT', amount: '3.33', balanceAfter: '3.33', at: '2026-12-01T03:00:00.000Z' } as const;
  bank.statement = async () => ({ businessDate: '2026-12-01', timeZone: 'Asia/Shanghai', accounts: [], movements: [movement] });
  const ports = { bank, custody, ledger, signals };
  const at = new Date('2026-12-02T02:30:00.000Z');
  await custody.claimEvent('evt-in-flight', 'transfer.succeeded', 'rpy-1', at);
  await expect(reconcileBusinessDay(ports, '2026-12-01', at)).rejects.toBeInstanceOf(ConcurrentModificationError);
  expect([signals.raised, custody.reports.size]).toEqual([[], 0]);

  // The callback completes while the reconciliation reads: its next look sees the books at rest.
  const read = custody.dayBook.bind(custody);
  custody.dayBook = async (date) => {
    if (custody.inFlight.size > 0) await custody.completeEvent('evt-in-flight');
    return read(date);
  };
  expect(await reconcileBusinessDay(ports, '2026-12-01', at)).toMatchObject({ status: 'DIFFERENCES', differenceCount: 1 });
});

test('a page of the audit trail that does not verify raises AuditChainBreak with the first broken sequence; a sound one raises nothing', async () => {
  const events: AuditEvent[] = [];
  for (const status of ['LISTED', 'FUNDED', 'REPAYING']) {
    const body = auditEventBodyOf({ eventName: 'MODIFY', streamEventId: `event-${status}`, keys: { pk: 'LOAN#loan-a', sk: 'LOAN' }, newImage: { pk: 'LOAN#loan-a', sk: 'LOAN', loanId: 'loan-a', status } })!;
    events.push(nextEvent(events[events.length - 1], body, new Date(Date.UTC(2026, 10, 1, 0, 0, events.length))));
  }
  const last = events[events.length - 1]!;
  const head: ChainHead = { sequence: last.sequence, hash: last.hash, at: last.at };
  const signals = new InMemorySignals();
  const pageOf = (page: AuditEvent[]) => verifiedAuditPage({ auditLog: { listAuditEvents: async () => ({ events: page }), readHead: async () => head }, signals }, { limit: 100 });

  expect((await pageOf(events)).verification.valid).toBe(true);
  expect(signals.raised).toEqual([]);
  const edited = events.map((event) => (event.sequence === 2 ? { ...event, who: 'mallory' } : event));
  expect((await pageOf(edited)).verification).toMatchObject({ valid: false, firstBreak: { sequence: 2, reason: 'hash-mismatch' } });
  expect(signals.raised).toEqual([{ signal: 'AuditChainBreak', ids: { sequence: 2, reason: 'hash-mismatch' } }]);
});
