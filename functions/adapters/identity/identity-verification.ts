/**
 * The identity-verification port (实名认证): asks a provider whether a claim is
 * consistent — the name belongs to the ID number, the phone is registered to that
 * person, the bank card is theirs, the face matches (when a face token from the
 * provider's liveness SDK is given); or, for an enterprise, that the credit code is
 * registered under that name with that legal representative.
 *
 * Two implementations, picked by IDENTITY_VERIFICATION_PROVIDER: 'http', a real
 * provider (./identity-verification-http.ts, on AWS), and 'simulator', the twin's
 * deterministic simulator (./identity-verification-simulator.ts).
 */
import type { IdentityClaim, VerificationRejectionReason } from '../../core/identity-claim';
import { config } from '../../settings/settings';
import { httpIdentityVerifier } from './identity-verification-http';
import { identityVerificationSimulator } from './identity-verification-simulator';

export interface IdentityCheckRequest {
  readonly claim: IdentityClaim;
  /** The provider's token for a liveness and face capture made in the client app. */
  readonly faceToken?: string;
}

export type IdentityCheckResult =
  | {
      readonly confirmed: true;
      /** The provider's id for this check, kept for disputes. */
      readonly reference: string;
      /** 0–100 when a face was compared. */
      readonly faceMatchScore?: number;
    }
  | {
      readonly confirmed: false;
      readonly reference: string;
      readonly reasons: readonly VerificationRejectionReason[];
      readonly faceMatchScore?: number;
    };

export interface IdentityVerifier {
  /** Which implementation answers, e.g. 'simulator'; recorded with the outcome. */
  readonly provider: string;
  /** Throws when the provider cannot answer (a 5xx, a timeout); a rejection is a result, not an error. */
  check(request: IdentityCheckRequest): Promise<IdentityCheckResult>;
}

let configured: IdentityVerifier | undefined;

/** The configured verifier, built once per process. */
export function identityVerifier(): IdentityVerifier {
  if (!configured) {
    configured =
      config.identityVerificationProvider() === 'simulator'
        ? identityVerificationSimulator()
        : httpIdentityVerifier({ url: config.identityVerificationUrl(), credentialsSecretArn: config.identityVerificationCredentialsSecretArn() });
  }
  return configured;
}
