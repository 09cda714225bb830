/** Who may call what. On AWS these are Cognito groups; on the twin, the local identity provider's. */
export const roles = ['borrower', 'investor', 'reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Every role: what any signed-in user may call. */
export const everyRole: readonly Role[] = roles;
/** The platform's customers, who hold custody accounts and verify their identity: borrowers and investors. */
export const customerRoles: readonly Role[] = ['borrower', 'investor'];
/** Staff who see the loan book (review queue, collection cases, alerts): reviewers, auditors, admins. */
export const staffRoles: readonly Role[] = ['reviewer', 'auditor', 'admin'];
/** Oversight (disclosures, the audit trail, reconciliation): auditors and admins. */
export const oversightRoles: readonly Role[] = ['auditor', 'admin'];
