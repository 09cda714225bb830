/**
 * The composition root of the money-moving use cases: the real ports, built from the
 * adapters once per process. Entry points pass these to the use cases; tests pass
 * in-memory ports instead (test/support/in-memory/), or these with one port swapped
 * (e.g. `{ ...money.repayment, bank }`).
 */
import type { AutoBiddingPorts } from '../application/auto-bidding';
import type { BiddingPorts } from '../application/bidding';
import type { CustodyPorts } from '../application/custody';
import type { DisbursementPorts } from '../application/disbursement';
import type { LoanEventPorts } from '../application/loan-events';
import type { CustodianBankProtocol } from '../application/ports/custodian-bank';
import type { LendingPolicy } from '../application/ports/lending-policy';
import type { ServicingWorkflow } from '../application/ports/workflow-engine';
import type { LoanServicingPorts } from '../application/loan-servicing';
import type { RepaymentPorts } from '../application/repayment';
import type { CompensationPorts } from '../application/risk-reserve-compensation';
import { monitorWithdrawal } from './monitoring';
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
import * as profiles from '../adapters/dynamodb/user-repository';
import { servicingExecutionName, startServicing } from '../adapters/stepfunctions/servicing-workflow';
import { completeTask } from '../adapters/stepfunctions/task-tokens';
import { policy as settingsPolicy } from '../settings/settings';

const policy: LendingPolicy = settingsPolicy;
const workflow = { completeTask };
const servicingWorkflow: ServicingWorkflow = { startServicing, executionName: servicingExecutionName };
const protocol: CustodianBankProtocol = {
  feeAccount: platformFeeAccount,
  callbackSecret: custodianBankSecret,
  parseCallback: (json) => callbackEvent.parse(json),
};

export const bidding: BiddingPorts = { listings, profiles, holdings: servicingRecords, policy, workflow };

export const autoBidding: AutoBiddingPorts = { listings, plans, ledger, profiles, holdings: servicingRecords, policy };

export const loanEvents: LoanEventPorts = { ...autoBidding, listings, loans, marketplace: listings, policy };

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
};

export const repayment: RepaymentPorts = {
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
};

export const compensation: CompensationPorts = {
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
};

export const custodyAccounts: CustodyPorts = {
  profiles,
  custody,
  ledger,
  bank: custodianBank,
  protocol,
  monitoring: { monitorWithdrawal },
  transfers: { disbursement, repayment, compensation },
};

export const loanServicing: LoanServicingPorts = { ...repayment, servicing: servicingRecords, servicingWorkflow };
