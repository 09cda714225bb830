/**
 * The platform's Step Functions state machines, read by the CDK stack and by the
 * twin's local Step Functions endpoint. Each definition file uses
 * `${Name}` placeholders that both fill from `tasks`: on AWS with the Lambda
 * function's ARN, on the twin with a local ARN that runs the same handler in process.
 */
export interface WorkflowDefinition {
  readonly name: string;
  readonly description: string;
  readonly definitionFile: string;
  /** definitionSubstitutions: placeholder → handler file (exports `handler`). */
  readonly tasks: Readonly<Record<string, string>>;
}

export const workflows: readonly WorkflowDefinition[] = [
  {
    name: 'loan-origination',
    description: 'application → review → listing → full subscription (or expiry)',
    definitionFile: 'statemachines/loan-origination.asl.json',
    tasks: {
      ReviewApplicationFunctionArn: 'functions/workflow/review-application.ts',
      AwaitLoanDecisionFunctionArn: 'functions/workflow/await-loan-decision.ts',
      ApplyLoanEventFunctionArn: 'functions/workflow/apply-loan-event.ts',
    },
  },
];

export function workflowByName(name: string): WorkflowDefinition {
  const workflow = workflows.find((candidate) => candidate.name === name);
  if (!workflow) throw new Error(`no workflow ${name} in the manifest`);
  return workflow;
}
