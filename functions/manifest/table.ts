/**
 * The one DynamoDB table (single-table design), read by the CDK stack and by the
 * twin, so AWS and the local twin always have the same keys and indexes.
 * Which item lives under which key is the adapters' business (functions/adapters).
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly purpose: string;
}

export interface TableDefinition {
  readonly logicalName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexDefinition[];
  /** Epoch seconds after which DynamoDB may delete an item (idempotency keys). */
  readonly timeToLiveAttribute: string;
}

export const platformTable: TableDefinition = {
  logicalName: 'platform',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    {
      name: 'marketplace',
      partitionKey: 'marketplacePk',
      sortKey: 'marketplaceSk',
      purpose: 'open listings by status, sorted by grade, rate, term and deadline',
    },
    {
      name: 'dueDates',
      partitionKey: 'duePk',
      sortKey: 'dueSk',
      purpose: 'unsettled installments by due date, so the overdue sweep reads what is due, never the book',
    },
    {
      name: 'byOwner',
      partitionKey: 'ownerPk',
      sortKey: 'ownerSk',
      purpose: "a user's loans, bids, holdings and transactions, newest first; the user directory (ownerPk USERS) by username",
    },
  ],
};

/** Every key and index attribute is a string. */
export function keyAttributes(table: TableDefinition = platformTable): string[] {
  return [table.partitionKey, table.sortKey, ...table.indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
}
