/** A listing's risk grade from the risk review: A is the safest, E the riskiest. */
export const riskGrades = ['A', 'B', 'C', 'D', 'E'] as const;
export type RiskGrade = (typeof riskGrades)[number];
