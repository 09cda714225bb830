/**
 * Configuration through getters that fail fast: a handler that lacks a setting
 * fails at its first use with the setting's name, never with `undefined` deep inside.
 * The CDK stack and the twin set the same variables.
 */
function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`configuration ${name} is not set`);
  return value;
}

export const config = {
  tableName: (): string => required('TABLE_NAME'),
  /** Workflow names are manifest names (lib/manifest/workflows.ts), e.g. loan-origination. */
  stateMachineArn: (workflow: string): string => required(stateMachineArnVariable(workflow)),
};

/** The environment variable that carries a workflow's state machine ARN. */
export function stateMachineArnVariable(workflow: string): string {
  return `STATE_MACHINE_ARN_${workflow.toUpperCase().replace(/-/g, '_')}`;
}
