/**
 * The credit-bureau port (征信): what a borrower owes on other platforms and how they
 * repaid, asked before an application is accepted and again at its risk review.
 * CREDIT_BUREAU_PROVIDER picks the implementation: `http`, a real bureau
 * (./credit-bureau-http.ts; the stack's default on AWS), or `simulator` (the twin, and a
 * staging deployment made with `cdk deploy -c providers=simulator`).
 *
 * The simulator is deterministic and never sees personal data: it derives a case from
 * the SHA-256 of the platform's userId (an opaque id, not the ID number; the UTF-8 bytes
 * of the userId alone, nothing prepended), bucket = first two bytes, big-endian, mod 100:
 *   0–49  CLEAN               60 months of history, nothing owed, never overdue
 *   50–64 MODERATE_DEBT       36 months, ¥60,000 owed on other platforms, never overdue
 *   65–74 THIN_FILE           no credit history at all (→ manual review)
 *   75–84 PAST_OVERDUE        48 months, ¥20,000 owed, one 20-day overdue episode (→ manual review)
 *   85–91 SEVERE_DELINQUENCY  four overdue episodes, the longest 120 days, ¥5,000 overdue now (→ rejected)
 *   92–95 HEAVY_DEBT          ¥950,000 owed on other platforms (a person's cross-platform cap is ¥1,000,000)
 *   96–99 DISHONEST_DEBTOR    listed as a dishonest judgment debtor, 失信被执行人 (→ rejected, BLACKLISTED)
 */
import { createHash } from 'node:crypto';
import { config } from '../../settings/settings';
import { httpCreditBureau } from './credit-bureau-http';

export type { CreditBureau, CreditReport } from '../../application/ports/origination-credit-bureau';
import type { CreditBureau, CreditReport } from '../../application/ports/origination-credit-bureau';

export const simulatedBureauCases = ['CLEAN', 'MODERATE_DEBT', 'THIN_FILE', 'PAST_OVERDUE', 'SEVERE_DELINQUENCY', 'HEAVY_DEBT', 'DISHONEST_DEBTOR'] as const;
export type SimulatedBureauCase = (typeof simulatedBureauCases)[number];

const clean: CreditReport = { creditHistoryMonths: 60, otherPlatformsOutstandingFen: 0, overdueCount24m: 0, maxOverdueDays: 0, currentOverdueFen: 0, dishonestDebtor: false };

export const simulatedReports: Readonly<Record<SimulatedBureauCase, CreditReport>> = {
  CLEAN: clean,
  MODERATE_DEBT: { ...clean, creditHistoryMonths: 36, otherPlatformsOutstandingFen: 6_000_000 },
  THIN_FILE: { ...clean, creditHistoryMonths: 0 },
  PAST_OVERDUE: { ...clean, creditHistoryMonths: 48, otherPlatformsOutstandingFen: 2_000_000, overdueCount24m: 1, maxOverdueDays: 20 },
  SEVERE_DELINQUENCY: { ...clean, creditHistoryMonths: 48, otherPlatformsOutstandingFen: 3_000_000, overdueCount24m: 4, maxOverdueDays: 120, currentOverdueFen: 500_000 },
  HEAVY_DEBT: { ...clean, creditHistoryMonths: 72, otherPlatformsOutstandingFen: 95_000_000 },
  DISHONEST_DEBTOR: { ...clean, creditHistoryMonths: 60, dishonestDebtor: true },
};

/** Which simulated case a userId falls in (tests use it to pick borrowers). */
export function simulatedBureauCase(userId: string): SimulatedBureauCase {
  const digest = createHash('sha256').update(userId, 'utf8').digest();
  const bucket = digest.readUInt16BE(0) % 100;
  if (bucket < 50) return 'CLEAN';
  if (bucket < 65) return 'MODERATE_DEBT';
  if (bucket < 75) return 'THIN_FILE';
  if (bucket < 85) return 'PAST_OVERDUE';
  if (bucket < 92) return 'SEVERE_DELINQUENCY';
  if (bucket < 96) return 'HEAVY_DEBT';
  return 'DISHONEST_DEBTOR';
}

export const simulatedCreditBureau: CreditBureau = {
  report: async ({ userId }) => simulatedReports[simulatedBureauCase(userId)],
};

let realBureau: CreditBureau | undefined;

export function creditBureau(): CreditBureau {
  if (config.creditBureauProvider() === 'simulator') return simulatedCreditBureau;
  realBureau ??= httpCreditBureau({
    endpointParameter: config.creditBureauEndpointParameter(),
    credentialsSecretArn: config.creditBureauCredentialsSecretArn(),
  });
  return realBureau;
}
