/**
 * In-loan monitoring rules (贷后监控) on withdrawals, raising alerts for reviewers:
 * - a withdrawal of most of a disbursement soon after it (rapid-withdrawal:{withdrawalId});
 * - many large withdrawals in one business day (large-transfers:{userId}:{date}).
 * Alert ids are deterministic, so an alert is raised once. Monitoring never blocks the
 * money movement it watches: a failure here is logged and the withdrawal goes on.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { isLargeTransfer, isRapidWithdrawal, reachesLargeTransferThreshold, type Alert } from '../core/monitoring';
import type { Ratio } from '../core/rational';
import type { OperationalSignals } from './ports/operational-signals';

/** What monitoring needs of a borrower's loan: when it was disbursed and what the borrower received. */
export interface DisbursedLoan {
  readonly loanId: string;
  readonly disbursedAt?: string;
  readonly disbursement?: { readonly toBorrowerFen?: number };
}

export interface WithdrawalMonitoringPorts {
  readonly loans: { ofBorrower(borrowerId: string): Promise<readonly DisbursedLoan[]> };
  readonly alerts: {
    raiseAlert(alert: Alert): Promise<boolean>;
    /** Counts a large withdrawal once into the user's day: the day's count, or undefined when it was counted before. */
    countLargeWithdrawal(userId: string, date: string, withdrawalId: string, at: Date): Promise<number | undefined>;
  };
  readonly policy: {
    rapidWithdrawalShare(): Ratio;
    rapidWithdrawalMinutes(): number;
    largeTransferFen(): number;
    largeTransfersPerDay(): number;
  };
  readonly signals: Pick<OperationalSignals, 'logError'>;
}

/** Raises the alerts a withdrawal calls for. Never throws. */
export async function monitorWithdrawal(ports: WithdrawalMonitoringPorts, userId: string, withdrawalId: string, amountFen: number, at: Date): Promise<void> {
  const { policy, alerts } = ports;
  try {
    const loans = await ports.loans.ofBorrower(userId);
    const latest = loans.filter((loan) => loan.disbursedAt).sort((a, b) => (a.disbursedAt! < b.disbursedAt! ? 1 : -1))[0];
    const receivedFen = latest?.disbursement?.toBorrowerFen ?? 0;
    if (latest?.disbursedAt && isRapidWithdrawal({ disbursedAt: latest.disbursedAt, receivedFen, withdrawalFen: amountFen, at, share: policy.rapidWithdrawalShare(), minutes: policy.rapidWithdrawalMinutes() })) {
      await alerts.raiseAlert({
        alertId: `rapid-withdrawal:${withdrawalId}`,
        kind: 'RAPID_WITHDRAWAL_AFTER_DISBURSEMENT',
        userId,
        loanId: latest.loanId,
        raisedAt: at.toISOString(),
        detail: { withdrawalFen: amountFen, disbursedFen: receivedFen, disbursedAt: latest.disbursedAt, minutesAfter: Math.floor((at.getTime() - new Date(latest.disbursedAt).getTime()) / 60_000) },
      });
    }
    if (isLargeTransfer(amountFen, policy.largeTransferFen())) {
      const date = businessDate(at, platformTimeZone);
      const count = await alerts.countLargeWithdrawal(userId, date, withdrawalId, at);
      if (count !== undefined && reachesLargeTransferThreshold(count, policy.largeTransfersPerDay())) {
        await alerts.raiseAlert({ alertId: `large-transfers:${userId}:${date}`, kind: 'MANY_LARGE_TRANSFERS', userId, raisedAt: at.toISOString(), detail: { businessDate: date, largeTransfers: count, thresholdFen: policy.largeTransferFen() } });
      }
    }
  } catch (error) {
    ports.signals.logError('withdrawal monitoring failed; the withdrawal goes on', { withdrawalId, error: String(error) });
  }
}
