/**
 * The reads of the GET routes (functions/http/get-*.ts and their *-views.ts): what each
 * route shows is read here from the adapters, so that no entry point imports an adapter
 * and table keys stay in functions/adapters/dynamodb/. Reads only: a write goes through a
 * use case (functions/application/).
 */
import type { RepaymentPorts } from '../application/repayment';
import * as installmentRecords from '../adapters/dynamodb/installment-repository';
import * as ledger from '../adapters/dynamodb/ledger-repository';
import * as loans from '../adapters/dynamodb/loan-repository';
import * as servicingRecords from '../adapters/dynamodb/servicing-repository';
import { policy } from '../settings/settings';

// Marketplace: listings, bids, auto-bid plans, profiles.
export { bidsOfLoan, findListing, listBidsOfInvestor, listOpenListings } from '../adapters/dynamodb/listing-repository';
export { plansOfInvestor } from '../adapters/dynamodb/auto-bid-repository';
export { findUserProfile, listUserProfiles, type UserProfile } from '../adapters/dynamodb/user-repository';
// Loans and their servicing.
export { borrowerLoans, reviewQueue, type LoanApplicationRecord } from '../adapters/dynamodb/loan-application-repository';
export { findLoan, loanStatuses } from '../adapters/dynamodb/loan-repository';
export { installmentsOf, type InstallmentRecord } from '../adapters/dynamodb/installment-repository';
export { findHolding, holdingsOf, listRepayments, servicingState, type HoldingRecord, type RepaymentRecord, type ServicingState } from '../adapters/dynamodb/servicing-repository';
export {
  contractContentType,
  findLoanContract,
  findSupplementaryAgreement,
  loanContractDocument,
  supplementaryAgreementDocument,
  transferAgreementDocument,
  transferAgreementsOfLoan,
  verifyLoanAgreement,
  verifySupplementaryAgreement,
  verifyTransferAgreement,
} from '../adapters/dynamodb/loan-contract-repository';
export { findPurchase } from '../adapters/dynamodb/transfer-repository';
// Custody.
export { findReconciliationReport, listTransactions, type CustodyTransaction } from '../adapters/dynamodb/custody-repository';
// Overdue, collection, monitoring, the risk reserve.
export { collectionActions, findCollectionCase, listCollectionCases } from '../adapters/dynamodb/collection-repository';
export { listAlerts } from '../adapters/dynamodb/alert-repository';
export { reserveBalanceFen, riskReserveDecisions } from '../adapters/dynamodb/risk-reserve-repository';
// Disclosure (the audit trail's reads are verified: composition/audit.ts).
export { platformFigures } from '../adapters/dynamodb/platform-figures-repository';
// Health: what the platform depends on.
export { custodianBankHealth } from '../adapters/custodian-bank/health';
export { describePlatformTable } from '../adapters/dynamodb/table-status';
export { describeWorkflow } from '../adapters/stepfunctions/workflow-engine';

/** Whether the risk reserve compensates investors (a deployment's policy switch). */
export const riskReserveCompensates = (): boolean => policy.riskReserveCompensates();

/** What a repayment quote reads (application/repayment quoteRepayment): the loan, its installments and servicing, the balance; no bank. */
export const repaymentQuoteReads: Pick<RepaymentPorts, 'loans' | 'installments' | 'servicing' | 'ledger'> = { loans, installments: installmentRecords, servicing: servicingRecords, ledger };
