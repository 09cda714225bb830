/** Repayments and holdings as the API shows them: yuan strings, never another investor's id. */
import type { HoldingRecord, RepaymentRecord, ServicingState } from '../composition/read-models';
import type { RepaymentQuote } from '../application/repayment';
import type { RepaymentPlan } from '../core/servicing';
import { fen, formatYuan } from '../core/money';

const yuan = (amountFen: number) => formatYuan(fen(amountFen));

const installmentPayments = (payments: RepaymentPlan['installments']) =>
  payments.map((payment) => ({ number: payment.number, principal: yuan(payment.principalFen), interest: yuan(payment.interestFen), penalty: yuan(payment.penaltyFen), settles: payment.settles }));

const planBody = (plan: RepaymentPlan) => ({
  amount: yuan(plan.amountFen),
  principal: yuan(plan.principalFen),
  interest: yuan(plan.interestFen),
  penalty: yuan(plan.penaltyFen),
  settlesLoan: plan.settlesLoan,
  installments: installmentPayments(plan.installments),
});

export function repaymentQuoteBody(quote: RepaymentQuote) {
  return {
    loanId: quote.loanId,
    asOf: quote.today,
    ...(quote.due ? { due: planBody(quote.due) } : {}),
    earlySettlement: planBody(quote.earlySettlement),
    available: yuan(quote.availableFen),
    repaymentInProgress: quote.inFlight,
  };
}

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
    installments: installmentPayments(record.installments),
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
