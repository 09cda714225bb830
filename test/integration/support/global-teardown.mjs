/** Stops the integration tier's shared DynamoDB Local JVMs (./global-setup.mjs). */
export default async function globalTeardown() {
  await Promise.all((globalThis.sharedDynamoDbJvms ?? []).map((jvm) => jvm.stop()));
  globalThis.sharedDynamoDbJvms = [];
  await globalThis.builtTwin?.remove();
}
