/**
 * Every port the money-moving use cases take, in memory, wired as composition/money.ts
 * wires the real ones: one ledger, one set of loans, listings and records, so a test
 * can place bids, settle a disbursement, distribute a repayment and pay a compensation
 * against the same books.
 */
import { ratio } from '../../../functions/core/rational';
import type { AutoBiddingPorts } from '../../../functions/application/auto-bidding';
import type { BiddingPorts } from '../../../functions/application/bidding';
import type { CustodyPorts } from '../../../functions/application/custody';
import type { TransferSettlementPorts } from '../../../functions/application/debt-transfer';
import type { TransferPolicyValues } from '../../../functions/application/ports/transfers';
import type { DisbursementPorts } from '../../../functions/application/disbursement';
import type { LoanEventPorts } from '../../../functions/application/loan-events';
import type { AgreementPolicy } from '../../../functions/application/contract-consent';
import type { LendingPolicy } from '../../../functions/application/ports/lending-policy';
import type { RepaymentPorts } from '../../../functions/application/repayment';
import type { CompensationPorts } from '../../../functions/application/risk-reserve-compensation';
import { InMemoryInstallments } from './installments';
import { InMemoryLedgerPort } from './ledger';
import { InMemoryListings } from './listings';
import { InMemoryLoans } from './loans';
import { InMemorySignals } from './operational-signals';
import { InMemoryBank, InMemoryCollectionLog, InMemoryCustodyRecords, InMemoryProfiles, InMemoryWorkflow, inMemoryProtocol } from './outside-world';
import { InMemoryRiskReserve } from './risk-reserve';
import { InMemoryServicingRecords } from './servicing';
import { InMemoryTransferRecords } from './transfers';

/** The settings' defaults: ¥100 minimum and step, 7 days, 2% service fee, 10% management fee, 10% to the reserve. */
export const defaultPolicy: LendingPolicy = {
  minimumBidFen: () => 10_000,
  bidStepFen: () => 10_000,
  listingPeriodDays: () => 7,
  borrowerServiceFeeRate: () => ratio(2n, 100n),
  investorManagementFeeRate: () => ratio(10n, 100n),
  riskReserveShare: () => ratio(10n, 100n),
};

/** The settings' transfer defaults: held 30 days, not within 3 days of a due date, ¥100 steps, 80%–105% of the value, 0.5% fee, open 72 hours. */
export const defaultTransferPolicy: TransferPolicyValues = {
  transferPolicy: () => ({ minHoldingDays: 30, blackoutDays: 3, stepFen: 10_000, minPriceRatio: ratio(80n, 100n), maxPriceRatio: ratio(105n, 100n), feeRate: ratio(5n, 1000n) }),
  offerLifetimeHours: () => 72,
  settlementTimeoutMinutes: () => 60,
};

/** The settings' agreement defaults: 6% penalty, LPR 3.45% × 4, a test platform's name. */
export const defaultAgreementPolicy: AgreementPolicy = {
  borrowerServiceFeeRate: () => ratio(2n, 100n),
  investorManagementFeeRate: () => ratio(10n, 100n),
  penaltyRate: () => ratio(6n, 100n),
  loanPrimeRate: () => ratio(345n, 10_000n),
  lprMultiple: () => 4,
  platformLegalName: () => 'Test Platform',
};

export function moneyWorld(policy: LendingPolicy = defaultPolicy) {
  const ledger = new InMemoryLedgerPort();
  const loans = new InMemoryLoans();
  const profiles = new InMemoryProfiles();
  const listings = new InMemoryListings(ledger, loans, profiles);
  const servicing = new InMemoryServicingRecords();
  const installments = new InMemoryInstallments();
  const workflow = new InMemoryWorkflow();
  const bank = new InMemoryBank();
  const custody = new InMemoryCustodyRecords();
  const riskReserve = new InMemoryRiskReserve(ledger);
  const collections = new InMemoryCollectionLog();
  const signals = new InMemorySignals();
  const started: string[] = [];
  const plans = { activePlans: async () => [], planSpendingItem: () => ({ check: () => {}, apply: () => {} }) };

  const terms = defaultAgreementPolicy;
  const bidding: BiddingPorts = { listings, profiles, holdings: servicing, policy, terms, workflow, signals };
  const autoBidding: AutoBiddingPorts = { listings, plans, ledger, profiles, holdings: servicing, policy, terms, signals };
  const loanEvents: LoanEventPorts = { ...autoBidding, listings, loans, marketplace: listings, policy, signals };
  const disbursement: DisbursementPorts = {
    loans,
    listings,
    ledger,
    profiles,
    custody,
    installments,
    bank,
    protocol: inMemoryProtocol,
    policy,
    workflow,
    servicing: { startServicing: async (loanId) => void started.push(loanId) },
    signals,
  };
  const transfers = new InMemoryTransferRecords(servicing);
  const repayment: RepaymentPorts = { transfers, loans, listings, installments, servicing, ledger, profiles, custody, riskReserve, collections, bank, protocol: inMemoryProtocol, policy, workflow, signals };
  /** The purchases whose transfer agreement settlement asked to sign, in order. */
  const signedTransferAgreements: string[] = [];
  const transfer: TransferSettlementPorts = {
    transfers,
    loans,
    installments,
    servicing,
    listings,
    holdings: servicing,
    ledger,
    profiles,
    custody,
    bank,
    protocol: inMemoryProtocol,
    policy: { ...policy, ...defaultTransferPolicy, platformLegalName: defaultAgreementPolicy.platformLegalName },
    signals,
    agreements: { signTransferAgreement: async (purchaseId: string) => void signedTransferAgreements.push(purchaseId) },
  };
  const compensation: CompensationPorts = { transfers, listings, riskReserve, servicing, installments, ledger, profiles, custody, collections, bank, protocol: inMemoryProtocol, signals };
  const custodyAccounts: CustodyPorts = {
    profiles,
    custody,
    ledger,
    bank,
    protocol: inMemoryProtocol,
    monitoring: { monitorWithdrawal: async () => {} },
    signals,
    transfers: { disbursement, repayment, compensation, transfer },
  };

  return {
    stores: { ledger, loans, listings, profiles, servicing, transfers, installments, workflow, bank, custody, riskReserve, collections, signals, servicingStarted: started, signedTransferAgreements },
    ports: { bidding, autoBidding, loanEvents, disbursement, repayment, compensation, custodyAccounts, transfer },
  };
}

export type MoneyWorld = ReturnType<typeof moneyWorld>;
