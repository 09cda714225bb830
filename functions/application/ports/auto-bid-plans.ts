/** Auto-bid plans (自动投标), as the auto-bidding round reads and spends them. */
import type { AutoBidPlan } from '../../core/auto-bid';
import type { AtomicWrite } from './ledger';

export interface AutoBidPlans {
  activePlans(): Promise<AutoBidPlan[]>;
  /** For the bid's transaction: the plan's spending (within its budget) and its last-served time. */
  planSpendingItem(plan: AutoBidPlan, amountFen: number, at: Date): AtomicWrite;
}
