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
import { config } from '../../settings/settings';
import { httpIdentityVerifier } from './identity-verification-http';
import { identityVerificationSimulator } from './identity-verification-simulator';

export type { IdentityCheckRequest, IdentityCheckResult, IdentityVerifier } from '../../application/ports/origination-identity';
import type { IdentityVerifier } from '../../application/ports/origination-identity';

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
