/**
 * The Step Functions client, built once per process; AWS_ENDPOINT_URL_SFN points it
 * at the twin's local endpoint. Executions are named by the caller (the loan id), so
 * starting the same one twice starts it once.
 */
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { config } from '../../settings/settings';

export const stepFunctions = new SFNClient({});

export async function describeWorkflow(workflow: string): Promise<{ status: string }> {
  const { status } = await stepFunctions.send(new DescribeStateMachineCommand({ stateMachineArn: config.stateMachineArn(workflow) }));
  return { status: status ?? 'UNKNOWN' };
}
