/** The loan contract routes' schemas: the contract document (PDF bytes) and its verification. */
import * as z from 'zod';

export { loanParams } from './loans';

export const contractDocument = z.string().meta({ id: 'LoanContractDocument', description: 'The signed loan contract, a PDF document', format: 'binary' });

export const contractVerification = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 of the stored document, recomputed now'),
    recordedSha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 recorded when the contract was signed'),
    hashMatches: z.boolean(),
    signatures: z.array(z.object({ role: z.enum(['borrower', 'investor', 'platform']), party: z.string(), valid: z.boolean() })),
    valid: z.boolean().describe('The digests match and every signature verifies against the document'),
  })
  .meta({ id: 'LoanContractVerification' });
