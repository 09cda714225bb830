/**
 * The platform's Step Functions state machines, read by the CDK stack and by the
 * twin's local Step Functions endpoint. Each definition file uses
 * `${Name}` placeholders that both fill from `tasks`: on AWS with the Lambda
 * function's ARN, on the twin with a local ARN that runs the same handler in process.
 */
import type { ResourceAccess } from '../api/route-definition';

export interface WorkflowDefinition {
  readonly name: string;
  readonly description: string;
  readonly definitionFile: string;
  /** definitionSubstitutions: placeholder → handler file (exports `handler`). */
  readonly tasks: Readonly<Record<string, string>>;
  /** What a task handler touches beyond the table (every task reads and writes it), by handler file. */
  readonly taskResources?: Readonly<Record<string, readonly ResourceAccess[]>>;
}

export const workflows: readonly WorkflowDefinition[] = [
  {
    name: 'loan-origination',
    description: 'application → review → listing → full subscription (or expiry) → disbursement',
    definitionFile: 'statemachines/loan-origination.asl.json',
    tasks: {
      ReviewApplicationFunctionArn: 'functions/workflow/review-application.ts',
      AwaitLoanDecisionFunctionArn: 'functions/workflow/await-loan-decision.ts',
      ApplyLoanEventFunctionArn: 'functions/workflow/apply-loan-event.ts',
      DisburseLoanFunctionArn: 'functions/workflow/disburse-loan.ts',
      SettleDisbursementFunctionArn: 'functions/workflow/settle-disbursement.ts',
      SignLoanContractFunctionArn: 'functions/workflow/sign-loan-contract.ts',
    },
    taskResources: {
      // Asks the credit bureau again at the risk review.
      'functions/workflow/review-application.ts': ['credit-bureau:report'],
      // Sends the disbursement's transfer instruction, signed with the shared secret.
      'functions/workflow/disburse-loan.ts': ['custodian-bank:endpoint', 'custodian-bank:secret'],
      // Stores the contract PDF once and signs its digest with the e-signature key.
      'functions/workflow/sign-loan-contract.ts': ['documents:read', 'documents:write', 'contracts:sign'],
      // Starts the loan's servicing execution once the loan is REPAYING.
      'functions/workflow/settle-disbursement.ts': ['workflows:start'],
    },
  },
  {
    name: 'loan-servicing',
    description: 'per loan: wait for each due date, auto-debit what is due, end when settled (continued in a new execution before a year)',
    definitionFile: 'statemachines/loan-servicing.asl.json',
    tasks: {
      PlanServicingFunctionArn: 'functions/workflow/plan-servicing.ts',
      CollectDueFunctionArn: 'functions/workflow/collect-due.ts',
      ParkServicingFunctionArn: 'functions/workflow/park-servicing.ts',
      ContinueServicingFunctionArn: 'functions/workflow/continue-servicing.ts',
    },
    taskResources: {
      // Sends the repayment's transfer instruction, signed with the shared secret.
      'functions/workflow/collect-due.ts': ['custodian-bank:endpoint', 'custodian-bank:secret'],
      // Starts the next execution of the loan's servicing.
      'functions/workflow/continue-servicing.ts': ['workflows:start'],
    },
  },
];

export function workflowByName(name: string): WorkflowDefinition {
  const workflow = workflows.find((candidate) => candidate.name === name);
  if (!workflow) throw new Error(`no workflow ${name} in the manifest`);
  return workflow;
}
