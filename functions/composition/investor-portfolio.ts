/**
 * The composition of the investor's cash flows and portfolio: holdings, loans and
 * repayments from the table, the risk reserve's decisions, the policy's concentration
 * limits. No document store here: the portfolio's function has no bucket.
 */
import { investorPortfolio } from '../application/investor-portfolio';
import type { InvestorCashFlowPorts } from '../application/investor-cash-flows';
import { findLoan } from '../adapters/dynamodb/loan-repository';
import { findDecision } from '../adapters/dynamodb/risk-reserve-repository';
import { holdingsOf, repaymentsOf } from '../adapters/dynamodb/servicing-repository';
import { findPurchase, offersOfSeller, purchasesOfBuyer } from '../adapters/dynamodb/transfer-repository';
import { policy } from '../settings/settings';

export const investorCashFlowPorts: InvestorCashFlowPorts = { holdings: { holdingsOf }, loans: { findLoan }, repayments: { repaymentsOf }, compensations: { findDecision }, transfers: { offersOfSeller, purchasesOfBuyer, findPurchase } };

export const portfolioOf = (investorId: string, at: Date) => investorPortfolio({ ...investorCashFlowPorts, policy }, investorId, at);
