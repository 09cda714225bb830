/** Ports of real-name verification: the identity-verification provider, the PII vault, the verification records. */
import type { IdentityClaim, VerificationRejectionReason } from '../../core/identity-claim';
import type { VerificationSummary } from '../../core/users';

export interface IdentityCheckRequest {
  readonly claim: IdentityClaim;
  /** The provider's token for a liveness and face capture made in the client app. */
  readonly faceToken?: string;
}

export type IdentityCheckResult =
  | { readonly confirmed: true; readonly reference: string; readonly faceMatchScore?: number }
  | { readonly confirmed: false; readonly reference: string; readonly reasons: readonly VerificationRejectionReason[]; readonly faceMatchScore?: number };

/** The identity-verification provider (实名认证): a rejection is a result, an unavailable provider throws. */
export interface IdentityVerifier {
  /** Which implementation answers, e.g. 'simulator'; recorded with the outcome. */
  readonly provider: string;
  check(request: IdentityCheckRequest): Promise<IdentityCheckResult>;
}

/** The PII vault: seals the claim (`Sealed` is the vault's envelope) and gives the identity's blind index. */
export interface PiiVault<Sealed> {
  seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<Sealed>;
  blindIndex(kind: string, value: string): Promise<string>;
}

export interface VerifiedIdentity<Sealed> {
  readonly userId: string;
  readonly summary: VerificationSummary & { readonly status: 'VERIFIED' };
  readonly sealedClaim: Sealed;
  readonly blindIndex: string;
  readonly provider: string;
  readonly providerReference: string;
  readonly faceMatchScore?: number;
}

export interface VerificationRecords<Sealed> {
  recordVerified(identity: VerifiedIdentity<Sealed>): Promise<void>;
  recordRejected(userId: string, summary: VerificationSummary & { readonly status: 'REJECTED' }): Promise<void>;
}

