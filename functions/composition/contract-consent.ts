/** The composition of the parties' consent to the loan agreement (the terms and consent routes): the loan, the consent records, the policy. */
import type { ConsentPorts } from '../application/contract-consent';
import { findBorrowerConsent, recordBorrowerConsent } from '../adapters/dynamodb/loan-contract-repository';
import { findLoan } from '../adapters/dynamodb/loan-repository';
import { policy } from '../settings/settings';

export const contractConsent: ConsentPorts = { loans: { findLoan }, consents: { findBorrowerConsent, recordBorrowerConsent }, policy };
