/** The composition of in-loan monitoring: the withdrawal monitor over the real loans, alerts and policy. */
import { monitorWithdrawal as monitor, type WithdrawalMonitoringPorts } from '../application/withdrawal-monitoring';
import type { WithdrawalMonitor } from '../application/ports/origination-monitoring';
import { countLargeWithdrawal, raiseAlert } from '../adapters/dynamodb/alert-repository';
import { borrowerLoans } from '../adapters/dynamodb/loan-application-repository';
import { policy } from '../settings/settings';
import { signals } from './observability';

export const withdrawalMonitoring: WithdrawalMonitoringPorts = { loans: { ofBorrower: borrowerLoans }, alerts: { raiseAlert, countLargeWithdrawal }, policy, signals };

/** What the withdrawal use case calls (a WithdrawalMonitor port). */
export const monitorWithdrawal: WithdrawalMonitor = (userId, withdrawalId, amountFen, at) => monitor(withdrawalMonitoring, userId, withdrawalId, amountFen, at);
