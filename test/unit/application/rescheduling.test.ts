/**
 * Rescheduling over in-memory ports: the borrower asks once, a reviewer (never the
 * borrower) approves within the limits or rejects, the borrower accepts: the agreement
 * is signed, the installments after the decision day replaced (the loan's schedule is the
 * new one), the holders' expected interest moved by the extra interest to the fen; the
 * servicing plan and the auto-debit follow the new due dates. Each refusal changes nothing.
 */
import { nextServicingStep, planDueRepayment } from '../../../functions/core/servicing';
import { scheduleOfLoan } from '../../../functions/core/loan-schedule';
import { toFen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { splitProRata } from '../../../functions/core/investor-split';
import { fen } from '../../../functions/core/money';
import type { SigningParty } from '../../../functions/core/loan-agreement';
import { decideReschedule, pendingRescheduleRequests, requestReschedule, respondToReschedule, type ReschedulingPorts } from '../../../functions/application/rescheduling';
import { ensureHoldings } from '../../../functions/application/repayment';
import { moneyWorld, type MoneyWorld } from '../../support/in-memory/money-world';
import { InMemoryRescheduleRequests } from '../../support/in-memory/reschedule-requests';
import { disburseLoan } from '../../support/in-memory/scenarios';

// ¥3,333 over 12 months at 12% from three unequal bids (the shares do not divide evenly); disbursed 2026-11-21, first due 2026-12-21.
const setup = {
  loanId: 'loan-h',
  amountFen: 333_300,
  investors: [
    { investorId: 'ann', depositFen: 200_000, bidFen: 100_000 },
    { investorId: 'bob', depositFen: 200_000, bidFen: 133_300 },
    { investorId: 'cat', depositFen: 200_000, bidFen: 100_000 },
  ],
};
const borrower = 'loan-h-borrower';
const holiday = { kind: 'PAYMENT_HOLIDAY' as const, months: 2 };
const day = (iso: string) => new Date(`${iso}T04:00:00.000Z`);

async function world(): Promise<{ world: MoneyWorld; ports: ReschedulingPorts; requests: InMemoryRescheduleRequests; stored: Map<string, Uint8Array>; signed: SigningParty[][] }> {
  const money = moneyWorld();
  Object.assign(money.ports.bidding, { policy: { ...money.ports.bidding.policy, minimumBidFen: () => 100, bidStepFen: () => 100 } });
  await disburseLoan(money, setup);
  const { loans, installments, servicing, listings, transfers } = money.stores;
  const requests = new InMemoryRescheduleRequests(loans, installments, servicing);
  const stored = new Map<string, Uint8Array>();
  const signed: SigningParty[][] = [];
  const ports: ReschedulingPorts = {
    requests,
    loans,
    installments,
    servicing,
    listings,
    transfers,
    renderer: { renderSupplementaryAgreementPdf: async (agreement) => new TextEncoder().encode(JSON.stringify(agreement)) },
    // Write-once, as the real store: other bytes under a stored key are a conflict.
    documents: () => ({
      putOnce: async (key, bytes) => {
        const had = stored.get(key);
        if (had && Buffer.compare(Buffer.from(had), Buffer.from(bytes)) !== 0) throw new Error(`other bytes at ${key}`);
        stored.set(key, bytes);
        return had ? ('existing' as const) : ('created' as const);
      },
    }),
    signer: async () => ({
      sign: async (sha256, parties, at) => {
        signed.push([...parties]);
        return parties.map((party) => ({ ...party, algorithm: 'Ed25519' as const, keyId: 'test', signedAt: at.toISOString(), signature: sha256 }));
      },
    }),
    policy: { loanPrimeRate: () => parseRate('0.0345'), lprMultiple: () => 4, platformLegalName: () => 'Platform' },
  };
  // The servicing execution created the holdings when it started.
  await ensureHoldings(ports, setup.loanId, day('2026-11-21'));
  return { world: money, ports, requests, stored, signed };
}

const reasonsOf = (promise: Promise<unknown>) => promise.then(() => [], (error: { details?: Array<{ message: string }>; name: string }) => error.details?.map((detail) => detail.message) ?? [error.name]);

test('a two-month holiday asked, approved and accepted: the schedule replaced, the agreement signed, the holders expect their share of the extra interest to the fen', async () => {
  const { world: money, ports, stored, signed } = await world();
  const { installments, loans, servicing } = money.stores;
  const before = await installments.installmentsOf(setup.loanId);
  const expectedBefore = new Map([...servicing.holdings.values()].map((holding) => [holding.investorId, holding.expectedInterestFen ?? 0]));

  const asked = await requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: holiday, reason: 'JOB_LOSS' }, day('2026-11-25'));
  expect(asked.status).toBe('REQUESTED');
  expect((await pendingRescheduleRequests(ports)).map((request) => request.loanId)).toEqual([setup.loanId]);
  // Once per loan.
  expect(await reasonsOf(requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: holiday, reason: 'JOB_LOSS' }, day('2026-11-26')))).toEqual(['ALREADY_REQUESTED']);

  // The borrower may not decide; a raised rate is refused; nothing moves.
  expect(await reasonsOf(decideReschedule(ports, setup.loanId, borrower, { decision: 'APPROVE', ...holiday }, day('2026-11-26')))).toEqual(['ForbiddenError']);
  expect(await reasonsOf(decideReschedule(ports, setup.loanId, 'rev-1', { decision: 'APPROVE', ...holiday, annualRate: '0.13' }, day('2026-11-26')))).toEqual(['RATE_RAISED']);
  expect((await ports.requests.findRequest(setup.loanId))?.status).toBe('REQUESTED');

  const approved = await decideReschedule(ports, setup.loanId, 'rev-1', { decision: 'APPROVE', ...holiday }, day('2026-11-26'));
  expect(approved).toMatchObject({ status: 'APPROVED', asOf: '2026-11-26', acceptBy: '2026-12-20', terms: { kind: 'PAYMENT_HOLIDAY', months: 2, annualRate: '0.12' }, termMonths: 14 });
  const extra = approved.extraInterestFen!;
  expect(extra).toBeGreaterThan(0);
  // Nothing changes until the borrower accepts.
  expect(await installments.installmentsOf(setup.loanId)).toEqual(before);

  const accepted = await respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-12-01'));
  expect(accepted.status).toBe('ACCEPTED');
  // The borrower is signed for with their acceptance of this very agreement as their consent.
  const consent = { termsHash: accepted.agreement?.agreementHash, version: 1, acceptedAt: day('2026-12-01').toISOString(), requestId: 'request-1', channel: 'reschedule-acceptance' };
  expect(signed).toEqual([[{ role: 'borrower', party: expect.any(String), consent }, { role: 'platform', party: 'Platform' }]]);
  expect([...stored.keys()]).toEqual([`contracts/${setup.loanId}/supplementary-agreement-v1.pdf`]);
  expect(accepted.agreement?.signatures).toHaveLength(2);

  const after = await installments.installmentsOf(setup.loanId);
  expect(after).toHaveLength(12);
  expect(after[0]).toMatchObject({ number: 1, dueDate: '2027-02-21', status: 'DUE' });
  expect(after.at(-1)?.dueDate).toBe('2028-01-21');
  expect(after.reduce((sum, item) => sum + item.principalFen, 0)).toBe(setup.amountFen);
  expect(after.reduce((sum, item) => sum + item.interestFen, 0) - before.reduce((sum, item) => sum + item.interestFen, 0)).toBe(extra);
  // The loan's schedule is the new one: what is stored is what scheduleOfLoan gives.
  const schedule = scheduleOfLoan(await loans.getLoan(setup.loanId));
  expect(schedule.installments.map((installment) => [installment.dueDate, toFen(installment.total)])).toEqual(after.map((item) => [item.dueDate, item.totalFen]));
  expect(schedule.terms.termMonths).toBe(14);

  // Each holder expects their share of the new schedule's interest (largest remainder over the stakes), to the fen: the extra interest in all.
  const shares = splitProRata(fen(after.reduce((sum, item) => sum + item.interestFen, 0)), setup.investors.map((investor) => ({ id: investor.investorId, principal: fen(investor.bidFen) })));
  for (const share of shares) expect(servicing.holdings.get(`${share.id}#${setup.loanId}`)?.expectedInterestFen).toBe(toFen(share.amount));
  const moved = [...servicing.holdings.values()].reduce((sum, holding) => sum + (holding.expectedInterestFen ?? 0) - expectedBefore.get(holding.investorId)!, 0);
  expect(moved).toBe(extra);
  // Accepting again changes nothing.
  await respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-12-02'));
  expect(servicing.holdings.get(`ann#${setup.loanId}`)?.expectedInterestFen).toBe(toFen(shares[0]!.amount));
  expect(await installments.installmentsOf(setup.loanId)).toEqual(after);

  // The servicing execution was waiting for 2026-12-21: there it finds nothing due, and waits for 2027-02-21.
  const atOldDate = day('2026-12-21');
  expect(() => planDueRepayment(after, '2026-12-21')).toThrow(/nothing is due/);
  expect(nextServicingStep({ installments: after, now: atOldDate, today: '2026-12-21', attemptedThrough: '2026-12-21', startedAt: day('2026-11-21') })).toEqual({
    next: 'WAIT',
    until: '2027-02-21T02:00:00.000Z',
    dueDate: '2027-02-21',
  });
});

