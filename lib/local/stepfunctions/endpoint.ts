/**
 * The twin's Step Functions endpoint: the AWS JSON 1.0 protocol over HTTP, so
 * handlers and tests use @aws-sdk/client-sfn unchanged (AWS_ENDPOINT_URL_SFN).
 */
import type { Server } from 'node:http';
import { awsJsonServer, type AwsJsonBody } from '../aws-json-service';
import type { AwsCredentials } from '../signature-v4';
import type { ExecutionRecord } from './execution-store';
import { StepFunctionsError, type LocalStepFunctions } from './engine';

type Body = AwsJsonBody;
type Operation = (engine: LocalStepFunctions, body: Body) => unknown;

const epochSeconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);
const text = (body: Body, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new StepFunctionsError('ValidationException', `${field} is required`);
  return value;
};
const optional = (body: Body, field: string): string | undefined => (typeof body[field] === 'string' ? (body[field] as string) : undefined);

function describe(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: epochSeconds(record.stopDate),
    input: record.input,
    output: record.output,
    error: record.error,
    cause: record.cause,
  };
}

const operations: Record<string, Operation> = {
  StartExecution: (engine, body) => {
    const started = engine.startExecution({
      stateMachineArn: text(body, 'stateMachineArn'),
      name: optional(body, 'name'),
      input: optional(body, 'input'),
    });
    return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
  },
  DescribeExecution: (engine, body) => describe(engine.describeExecution(text(body, 'executionArn'))),
  StopExecution: async (engine, body) => {
    const { stopDate } = await engine.stopExecution(text(body, 'executionArn'), optional(body, 'error'), optional(body, 'cause'));
    return { stopDate: epochSeconds(stopDate) };
  },
  SendTaskSuccess: async (engine, body) => (await engine.sendTaskSuccess(text(body, 'taskToken'), text(body, 'output')), {}),
  SendTaskFailure: async (engine, body) => (await engine.sendTaskFailure(text(body, 'taskToken'), optional(body, 'error'), optional(body, 'cause')), {}),
  SendTaskHeartbeat: (engine, body) => (engine.sendTaskHeartbeat(text(body, 'taskToken')), {}),
  DescribeStateMachine: (engine, body) => engine.describeStateMachine(text(body, 'stateMachineArn')),
  ListStateMachines: (engine) => ({ stateMachines: engine.listStateMachines() }),
};

/** Every operation must be signed (Signature V4) with the twin's credentials, as IAM requires on AWS: no other local process starts or answers a workflow. */
export function stepFunctionsEndpoint(engine: LocalStepFunctions, credentials: AwsCredentials): Server {
  return awsJsonServer(
    { targetPrefix: 'AWSStepFunctions', protocolVersion: '1.0', internalErrorType: 'InternalFailure', operations, authentication: { credentials, publicOperations: [] } },
    engine,
  );
}
