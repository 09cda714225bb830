/** Who may call what. On AWS these are Cognito groups; on the twin, the local identity provider's. */
export const roles = ['borrower', 'investor', 'reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];
