/**
 * One Standard state machine from functions/manifest/workflows.ts: the definition is the
 * ASL file itself (DefinitionBody.fromFile), each `${Placeholder}` filled with the
 * ARN of the function that runs that task. Executions log every event without
 * payloads (only ids travel through the state, but payloads stay out of the logs
 * regardless), and are traced.
 */
import { readFileSync } from 'node:fs';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { projectPath } from '../project-paths';
import type { WorkflowIdentity } from '../workflow-identity';

export interface WorkflowStateMachineProps {
  readonly identity: WorkflowIdentity;
  /** Handler file → the function built for it. */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
}

/** The `${Name}` placeholders an ASL document uses. */
export function aslPlaceholders(asl: string): string[] {
  return [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!))].sort();
}

export class WorkflowStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const { workflow, stateMachineName } = props.identity;
    const definitionFile = projectPath(workflow.definitionFile);

    const taskFunction = (handlerFile: string): lambda.IFunction => {
      const fn = props.functions.get(handlerFile);
      if (!fn) throw new Error(`${workflow.name}: no function was built for ${handlerFile}`);
      return fn;
    };
    const unfilled = aslPlaceholders(readFileSync(definitionFile, 'utf8')).filter((placeholder) => !(placeholder in workflow.tasks));
    if (unfilled.length > 0) throw new Error(`${workflow.definitionFile} uses placeholders the manifest does not fill: ${unfilled.join(', ')}`);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy small as workflows are added.
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: workflow.description,
      definitionBody: sfn.DefinitionBody.fromFile(definitionFile),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(workflow.tasks).map(([placeholder, handlerFile]) => [placeholder, taskFunction(handlerFile).functionArn]),
      ),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    // Exactly the task functions, by their unqualified ARNs (the ones the definition invokes).
    const taskFunctionArns = [...new Set(Object.values(workflow.tasks))].map((handlerFile) => taskFunction(handlerFile).functionArn);
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: taskFunctionArns }));

    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by StateMachine for logging and tracing: CloudWatch Logs log-delivery actions (logs:CreateLogDelivery, logs:DescribeResourcePolicies, …) and X-Ray actions (xray:PutTraceSegments, …) do not support resource-level permissions; AWS documents Resource "*" for them.',
    });
  }
}
