/**
 * The composition root of the money-moving use cases: the real ports, built from the
 * adapters once per process. Entry points pass these to the use cases; tests pass
 * in-memory ports instead (test/support/in-memory/), or these with one port swapped
 * (e.g. `{ ...money.repayment, bank }`).
 */
import type { AutoBiddingPorts } from '../application/auto-bidding';
import type { BiddingPorts } from '../application/bidding';
import type { CustodyAccountPorts, CustodyPorts, ReconciliationPorts } from '../application/custody';
import type { DisbursementPorts, DisbursementRequestPorts } from '../application/disbursement';
import type { LoanEventPorts } from '../application/loan-events';
import type { CustodianBankProtocol } from '../application/ports/custodian-bank';
import type { AgreementPolicy } from '../application/contract-consent';
import type { LendingPolicy } from '../application/ports/lending-policy';
import type { TransferPolicyValues } from '../application/ports/transfers';
import type { ServicingWorkflow } from '../application/ports/workflow-engine';
import type { ServicingParkPorts, ServicingPlanPorts } from '../application/loan-servicing';
import type { RepaymentPorts } from '../application/repayment';
import type { CompensationPorts } from '../application/risk-reserve-compensation';
import type { OfferPorts, TransferPorts, TransferSettlementPorts } from '../application/debt-transfer';
import { monitorWithdrawal } from './monitoring';
import { signals } from './observability';
import { custodianBank, custodianBankSecret } from '../adapters/custodian-bank/custodian-bank';
import { callbackEvent, platformFeeAccount } from '../adapters/custodian-bank/protocol';
import * as plans from '../adapters/dynamodb/auto-bid-repository';
import * as collections from '../adapters/dynamodb/collection-repository';
import * as custody from '../adapters/dynamodb/custody-repository';
import * as installments from '../adapters/dynamodb/installment-repository';
import * as ledger from '../adapters/dynamodb/ledger-repository';
import * as listings from '../adapters/dynamodb/listing-repository';
import * as loans from '../adapters/dynamodb/loan-repository';
import * as riskReserve from '../adapters/dynamodb/risk-reserve-repository';
import * as servicingRecords from '../adapters/dynamodb/servicing-repository';
import * as transfers from '../adapters/dynamodb/transfer-repository';
import * as profiles from '../adapters/dynamodb/user-repository';
import { servicingExecutionName, startServicing } from '../adapters/stepfunctions/servicing-workflow';
import { completeTask } from '../adapters/stepfunctions/task-tokens';
import { policy as settingsPolicy } from '../settings/settings';

const policy: LendingPolicy & TransferPolicyValues & AgreementPolicy = settingsPolicy;
const workflow = { completeTask };
const servicingWorkflow: ServicingWorkflow = { startServicing, executionName: servicingExecutionName };
const protocol: CustodianBankProtocol = {
  feeAccount: platformFeeAccount,
  callbackSecret: custodianBankSecret,
  parseCallback: (json) => callbackEvent.parse(json),
};

export const bidding: BiddingPorts = { listings, profiles, holdings: servicingRecords, policy, terms: policy, workflow, signals };

export const autoBidding: AutoBiddingPorts = { listings, plans, ledger, profiles, holdings: servicingRecords, policy, terms: policy, signals };

// Spelled out, not spread: a spread keeps every port object in every bundle (esbuild cannot drop it).
export const loanEvents: LoanEventPorts = { listings, plans, ledger, profiles, holdings: servicingRecords, loans, marketplace: listings, policy, terms: policy, signals };

export const disbursement: DisbursementPorts = {
  loans,
  listings,
  ledger,
  profiles,
  custody,
  installments,
  bank: custodianBank,
  protocol,
  policy,
  workflow,
  servicing: servicingWorkflow,
  signals,
};

export const disbursementRequest: DisbursementRequestPorts = { loans, listings, ledger, profiles, custody, installments, bank: custodianBank, protocol, policy };

export const repayment: RepaymentPorts = {
  transfers,
  loans,
  listings,
  installments,
  servicing: servicingRecords,
  ledger,
  profiles,
  custody,
  riskReserve,
  collections,
  bank: custodianBank,
  protocol,
  policy,
  workflow,
  signals,
};

export const compensation: CompensationPorts = {
  transfers,
  listings,
  riskReserve,
  servicing: servicingRecords,
  installments,
  ledger,
  profiles,
  custody,
  collections,
  bank: custodianBank,
  protocol,
  signals,
};

export const transfer: TransferPorts = {
  transfers,
  loans,
  installments,
  servicing: servicingRecords,
  listings,
  holdings: servicingRecords,
  ledger,
  profiles,
  custody,
  bank: custodianBank,
  protocol,
  policy,
  signals,
};

/** Reading offers and purchases, cancelling: the records only (no bank in these bundles). */
export const transferRecords = { transfers };

/** Offering a holding: the records and the loan's figures (no bank). */
export const transferOffering: OfferPorts = { transfers, loans, installments, servicing: servicingRecords, policy };

export const custodyAccounts: CustodyAccountPorts = { profiles, custody, ledger, bank: custodianBank, monitoring: { monitorWithdrawal } };

/** Reading one's own account and transactions: the records only (no bank in these bundles). */
export const custodyRecords = { profiles, custody, ledger };

export const reconciliation: ReconciliationPorts = { bank: custodianBank, custody, ledger, signals };

/**
 * The custody callbacks' ports, given how a settled transfer's agreement is signed: the callback's
 * own composition (custody-callbacks.ts) passes the signer, so that only its bundle carries the
 * PDF renderer.
 */
export const custodyCallbacksWith = (agreements: TransferSettlementPorts['agreements']): CustodyPorts => ({
  profiles,
  custody,
  ledger,
  bank: custodianBank,
  protocol,
  monitoring: { monitorWithdrawal },
  signals,
  transfers: { disbursement, repayment, compensation, transfer: { ...transfer, agreements } },
});

/** The servicing workflow's own steps, each with only what it uses (a bundle carries what its handler reaches). */
export const servicingPlan: ServicingPlanPorts = { loans, listings, transfers, installments, servicing: servicingRecords };
export const servicingPark: ServicingParkPorts = { installments, servicing: servicingRecords };
export const servicingContinuation = { servicingWorkflow };
