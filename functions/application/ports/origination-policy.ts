/** The lending policy values origination reads (settings, read when asked: a changed setting applies to the next request). */
import type { AnnualRate } from '../../core/rate';

export interface RateCapPolicy {
  loanPrimeRate(): AnnualRate;
  lprMultiple(): number;
}

export interface ApplicationPolicy extends RateCapPolicy {
  incomeMultiple(): number;
}

export interface RiskReviewPolicy {
  velocityWindowDays(): number;
  blacklist(): ReadonlySet<string>;
}
