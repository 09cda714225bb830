/** Repayments and holdings as the API shows them: yuan strings, never another investor's id. */
import type { HoldingRecord, RepaymentRecord, ServicingState } from '../composition/read-models';
import { fen, formatYuan } from '../core/money';

const yuan = (amountFen: number) => formatYuan(fen(amountFen));

export function repaymentBody(record: RepaymentRecord, investorId?: string) {
  const share = investorId === undefined ? undefined : record.distribution.find((candidate) => candidate.investorId === investorId);
  return {
    repaymentId: record.repaymentId,
    loanId: record.loanId,
    number: record.number,
    kind: record.kind,
    source: record.source,
    status: record.status,
    amount: yuan(record.amountFen),
    principal: yuan(record.principalFen),
    interest: yuan(record.interestFen),
    penalty: yuan(record.penaltyFen),
    managementFees: yuan(record.feeFen),
    settlesLoan: record.settlesLoan,
    requestedOn: record.requestedOn,
    createdAt: record.createdAt,
    ...(record.confirmedAt !== undefined ? { confirmedAt: record.confirmedAt } : {}),
    ...(record.failureReason !== undefined ? { failureReason: record.failureReason } : {}),
    installments: record.installments.map((payment) => ({
      number: payment.number,
      principal: yuan(payment.principalFen),
      interest: yuan(payment.interestFen),
      penalty: yuan(payment.penaltyFen),
      settles: payment.settles,
    })),
    ...(share
      ? { yourShare: { principal: yuan(share.principalFen), interest: yuan(share.interestFen), penalty: yuan(share.penaltyFen), managementFee: yuan(share.feeFen), net: yuan(share.netFen) } }
      : {}),
  };
}

export function holdingBody(holding: HoldingRecord, status: string) {
  const received = holding.receivedPrincipalFen ?? 0;
  return {
    loanId: holding.loanId,
    status,
    principalInvested: yuan(holding.principalInvestedFen),
    expectedPrincipal: yuan(holding.expectedPrincipalFen ?? holding.principalInvestedFen),
    expectedInterest: yuan(holding.expectedInterestFen ?? 0),
    receivedPrincipal: yuan(received),
    receivedInterest: yuan(holding.receivedInterestFen ?? 0),
    receivedPenalty: yuan(holding.receivedPenaltyFen ?? 0),
    managementFeesPaid: yuan(holding.feesPaidFen ?? 0),
    receivedNet: yuan(holding.receivedNetFen ?? 0),
    receivedCompensation: yuan(holding.receivedCompensationFen ?? 0),
    outstandingPrincipal: yuan(Math.max(0, holding.principalInvestedFen - received)),
  };
}

/** The loan's totals from its confirmed repayments. */
export function repaidBody(state: ServicingState) {
  return { principal: yuan(state.repaidPrincipalFen), interest: yuan(state.repaidInterestFen), penalty: yuan(state.repaidPenaltyFen), managementFees: yuan(state.feesFen) };
}
