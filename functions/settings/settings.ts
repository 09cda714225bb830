/**
 * The platform's settings: the only reader of process.env in functions/. Two groups:
 * - `config`: where things are (table, state machines, user pool, keys, the bank, the
 *   documents store, the providers), set by the CDK stack or the twin; no default.
 * - `policy`: values operators may tune per deployment, each with its documented default.
 * Getters validate on read and fail fast with the setting's name, never with
 * `undefined` deep inside.
 *
 * `settingDefinitions` (below) describes every variable: its type, the getter that reads
 * it, who calls that getter, and its default or where its value comes from. The infra
 * tier derives from each function's bundle which getters it reaches and proves the stack
 * gives it every variable without a default (test/infra/settings.test.ts);
 * docs/operations.md has the same table for operators.
 */
import { parseRate, ratePattern, type AnnualRate } from '../core/rate';
import { minus, plus, whole, type Ratio } from '../core/rational';
import type { TransferPolicy } from '../core/debt-transfer';

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
  identityVerificationProvider: (): 'http' | 'simulator' => oneOf('IDENTITY_VERIFICATION_PROVIDER', ['http', 'simulator']),
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
  /** The request keys (page cursors, idempotency fingerprints): a Secrets Manager secret on AWS, a local key file on the twin. */
  requestKeysSecret: () => exactlyOne({ 'secrets-manager': 'REQUEST_KEYS_SECRET_ARN', local: 'REQUEST_KEYS_LOCAL_FILE' }),
  /** 'http' (a real credit bureau, on AWS) or 'simulator' (the twin, or a staging deployment made with -c providers=simulator). */
  creditBureauProvider: (): 'http' | 'simulator' => oneOf('CREDIT_BUREAU_PROVIDER', ['http', 'simulator']),
  /** The SSM parameter (a name) that holds the credit bureau's https base URL, which operators fill. */
  creditBureauEndpointParameter: (): string => required('CREDIT_BUREAU_ENDPOINT_PARAMETER'),
  /** The Secrets Manager secret with the credit bureau's {"appKey", "appSecret"}, which operators fill. */
  creditBureauCredentialsSecretArn: (): string => required('CREDIT_BUREAU_CREDENTIALS_SECRET_ARN'),
  /**
   * The secret CloudFront sends in the front door's X-Origin-Verify header (a Secrets Manager
   * secret on AWS); unset (the twin, which has no CloudFront): routes do not check the header.
   */
  originVerifySecretArn: (): string | undefined => process.env.ORIGIN_VERIFY_SECRET_ARN || undefined,
  /** 'sns' (AWS: the notifications topic) or 'outbox' (the twin: messages kept in the table); default outbox. */
  notifierProvider: (): 'sns' | 'outbox' => oneOf('NOTIFIER_PROVIDER', ['sns', 'outbox'], 'outbox'),
  /** The notifications topic, required when NOTIFIER_PROVIDER=sns. */
  notificationsTopicArn: (): string => required('NOTIFICATIONS_TOPIC_ARN'),
};


function oneOf<Value extends string>(name: string, values: readonly Value[], fallback?: Value): Value {
  const raw = process.env[name];
  if ((raw === undefined || raw === '') && fallback !== undefined) return fallback;
  if (raw === undefined || raw === '') throw new Error(`configuration ${name} is not set (one of ${values.join(', ')})`);
  if (!values.includes(raw as Value)) throw new Error(`configuration ${name} must be one of ${values.join(', ')}, not ${raw}`);
  return raw as Value;
}

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
  /** The portfolio view warns when one loan holds more than this share of an investor's outstanding principal (default 20%). */
  portfolioLoanShareLimit: (): Ratio => rateSetting('PORTFOLIO_LOAN_SHARE_LIMIT', '0.2'),
  /** ... or one risk grade more than this share (default 50%). */
  portfolioGradeShareLimit: (): Ratio => rateSetting('PORTFOLIO_GRADE_SHARE_LIMIT', '0.5'),
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
  /** Debt transfer (债权转让): who may offer, when, in what steps, at what price, for what fee (core/debt-transfer TransferPolicy). */
  transferPolicy: (): TransferPolicy => ({
    minHoldingDays: wholeNumber('TRANSFER_MIN_HOLDING_DAYS', 30, 0, 3_650),
    blackoutDays: wholeNumber('TRANSFER_BLACKOUT_DAYS', 3, 0, 27),
    stepFen: wholeNumber('TRANSFER_STEP_FEN', 10_000, 1, 100_000_000),
    minPriceRatio: minus(whole(1), rateSetting('TRANSFER_MAX_DISCOUNT', '0.2')),
    maxPriceRatio: plus(whole(1), rateSetting('TRANSFER_MAX_PREMIUM', '0.05')),
    feeRate: rateSetting('TRANSFER_FEE_RATE', '0.005'),
  }),
  /** How long a transfer offer stays open, in hours (default 72). */
  offerLifetimeHours: (): number => wholeNumber('TRANSFER_OFFER_HOURS', 72, 1, 2_160),
  /** How long a transfer purchase waits for the bank's callback before the bank is asked (default 60 minutes). */
  settlementTimeoutMinutes: (): number => wholeNumber('TRANSFER_SETTLEMENT_TIMEOUT_MINUTES', 60, 1, 10_080),
  /** The platform's legal name, printed in loan contracts as the intermediary. */
  platformLegalName: (): string => process.env.PLATFORM_LEGAL_NAME || 'P2P Lending Platform (information intermediary)',
};