test('while an installment is overdue: it stays as it is (with its penalty); the auto-debit on the next old date takes only it', async () => {
  const { world: money, ports } = await world();
  const { installments } = money.stores;
  const first = installments.records.get(`${setup.loanId}#1`)!;
  installments.records.set(`${setup.loanId}#1`, { ...first, status: 'OVERDUE', penaltyFen: 120, penaltyAccruedThrough: '2026-12-24' });
  await requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: holiday, reason: 'JOB_LOSS' }, day('2026-12-24'));
  const approved = await decideReschedule(ports, setup.loanId, 'rev-1', { decision: 'APPROVE', ...holiday }, day('2026-12-25'));
  expect(approved.acceptBy).toBe('2027-01-20');
  await respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-12-26'));
  const after = await installments.installmentsOf(setup.loanId);
  expect(after[0]).toMatchObject({ number: 1, dueDate: '2026-12-21', status: 'OVERDUE', penaltyFen: 120 });
  expect(after[1]).toMatchObject({ number: 2, dueDate: '2027-03-21' });
  const plan = planDueRepayment(after, '2027-01-21');
  expect(plan.installments.map((payment) => payment.number)).toEqual([1]);
  expect(plan.amountFen).toBe(first.totalFen + 120);
});

test('refusals change nothing: a stranger, a lapsed approval, a repayment with the bank, a rejected request asked again', async () => {
  const { world: money, ports, requests } = await world();
  const { installments, servicing, loans } = money.stores;
  const before = await installments.installmentsOf(setup.loanId);
  expect(await reasonsOf(requestReschedule(ports, { loanId: setup.loanId, borrowerId: 'ann', wish: holiday, reason: 'JOB_LOSS' }, day('2026-11-25')))).toEqual(['NotFoundError']);
  expect(await reasonsOf(requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: { kind: 'PAYMENT_HOLIDAY', months: 4 }, reason: 'JOB_LOSS' }, day('2026-11-25')))).toEqual(['MONTHS_OUT_OF_RANGE']);
  expect(requests.records.size).toBe(0);

  await requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: holiday, reason: 'JOB_LOSS' }, day('2026-11-25'));
  await decideReschedule(ports, setup.loanId, 'rev-1', { decision: 'APPROVE', kind: 'EXTEND_TERM', months: 6 }, day('2026-11-26'));
  expect(await reasonsOf(respondToReschedule(ports, setup.loanId, 'ann', 'ACCEPT', 'request-1', day('2026-12-01')))).toEqual(['NotFoundError']);
  // Past the day before the first replaced due date the quote no longer holds.
  expect(await reasonsOf(respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-12-21')))).toEqual(['TERMS_LAPSED']);
  // A repayment with the bank: the acceptance's transaction refuses.
  servicing.states.set(setup.loanId, { ...(await servicing.servicingState(setup.loanId)), inFlight: { repaymentId: 'rpay-x', number: 1, requestKey: 'k' } });
  expect(await reasonsOf(respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-12-01')))).toEqual(['ConcurrentModificationError']);
  expect(await installments.installmentsOf(setup.loanId)).toEqual(before);
  expect((await loans.getLoan(setup.loanId)).rescheduled).toBeUndefined();
  expect((await requests.findRequest(setup.loanId))?.status).toBe('APPROVED');

  // Once nothing is with the bank, the acceptance goes through (the agreement stored before is the same document).
  servicing.states.set(setup.loanId, { ...(await servicing.servicingState(setup.loanId)), inFlight: undefined });
  expect((await respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-12-02'))).status).toBe('ACCEPTED');
  expect((await loans.getLoan(setup.loanId)).rescheduled).toMatchObject({ kind: 'EXTEND_TERM', months: 6 });
});

test('a declined request is final, and the loan is never asked about again', async () => {
  const { ports } = await world();
  await requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: holiday, reason: 'JOB_LOSS' }, day('2026-11-25'));
  await decideReschedule(ports, setup.loanId, 'rev-1', { decision: 'APPROVE', ...holiday }, day('2026-11-26'));
  await respondToReschedule(ports, setup.loanId, borrower, 'DECLINE', 'request-1', day('2026-12-01'));
  expect(await reasonsOf(respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-12-01')))).toEqual(['DomainError']);
  expect(await reasonsOf(requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: holiday, reason: 'JOB_LOSS' }, day('2026-12-02')))).toEqual(['ALREADY_REQUESTED']);
});

test('an extension adds installments; a rejection keeps its reason and is final', async () => {
  const { world: money, ports } = await world();
  await requestReschedule(ports, { loanId: setup.loanId, borrowerId: borrower, wish: { kind: 'EXTEND_TERM', months: 3 }, reason: 'JOB_LOSS' }, day('2026-11-25'));
  await decideReschedule(ports, setup.loanId, 'rev-1', { decision: 'APPROVE', kind: 'EXTEND_TERM', months: 3, annualRate: '0.1' }, day('2026-11-26'));
  await respondToReschedule(ports, setup.loanId, borrower, 'ACCEPT', 'request-1', day('2026-11-27'));
  const after = await money.stores.installments.installmentsOf(setup.loanId);
  expect(after.map((item) => item.number)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
  expect(after.at(-1)?.dueDate).toBe('2028-02-21');

  const other = await world();
  await requestReschedule(other.ports, { loanId: setup.loanId, borrowerId: borrower, wish: holiday, reason: 'JOB_LOSS' }, day('2026-11-25'));
  const rejected = await decideReschedule(other.ports, setup.loanId, 'rev-1', { decision: 'REJECT', reason: 'income sufficient' }, day('2026-11-26'));
  expect(rejected).toMatchObject({ status: 'REJECTED', rejectionNote: 'income sufficient', reviewerId: 'rev-1' });
  expect(await reasonsOf(decideReschedule(other.ports, setup.loanId, 'rev-1', { decision: 'APPROVE', ...holiday }, day('2026-11-26')))).toEqual(['DomainError']);
});
