/** Applying for a loan and in-loan monitoring over in-memory ports. */
import { ConcurrentModificationError } from '../../../functions/core/errors';
import type { Alert } from '../../../functions/core/monitoring';
import type { LoanApplicationRecord, NewApplication } from '../../../functions/core/loan-application';
import { ratio } from '../../../functions/core/rational';
import { parseRate } from '../../../functions/core/rate';
import type { UserProfile } from '../../../functions/core/users';
import { applyForLoan, type LoanApplicationPorts } from '../../../functions/application/loan-application';
import { monitorWithdrawal, type WithdrawalMonitoringPorts } from '../../../functions/application/withdrawal-monitoring';
import type { CreditReport } from '../../../functions/application/ports/origination-credit-bureau';
import { InMemorySignals } from '../../support/in-memory/operational-signals';

const verified: UserProfile = { userId: 'b-1', username: 'b1', roles: ['borrower'], createdAt: '2026-01-01T00:00:00Z', verification: { status: 'VERIFIED', kind: 'personal', verifiedAt: '2026-01-01T00:00:00Z', masked: {}, birthDate: '1990-01-01' } };
const clean: CreditReport = { creditHistoryMonths: 60, otherPlatformsOutstandingFen: 0, overdueCount24m: 0, maxOverdueDays: 0, currentOverdueFen: 0, dishonestDebtor: false };
const form = { kind: 'personal', amount: '50000.00', termMonths: 12, annualRate: '0.1', method: 'EQUAL_INSTALLMENT', purposeCategory: 'WORKING_CAPITAL', purpose: 'working capital', monthlyIncome: '20000.00' } as const;

function applicationWorld(report: CreditReport = clean) {
  const stored = new Map<string, LoanApplicationRecord>();
  const versions = new Map<string, number>();
  const started: string[] = [];
  const ports: LoanApplicationPorts = {
    applications: {
      find: async (loanId) => stored.get(loanId),
      borrowing: async (borrowerId) => ({ loans: [...stored.values()].filter((loan) => loan.borrowerId === borrowerId), version: versions.get(borrowerId) ?? 0 }),
      async submit(application: NewApplication, read) {
        if ((versions.get(application.borrowerId) ?? 0) !== read.version) throw new ConcurrentModificationError();
        versions.set(application.borrowerId, read.version + 1);
        const loan = { ...application, status: 'APPLIED', updatedAt: application.createdAt } as LoanApplicationRecord;
        stored.set(loan.loanId, loan);
        return loan;
      },
    },
    profiles: { find: async (userId) => (userId === verified.userId ? verified : undefined) },
    creditBureau: { report: async () => report },
    origination: { start: async (loanId) => void started.push(loanId) },
    policy: { loanPrimeRate: () => parseRate('0.0345'), lprMultiple: () => 4, incomeMultiple: () => 3 },
  };
  return { ports, stored, started };
}

test('an application is stored APPLIED and its workflow started; the same Idempotency-Key again starts the same execution', async () => {
  const { ports, stored, started } = applicationWorld();
  const at = new Date('2027-01-05T02:00:00Z');
  const first = await applyForLoan(ports, { borrowerId: 'b-1', idempotencyKey: 'k-1', form }, at);
  expect(first.status).toBe('APPLIED');
  expect(stored.get(first.loanId)).toMatchObject({ amountFen: 5_000_000, monthlyIncomeFen: 2_000_000, createdAt: at.toISOString() });
  expect(await applyForLoan(ports, { borrowerId: 'b-1', idempotencyKey: 'k-1', form }, at)).toEqual(first);
  expect(started).toEqual([first.loanId, first.loanId]);
  expect(stored.size).toBe(1);
});

test('an unverified borrower, or one over the cross-platform cap, is refused and nothing is stored or started', async () => {
  const { ports, stored, started } = applicationWorld({ ...clean, otherPlatformsOutstandingFen: 100_000_000 });
  await expect(applyForLoan(ports, { borrowerId: 'b-2', idempotencyKey: 'k', form }, new Date())).rejects.toThrow(/verification/);
  await expect(applyForLoan(ports, { borrowerId: 'b-1', idempotencyKey: 'k', form }, new Date())).rejects.toThrow(/refused/);
  expect(stored.size + started.length).toBe(0);
});

