/** What a credit bureau answers about a borrower (the port both the simulator and the HTTP adapter implement). */
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