export interface SettingDefinition {
  /** What the value is. */
  readonly type: string;
  /** The settings getter that reads it, e.g. config.tableName. */
  readonly getter: `config.${keyof typeof config}` | `policy.${keyof typeof policy}`;
  /** Who calls that getter. */
  readonly readBy: string;
  /** Where it is set: on AWS by the stack, on the twin by lib/local/twin.ts, or both. */
  readonly setOn: 'aws' | 'twin' | 'both';
  /** A policy value's default (the setting may then be left out). */
  readonly default?: string;
  /** Where the value comes from when there is no default. */
  readonly source?: string;
}

/**
 * Every environment variable a function may read, by name. `STATE_MACHINE_ARN_{WORKFLOW}`
 * stands for one variable per workflow of functions/manifest/workflows.ts.
 */
export const settingDefinitions = {
  TABLE_NAME: { type: 'table name', getter: 'config.tableName', readBy: 'every DynamoDB repository (adapters/dynamodb)', setOn: 'both', source: 'stateful stack: the platform table' },
  STATE_MACHINE_ARN_$WORKFLOW: { type: 'state machine ARN', getter: 'config.stateMachineArn', readBy: 'adapters/stepfunctions (start, describe, task callbacks)', setOn: 'both', source: 'stateless stack: each workflow\'s state machine' },
  USER_POOL_ID: { type: 'Cognito user pool id', getter: 'config.userPoolId', readBy: 'adapters/identity/identity-provider (register, roles)', setOn: 'both', source: 'stateful stack: the user pool' },
  USER_POOL_CLIENT_ID: { type: 'Cognito app client id', getter: 'config.userPoolClientId', readBy: 'adapters/identity/identity-provider (sign-in, refresh)', setOn: 'both', source: 'stateful stack: the web client' },
  PII_KMS_KEY_ID: { type: 'KMS key ARN', getter: 'config.piiKeyEncryption', readBy: 'adapters/identity/pii-vault (seal, open)', setOn: 'aws', source: 'stateful stack: the PII key' },
  PII_LOCAL_KEY_FILE: { type: 'file path', getter: 'config.piiKeyEncryption', readBy: 'adapters/identity/pii-vault (seal, open)', setOn: 'twin', source: 'the twin\'s key-encryption key file' },
  PII_BLIND_INDEX_SECRET_ARN: { type: 'secret ARN', getter: 'config.piiBlindIndexKey', readBy: 'adapters/identity/pii-vault (blind index)', setOn: 'aws', source: 'stateful stack: the blind-index secret (generated)' },
  PII_LOCAL_BLIND_INDEX_KEY_FILE: { type: 'file path', getter: 'config.piiBlindIndexKey', readBy: 'adapters/identity/pii-vault (blind index)', setOn: 'twin', source: 'the twin\'s blind-index key file' },
  IDENTITY_VERIFICATION_PROVIDER: { type: 'http | simulator', getter: 'config.identityVerificationProvider', readBy: 'adapters/identity/identity-verification', setOn: 'both', source: 'stack: http, or simulator with -c providers=simulator; twin: simulator' },
  IDENTITY_VERIFICATION_URL: { type: 'https URL', getter: 'config.identityVerificationUrl', readBy: 'adapters/identity/identity-verification (http provider)', setOn: 'aws', source: 'context identityVerificationUrl (unset: the first verification fails naming this setting)' },
  IDENTITY_VERIFICATION_CREDENTIALS_SECRET_ARN: { type: 'secret ARN', getter: 'config.identityVerificationCredentialsSecretArn', readBy: 'adapters/identity/identity-verification (http provider)', setOn: 'aws', source: 'stateful stack: a secret operators fill with {"appKey","appSecret"}' },
  CREDIT_BUREAU_PROVIDER: { type: 'http | simulator', getter: 'config.creditBureauProvider', readBy: 'adapters/credit-bureau/credit-bureau', setOn: 'both', source: 'stack: http, or simulator with -c providers=simulator; twin: simulator' },
  CREDIT_BUREAU_ENDPOINT_PARAMETER: { type: 'SSM parameter name', getter: 'config.creditBureauEndpointParameter', readBy: 'adapters/credit-bureau/credit-bureau-http', setOn: 'aws', source: 'stateful stack: a parameter operators fill with the bureau\'s https URL' },
  CREDIT_BUREAU_CREDENTIALS_SECRET_ARN: { type: 'secret ARN', getter: 'config.creditBureauCredentialsSecretArn', readBy: 'adapters/credit-bureau/credit-bureau-http', setOn: 'aws', source: 'stateful stack: a secret operators fill with {"appKey","appSecret"}' },
  CUSTODIAN_BANK_URL: { type: 'https URL', getter: 'config.custodianBankUrl', readBy: 'adapters/custodian-bank (instructions, health)', setOn: 'both', source: 'context custodianBankUrl (unset: the first bank call fails naming this setting); twin: its bank simulator' },
  CUSTODIAN_BANK_SECRET_ARN: { type: 'secret ARN', getter: 'config.custodianBankSecret', readBy: 'adapters/custodian-bank (signatures)', setOn: 'aws', source: 'stateful stack: the HMAC secret shared with the bank, which operators set' },
  CUSTODIAN_BANK_SECRET: { type: 'HMAC secret', getter: 'config.custodianBankSecret', readBy: 'adapters/custodian-bank (signatures)', setOn: 'twin', source: 'the twin\'s bank simulator' },
  DOCUMENTS_BUCKET_NAME: { type: 'bucket name', getter: 'config.documentStore', readBy: 'adapters/documents/document-store', setOn: 'aws', source: 'stateful stack: the documents bucket' },
  OBJECT_STORE_DIR: { type: 'folder', getter: 'config.documentStore', readBy: 'adapters/documents/document-store', setOn: 'twin', source: 'the twin\'s folder standing in for S3' },
  E_SIGNATURE_KMS_KEY_ID: { type: 'KMS key ARN', getter: 'config.eSignatureKey', readBy: 'adapters/documents/e-signature', setOn: 'aws', source: 'stateful stack: the e-signature key' },
  E_SIGNATURE_LOCAL_KEY_FILE: { type: 'file path', getter: 'config.eSignatureKey', readBy: 'adapters/documents/e-signature', setOn: 'twin', source: 'the twin\'s Ed25519 key file' },
  REQUEST_KEYS_SECRET_ARN: { type: 'secret ARN', getter: 'config.requestKeysSecret', readBy: 'adapters/secrets/request-keys (page cursors, idempotency fingerprints)', setOn: 'aws', source: 'stateful stack: the request-keys secret (generated)' },
  REQUEST_KEYS_LOCAL_FILE: { type: 'file path', getter: 'config.requestKeysSecret', readBy: 'adapters/secrets/request-keys (page cursors, idempotency fingerprints)', setOn: 'twin', source: "the twin's request-keys file" },
  ORIGIN_VERIFY_SECRET_ARN: { type: 'secret ARN', getter: 'config.originVerifySecretArn', readBy: 'every route: http/middleware/origin-verification (adapters/front-door/origin-verification)', setOn: 'aws', source: 'stateful stack: the front door\'s origin secret (generated; unset on the twin, which has no CloudFront: no check)' },
  NOTIFIER_PROVIDER: { type: 'sns | outbox', getter: 'config.notifierProvider', readBy: 'adapters/notifier/notifier', setOn: 'aws', default: 'outbox' },
  NOTIFICATIONS_TOPIC_ARN: { type: 'SNS topic ARN', getter: 'config.notificationsTopicArn', readBy: 'adapters/notifier/notifier (sns)', setOn: 'aws', source: 'stateless stack: the notifications topic' },
  LOAN_PRIME_RATE: { type: 'decimal rate', getter: 'policy.loanPrimeRate', readBy: 'rate caps (quotes, applications, contracts, penalties)', setOn: 'both', default: '0.0345' },
  LPR_MULTIPLE: { type: 'whole number 1–10', getter: 'policy.lprMultiple', readBy: 'rate caps', setOn: 'both', default: '4' },
  LOAN_INCOME_MULTIPLE: { type: 'whole number 1–120', getter: 'policy.incomeMultiple', readBy: 'loan applications', setOn: 'both', default: '3' },
  APPLICATION_VELOCITY_DAYS: { type: 'whole number 1–365', getter: 'policy.velocityWindowDays', readBy: 'loan applications (anti-fraud)', setOn: 'both', default: '30' },
  RISK_BLACKLIST_USER_IDS: { type: 'comma-separated user ids', getter: 'policy.blacklist', readBy: 'risk review', setOn: 'both', default: '(empty)' },
  BORROWER_SERVICE_FEE_RATE: { type: 'decimal 0–1', getter: 'policy.borrowerServiceFeeRate', readBy: 'disbursement, quotes', setOn: 'both', default: '0.02' },
  LISTING_PERIOD_DAYS: { type: 'whole number 1–30', getter: 'policy.listingPeriodDays', readBy: 'listing', setOn: 'both', default: '7' },
  INVESTOR_MANAGEMENT_FEE_RATE: { type: 'decimal 0–1', getter: 'policy.investorManagementFeeRate', readBy: 'repayment distribution', setOn: 'both', default: '0.1' },
  RISK_RESERVE_SHARE: { type: 'decimal 0–1', getter: 'policy.riskReserveShare', readBy: 'fees into the risk reserve', setOn: 'both', default: '0.1' },
  RISK_RESERVE_COMPENSATES: { type: 'true | false', getter: 'policy.riskReserveCompensates', readBy: 'risk-reserve compensation', setOn: 'both', default: 'false' },
  PORTFOLIO_LOAN_SHARE_LIMIT: { type: 'decimal 0–1', getter: 'policy.portfolioLoanShareLimit', readBy: 'the investor portfolio (concentration warnings), the diversified auto-bid preset', setOn: 'both', default: '0.2' },
  PORTFOLIO_GRADE_SHARE_LIMIT: { type: 'decimal 0–1', getter: 'policy.portfolioGradeShareLimit', readBy: 'the investor portfolio (concentration warnings)', setOn: 'both', default: '0.5' },
  MINIMUM_BID_FEN: { type: 'fen', getter: 'policy.minimumBidFen', readBy: 'bidding, auto-bidding', setOn: 'both', default: '10000' },
  BID_STEP_FEN: { type: 'fen', getter: 'policy.bidStepFen', readBy: 'bidding, auto-bidding', setOn: 'both', default: '10000' },
  PENALTY_RATE: { type: 'decimal 0–1', getter: 'policy.penaltyRate', readBy: 'overdue sweep, repayments', setOn: 'both', default: '0.06' },
  MONITOR_RAPID_WITHDRAWAL_SHARE: { type: 'decimal 0–1', getter: 'policy.rapidWithdrawalShare', readBy: 'in-loan monitoring', setOn: 'both', default: '0.8' },
  MONITOR_RAPID_WITHDRAWAL_MINUTES: { type: 'whole number', getter: 'policy.rapidWithdrawalMinutes', readBy: 'in-loan monitoring', setOn: 'both', default: '60' },
  MONITOR_LARGE_TRANSFER_FEN: { type: 'fen', getter: 'policy.largeTransferFen', readBy: 'in-loan monitoring', setOn: 'both', default: '5000000' },
  MONITOR_LARGE_TRANSFERS_PER_DAY: { type: 'whole number', getter: 'policy.largeTransfersPerDay', readBy: 'in-loan monitoring', setOn: 'both', default: '3' },
  TRANSFER_MIN_HOLDING_DAYS: { type: 'whole number 0–3650', getter: 'policy.transferPolicy', readBy: 'debt transfer (offers)', setOn: 'both', default: '30' },
  TRANSFER_BLACKOUT_DAYS: { type: 'whole number 0–27', getter: 'policy.transferPolicy', readBy: 'debt transfer (no offer or purchase this many days or fewer before a due date)', setOn: 'both', default: '3' },
  TRANSFER_STEP_FEN: { type: 'fen', getter: 'policy.transferPolicy', readBy: 'debt transfer (a part of a holding goes in these steps)', setOn: 'both', default: '10000' },
  TRANSFER_MAX_DISCOUNT: { type: 'decimal 0–1', getter: 'policy.transferPolicy', readBy: 'debt transfer (lowest price: value × (1 − this))', setOn: 'both', default: '0.2' },
  TRANSFER_MAX_PREMIUM: { type: 'decimal 0–1', getter: 'policy.transferPolicy', readBy: 'debt transfer (highest price: value × (1 + this))', setOn: 'both', default: '0.05' },
  TRANSFER_FEE_RATE: { type: 'decimal 0–1', getter: 'policy.transferPolicy', readBy: 'debt transfer (the seller\'s fee on the price)', setOn: 'both', default: '0.005' },
  TRANSFER_OFFER_HOURS: { type: 'whole number 1–2160', getter: 'policy.offerLifetimeHours', readBy: 'debt transfer (offer expiry)', setOn: 'both', default: '72' },
  TRANSFER_SETTLEMENT_TIMEOUT_MINUTES: { type: 'whole number 1–10080', getter: 'policy.settlementTimeoutMinutes', readBy: 'debt transfer (a purchase without the bank\'s callback after this long is resolved by a status query)', setOn: 'both', default: '60' },
  PLATFORM_LEGAL_NAME: { type: 'text', getter: 'policy.platformLegalName', readBy: 'application/contract-signing (the contract\'s intermediary)', setOn: 'both', default: 'P2P Lending Platform (information intermediary)' },
} as const satisfies Record<string, SettingDefinition>;
