/** The loan contract routes' schemas: the terms and the borrower's consent, the contract document (PDF bytes) and its verification. */
import * as z from 'zod';

import { loanParams } from './loans';

export { loanParams };

export const transferAgreementParams = loanParams.extend({ purchaseId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'an id is 1 to 100 letters, digits, - or _') });

export const contractDocument = z.string().meta({ id: 'LoanContractDocument', description: 'The signed loan contract, a PDF document', format: 'binary' });
export const supplementaryAgreementDocument = z
  .string()
  .meta({ id: 'SupplementaryAgreementDocument', description: 'The signed supplementary agreement of an accepted reschedule (展期补充协议), a PDF document', format: 'binary' });

export const transferAgreementDocument = z.string().meta({ id: 'TransferAgreementDocument', description: 'The signed debt transfer agreement (债权转让协议), a PDF document', format: 'binary' });

export const loanDocuments = z
  .object({
    items: z.array(
      z.object({
        kind: z.enum(['loan-contract', 'supplementary-agreement', 'transfer-agreement']),
        /** The loan id for the contract and a supplementary agreement, the purchase id for a transfer agreement. */
        documentId: z.string().describe('The loan id (the contract, a supplementary agreement) or the purchase id (a transfer agreement)'),
        href: z.string().describe('Where the PDF is'),
        verificationHref: z.string().describe('Where its verification is'),
        version: z.number().int(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        termsHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
        signedAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'LoanDocuments' });

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const partyConsent = z
  .object({
    termsHash: sha256.describe('The terms hash the party accepted'),
    version: z.number().int().describe("The agreement template's version"),
    acceptedAt: z.iso.datetime().describe('When the party accepted'),
    requestId: z.string().describe("The request that carried the acceptance (an auto-bid: the plan's id)"),
    channel: z
      .enum(['consent-route', 'manual-bid', 'auto-bid', 'transfer-offer', 'transfer-purchase'])
      .describe('How: the consent route, a bid, an auto-bid plan (standing acceptance); for a transfer agreement the offer (seller) or the purchase (buyer)'),
  })
  .meta({ id: 'PartyConsent' });

export const contractTerms = z
  .object({
    loanId: z.string(),
    termsHash: sha256.describe('SHA-256 of these terms: what a consent names'),
    terms: z
      .object({
        version: z.number().int(),
        loanId: z.string(),
        amount: z.string(),
        termMonths: z.number().int(),
        annualRate: z.string(),
        method: z.string(),
        methodName: z.string().describe('The repayment method in Chinese'),
        serviceFeeRatePercent: z.string(),
        managementFeeRatePercent: z.string(),
        penaltyRatePercent: z.string().describe('The penalty rate charged: the configured one, within the legal cap'),
        legalCapPercent: z.string(),
        platform: z.string(),
      })
      .describe('What the hash covers'),
    borrowerConsent: partyConsent.optional().describe("The borrower's recorded acceptance, once given"),
  })
  .meta({ id: 'LoanContractTerms' });

export const consentRequest = z
  .object({ termsHash: sha256.describe('The terms hash read from GET /v1/loans/{loanId}/contract/terms') })
  .strict()
  .meta({ id: 'LoanContractConsentRequest' });

export const signatureRoles = z.enum(['borrower', 'investor', 'seller', 'buyer', 'platform']);

export const contractVerification = z
  .object({
    sha256: sha256.describe('SHA-256 of the stored document, recomputed now'),
    recordedSha256: sha256.describe('SHA-256 recorded when the contract was signed'),
    termsHash: sha256.optional().describe("The terms hash every party's consent named (contracts from version 2)"),
    hashMatches: z.boolean(),
    signatures: z.array(
      z.object({ role: signatureRoles, party: z.string(), consent: partyConsent.optional().describe('The consent the party was signed with (all but the platform)'), valid: z.boolean() }),
    ),
    valid: z.boolean().describe('The digests match and every signature verifies against the document'),
  })
  .meta({ id: 'LoanContractVerification' });
