/**
 * The platform's settings: the only reader of process.env in functions/. Two groups:
 * - `config`: where things are (table, state machines, user pool, keys, the bank, the
 *   documents store), set by the CDK stack or the twin; required, no default.
 * - `policy`: values operators may tune per deployment, each with its documented default.
 * Getters validate on read and fail fast with the setting's name, never with
 * `undefined` deep inside.
 */
import { parseRate, ratePattern, type AnnualRate } from '../core/rate';
import type { Ratio } from '../core/rational';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`configuration ${name} is not set`);
  return value;
}

export const config = {
  tableName: (): string => required('TABLE_NAME'),
  /** Workflow names are manifest names (functions/manifest/workflows.ts), e.g. loan-origination. */
  stateMachineArn: (workflow: string): string => required(stateMachineArnVariable(workflow)),
  /** The Cognito user pool (admin calls) and its app client (sign-in); the twin's local pool locally. */
  userPoolId: (): string => required('USER_POOL_ID'),
  userPoolClientId: (): string => required('USER_POOL_CLIENT_ID'),
  /** PII data keys: from a KMS key on AWS, or wrapped by the twin's local key-encryption key file. */
  piiKeyEncryption: () => exactlyOne({ 'aws-kms': 'PII_KMS_KEY_ID', local: 'PII_LOCAL_KEY_FILE' }),
  /** The blind-index (HMAC) key: a Secrets Manager secret on AWS, a local key file on the twin. */
  piiBlindIndexKey: () => exactlyOne({ 'secrets-manager': 'PII_BLIND_INDEX_SECRET_ARN', local: 'PII_LOCAL_BLIND_INDEX_KEY_FILE' }),
  /** 'http' (a real provider, on AWS) or 'simulator' (the twin's deterministic one). */
  identityVerificationProvider: (): 'http' | 'simulator' => {
    const value = required('IDENTITY_VERIFICATION_PROVIDER');
    if (value !== 'http' && value !== 'simulator') throw new Error(`configuration IDENTITY_VERIFICATION_PROVIDER must be http or simulator, not ${value}`);
    return value;
  },
  identityVerificationUrl: (): string => required('IDENTITY_VERIFICATION_URL'),
  identityVerificationCredentialsSecretArn: (): string => required('IDENTITY_VERIFICATION_CREDENTIALS_SECRET_ARN'),
  /** The custodian bank's base URL (the twin's simulator locally). */
  custodianBankUrl: (): string => required('CUSTODIAN_BANK_URL'),
  /** The HMAC secret shared with the custodian bank: a Secrets Manager secret on AWS, the value itself on the twin. */
  custodianBankSecret: () => exactlyOne({ 'secrets-manager': 'CUSTODIAN_BANK_SECRET_ARN', local: 'CUSTODIAN_BANK_SECRET' }),
  /** Where contract documents are kept: the S3 bucket on AWS, the twin's folder standing in for it locally. */
  documentStore: () => exactlyOne({ s3: 'DOCUMENTS_BUCKET_NAME', local: 'OBJECT_STORE_DIR' }),
  /** The e-signature key: an asymmetric KMS key (ECC_NIST_P256) on AWS, the twin's Ed25519 key file (PEM) locally. */
  eSignatureKey: () => exactlyOne({ 'aws-kms': 'E_SIGNATURE_KMS_KEY_ID', local: 'E_SIGNATURE_LOCAL_KEY_FILE' }),
  /** The secret page cursors are sealed with (≥ 32 characters, the same for every function of a deployment); unset: a key per process (the twin). */
  pageCursorSecret: (): string | undefined => {
    const value = process.env.PAGE_CURSOR_SECRET;
    if (value !== undefined && value !== '' && value.length < 32) throw new Error('configuration PAGE_CURSOR_SECRET must be at least 32 characters');
    return value || undefined;
  },
};

/** Exactly one of the variables is set; which one picks the implementation. */
function exactlyOne<Kind extends string>(variables: Record<Kind, string>): { kind: Kind; value: string } {
  const set = (Object.entries(variables) as Array<[Kind, string]>).filter(([, name]) => (process.env[name] ?? '') !== '');
  if (set.length !== 1) throw new Error(`configuration: set exactly one of ${Object.values(variables).join(', ')}`);
  const [kind, name] = set[0]!;
  return { kind, value: required(name) };
}

