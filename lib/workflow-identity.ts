/**
 * A workflow's state machine name and ARN, fixed before the state machine exists.
 * Task functions are created before the state machines that invoke them; a function
 * that needs a machine's ARN gets this constructed ARN, never a reference to the
 * resource, so no task function ever depends on its own state machine (a cycle).
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { WorkflowDefinition } from '../functions/manifest/workflows';

export interface WorkflowIdentity {
  readonly workflow: WorkflowDefinition;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
}

export function workflowIdentity(scope: Construct, workflow: WorkflowDefinition): WorkflowIdentity {
  const stack = Stack.of(scope);
  // Prefixed with the stack name so that two deployments in one account and region do not collide.
  const stateMachineName = `${stack.stackName}-${workflow.name}`;
  if (stateMachineName.length > 80) throw new Error(`state machine name ${stateMachineName} is longer than 80 characters`);
  return {
    workflow,
    stateMachineName,
    stateMachineArn: stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  };
}
