/** Real-name verification's request and response (POST /v1/me/verification). */
import * as z from 'zod';

/** Lengths only, and no control characters: the checksums and formats are checked by the use case, field by field. */
const text = (max: number) => z.string().min(1).max(max).regex(/^[^\p{Cc}]*$/u, 'no control characters');

const faceToken = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{8,256}$/, 'a face token is 8–256 letters, digits, _ . or -')
  .optional()
  .meta({ description: "The provider's token for a liveness check and face capture made in the client app" });

export const personalVerificationRequest = z
  .object({
    kind: z.literal('personal'),
    realName: text(60),
    idNumber: text(24).meta({ description: 'Resident ID number (GB 11643): 17 digits and a check digit or X' }),
    phone: text(20).meta({ description: 'Mainland mobile number, 11 digits' }),
    bankCard: text(30).meta({ description: 'A debit card in the same name, 12–19 digits (Luhn)' }),
    faceToken,
  })
  .strict();

export const enterpriseVerificationRequest = z
  .object({
    kind: z.literal('enterprise'),
    companyName: text(100),
    creditCode: text(24).meta({ description: 'Unified Social Credit Code (GB 32100), 18 characters' }),
    legalRepresentative: z.object({ name: text(60).meta({ description: 'The legal representative’s legal name, as on their resident ID.' }), idNumber: text(24) }).strict(),
    phone: text(20),
    bankCard: text(30),
    faceToken,
  })
  .strict();

export const verificationRequest = z
  .discriminatedUnion('kind', [personalVerificationRequest, enterpriseVerificationRequest])
  .meta({ id: 'VerificationRequest' });
export type VerificationRequest = z.infer<typeof verificationRequest>;

export const verificationSummary = z
  .object({
    status: z.enum(['VERIFIED', 'REJECTED']),
    kind: z.enum(['personal', 'enterprise']),
    verifiedAt: z.iso.datetime(),
    masked: z.record(z.string(), z.string()).meta({ examples: [{ realName: '张*', idNumber: '110***********1234', phone: '138****5678', bankCard: '6222********1234' }] }),
    reasons: z.array(z.string()).optional(),
  })
  .meta({ id: 'VerificationSummary' });
