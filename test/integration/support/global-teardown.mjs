/** Stops the integration tier's DynamoDB Locals (./global-setup.mjs). */
export { stopSharedDynamoDb as default } from './global-setup.mjs';
