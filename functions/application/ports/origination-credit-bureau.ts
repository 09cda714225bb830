/** The credit bureau (征信) as origination asks it: one report per borrower, figures only. */
export interface CreditReport {
  readonly creditHistoryMonths: number;
  readonly otherPlatformsOutstandingFen: number;
  readonly overdueCount24m: number;
  readonly maxOverdueDays: number;
  readonly currentOverdueFen: number;
  readonly dishonestDebtor: boolean;
}

export interface CreditBureau {
  report(subject: { readonly userId: string }): Promise<CreditReport>;
}
