/**
 * The user pool's password policy, read by both the CDK user pool
 * (lib/constructs/platform-api.ts) and the twin's local Cognito endpoint
 * (lib/local/cognito/), so the two cannot drift. The platform itself never checks
 * or keeps a password: it passes it to the identity provider, which applies this.
 */
export const passwordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 3,
} as const;

/** Cognito's longest password. */
export const maxPasswordLength = 256;

/** The characters Cognito counts as symbols (a space counts too when it is not at either end). */
const cognitoSymbols = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-');

/** What is wrong with a password under the policy, in Cognito's words; empty when it conforms. */
export function passwordPolicyViolations(password: string): string[] {
  const violations: string[] = [];
  if (password.length < passwordPolicy.minLength) violations.push('Password not long enough');
  if (password.length > maxPasswordLength) violations.push('Password is too long');
  if (passwordPolicy.requireUppercase && !/[A-Z]/.test(password)) violations.push('Password must have uppercase characters');
  if (passwordPolicy.requireLowercase && !/[a-z]/.test(password)) violations.push('Password must have lowercase characters');
  if (passwordPolicy.requireDigits && !/[0-9]/.test(password)) violations.push('Password must have numeric characters');
  const hasSymbol = [...password].some((character, index) => cognitoSymbols.has(character) || (character === ' ' && index > 0 && index < password.length - 1));
  if (passwordPolicy.requireSymbols && !hasSymbol) violations.push('Password must have symbol characters');
  return violations;
}
