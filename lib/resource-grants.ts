/**
 * Turns a handler's manifest resources into its environment and least-privilege
 * grants: table read vs read/write, and per-workflow Step Functions actions on the
 * specific state machines.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { stateMachineArnVariable } from '../functions/adapters/config';
import type { HandlerFunction } from './constructs/handler-function';
import type { ResourceAccess } from './manifest/routes';
import type { WorkflowIdentity } from './workflow-identity';

export interface GrantableResources {
  readonly table: dynamodb.Table;
  readonly workflows: readonly WorkflowIdentity[];
}

const workflowActions: Partial<Record<ResourceAccess, readonly string[]>> = {
  'workflows:start': ['states:StartExecution'],
  'workflows:describe': ['states:DescribeStateMachine'],
  // Completing a waiting task (a reviewer's decision, the bid that fills a listing).
  'workflows:callback': ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
};

export function grantResources(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, resources: GrantableResources): void {
  grantTable(target, access, resources.table);
  grantWorkflows(target, access, resources.workflows);
}

function grantTable(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, table: dynamodb.Table): void {
  const reads = access.has('table:read');
  const writes = access.has('table:write');
  if (!reads && !writes) return;
  target.addEnvironment('TABLE_NAME', table.tableName);
  if (reads && writes) table.grantReadWriteData(target.role);
  else if (reads) table.grantReadData(target.role);
  else table.grantWriteData(target.role);

  // How cdk-nag names the table's ARN in a finding: <LogicalId.Arn>.
  const stack = Stack.of(table);
  const tableArn = `<${stack.resolve(stack.getLogicalId(table.node.defaultChild as dynamodb.CfnTable))}.Arn>`;
  const acknowledge = (id: string, reason: string) => Validations.of(target.role).acknowledge({ id, reason });
  acknowledge(
    `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
    "dynamodb.Table's grant adds <table ARN>/index/* so the handler can query the table's GSIs (lib/manifest/table.ts); the wildcard ranges over this one table's indexes, never another table.",
  );
  if (writes) {
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        `AwsSolutions-IAM5[Action::${action}]`,
        `${action} is part of dynamodb.Table's write grant and applies only to the table's own customer-managed key (resource = that key's ARN), which DynamoDB uses to encrypt items this handler writes.`,
      );
    }
  }
}

function grantWorkflows(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, workflows: readonly WorkflowIdentity[]): void {
  const actions = [...access].flatMap((grant) => workflowActions[grant] ?? []);
  if (actions.length === 0 || workflows.length === 0) return;
  for (const identity of workflows) target.addEnvironment(stateMachineArnVariable(identity.workflow.name), identity.stateMachineArn);
  target.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions, resources: workflows.map((identity) => identity.stateMachineArn) }),
  );
}