test('the platform cap is checked against the borrower loans read with their version: an application that joined them meanwhile refuses the write, nothing stored', async () => {
  const { ports, stored, started } = applicationWorld();
  const stale = { ...ports, applications: { ...ports.applications, borrowing: async () => ({ loans: [], version: 0 }) } };
  const large = { ...form, amount: '150000.00', monthlyIncome: '60000.00' };
  await applyForLoan(ports, { borrowerId: 'b-1', idempotencyKey: 'k-1', form: large }, new Date());
  // Read before the first application (nothing outstanding): ¥150,000 + ¥150,000 would pass the ¥200,000 cap; the write is refused.
  await expect(applyForLoan(stale, { borrowerId: 'b-1', idempotencyKey: 'k-2', form: large }, new Date())).rejects.toThrow(ConcurrentModificationError);
  expect([stored.size, started.length]).toEqual([1, 1]);
});

test('a withdrawal of most of a disbursement within the hour raises one rapid-withdrawal alert; a failing store never throws, it logs an error', async () => {
  const alerts: Alert[] = [];
  const signals = new InMemorySignals();
  const ports: WithdrawalMonitoringPorts = {
    loans: { ofBorrower: async () => [{ loanId: 'L-1', disbursedAt: '2027-01-05T02:00:00.000Z', disbursement: { toBorrowerFen: 1_000_000 } }] },
    alerts: { raiseAlert: async (alert) => (alerts.push(alert), true), countLargeWithdrawal: async () => 1 },
    policy: { rapidWithdrawalShare: () => ratio(4n, 5n), rapidWithdrawalMinutes: () => 60, largeTransferFen: () => 5_000_000, largeTransfersPerDay: () => 3 },
    signals,
  };
  await monitorWithdrawal(ports, 'b-1', 'w-1', 900_000, new Date('2027-01-05T02:30:00.000Z'));
  await monitorWithdrawal(ports, 'b-1', 'w-2', 100_000, new Date('2027-01-05T02:40:00.000Z'));
  expect(alerts.map((alert) => [alert.kind, alert.alertId])).toEqual([['RAPID_WITHDRAWAL_AFTER_DISBURSEMENT', 'rapid-withdrawal:w-1']]);
  const failing = { ...ports, loans: { ofBorrower: async () => Promise.reject(new Error('table unavailable')) } };
  expect(signals.errors).toEqual([]);
  await expect(monitorWithdrawal(failing, 'b-1', 'w-3', 900_000, new Date())).resolves.toBeUndefined();
  expect(signals.errors).toEqual([{ message: expect.stringMatching(/monitoring failed/), attributes: { withdrawalId: 'w-3', error: 'Error: table unavailable' } }]);
});

test('a prohibited purpose, or a borrower under 18 on the platform clock, is refused with its reason code: nothing stored or started', async () => {
  const { ports, stored, started } = applicationWorld();
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { details?: Array<{ message: string }> }) => error.details?.map((detail) => detail.message));
  expect(await refusal(applyForLoan(ports, { borrowerId: 'b-1', idempotencyKey: 'k-p', form: { ...form, purposeCategory: 'SECURITIES' } }, new Date('2027-01-05T02:00:00Z')))).toEqual(['PURPOSE_PROHIBITED']);
  expect(await refusal(applyForLoan(ports, { borrowerId: 'b-1', idempotencyKey: 'k-d', form: { ...form, purposeCategory: 'REAL_ESTATE_DOWN_PAYMENT' } }, new Date('2027-01-05T02:00:00Z')))).toEqual(['PURPOSE_PROHIBITED']);

  const young = { ...verified, verification: { ...verified.verification!, birthDate: '2009-01-06' } };
  const youngPorts = { ...ports, profiles: { find: async () => young } };
  // 2027-01-05 18:00 in Shanghai is still the 5th; the borrower turns 18 on the 6th (Shanghai), which is 16:00 UTC on the 5th.
  expect(await refusal(applyForLoan(youngPorts, { borrowerId: 'b-1', idempotencyKey: 'k-y', form }, new Date('2027-01-05T10:00:00Z')))).toEqual(['BORROWER_UNDER_18']);
  expect(stored.size + started.length).toBe(0);
  await applyForLoan(youngPorts, { borrowerId: 'b-1', idempotencyKey: 'k-y', form }, new Date('2027-01-05T16:00:00Z'));
  expect(stored.size).toBe(1);
});