/** The environment variable that carries a workflow's state machine ARN. */
export function stateMachineArnVariable(workflow: string): string {
  return `STATE_MACHINE_ARN_${workflow.toUpperCase().replace(/-/g, '_')}`;
}

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`configuration ${name} must be a whole number from ${min} to ${max}, not ${raw}`);
  }
  return Number(raw);
}
/** A ratio between 0 and 1 as an exact decimal string (e.g. "0.02"). */
function rateSetting(name: string, fallback: string): Ratio {
  const raw = process.env[name];
  const text = raw === undefined || raw === '' ? fallback : raw;
  try {
    return parseRate(text);
  } catch {
    throw new Error(`configuration ${name} must be a decimal between 0 and 1 with at most six places, not ${text}`);
  }
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new Error(`configuration ${name} must be true or false, not ${raw}`);
  return raw === 'true';
}

export const policy = {
  /** The one-year Loan Prime Rate (LPR), a decimal string; default "0.0345". */
  loanPrimeRate: (): AnnualRate => {
    const raw = process.env.LOAN_PRIME_RATE || '0.0345';
    if (!ratePattern.test(raw)) throw new Error(`configuration LOAN_PRIME_RATE must be a decimal rate, not ${raw}`);
    return parseRate(raw);
  },
  /** The legal cap on a loan's annual rate is this multiple of the LPR (default 4). */
  lprMultiple: (): number => wholeNumber('LPR_MULTIPLE', 4, 1, 10),
  /** amount ≤ this × stated monthly income (default 3). */
  incomeMultiple: (): number => wholeNumber('LOAN_INCOME_MULTIPLE', 3, 1, 120),
  /** Application velocity (anti-fraud): the window, in days (default 30). */
  velocityWindowDays: (): number => wholeNumber('APPLICATION_VELOCITY_DAYS', 30, 1, 365),
  /** The platform's blacklist: comma-separated userIds (RISK_BLACKLIST_USER_IDS). */
  blacklist: (): ReadonlySet<string> =>
    new Set((process.env.RISK_BLACKLIST_USER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean)),

  /** The borrower's service fee (借款服务费), a proportion of the principal taken at disbursement (default 2%). */
  borrowerServiceFeeRate: (): Ratio => rateSetting('BORROWER_SERVICE_FEE_RATE', '0.02'),
  /** How long a listing takes bids before it expires (发标期限). */
  listingPeriodDays: (): number => wholeNumber('LISTING_PERIOD_DAYS', 7, 1, 30),
  /** The investor's management fee (投资管理费), a proportion of the interest (and penalty interest) each investor receives (default 10%). */
  investorManagementFeeRate: (): Ratio => rateSetting('INVESTOR_MANAGEMENT_FEE_RATE', '0.1'),
  /** The share of every fee set aside in the risk reserve (风险准备金), default 10%. */
  riskReserveShare: (): Ratio => rateSetting('RISK_RESERVE_SHARE', '0.1'),
  /** Whether the risk reserve compensates investors of a defaulted loan (off by default: an intermediary may not guarantee). */
  riskReserveCompensates: (): boolean => flag('RISK_RESERVE_COMPENSATES', false),
  /** The smallest bid, in fen (default ¥100). */
  minimumBidFen: (): number => wholeNumber('MINIMUM_BID_FEN', 10_000, 1, 100_000_000),
  /** Bids go in steps of this many fen (default ¥100). */
  bidStepFen: (): number => wholeNumber('BID_STEP_FEN', 10_000, 1, 100_000_000),
  /** The annual penalty rate (罚息) on overdue amounts before the legal cap (default 6%; contract + penalty is cut to 4 × LPR). */
  penaltyRate: (): Ratio => rateSetting('PENALTY_RATE', '0.06'),
  /** In-loan monitoring: a borrower withdrawing at least this share of a disbursement ... */
  rapidWithdrawalShare: (): Ratio => rateSetting('MONITOR_RAPID_WITHDRAWAL_SHARE', '0.8'),
  /** ... within this many minutes of it raises an alert (default 60). */
  rapidWithdrawalMinutes: (): number => wholeNumber('MONITOR_RAPID_WITHDRAWAL_MINUTES', 60, 1, 10_080),
  /** A transfer (withdrawal) of at least this many fen counts as large (default ¥50,000). */
  largeTransferFen: (): number => wholeNumber('MONITOR_LARGE_TRANSFER_FEN', 5_000_000, 1, 100_000_000_000),
  /** This many large transfers by one user in one business day raise an alert (default 3). */
  largeTransfersPerDay: (): number => wholeNumber('MONITOR_LARGE_TRANSFERS_PER_DAY', 3, 1, 1_000),
};
