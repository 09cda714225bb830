/**
 * The custodian bank's callbacks (POST /v1/custody/callbacks): the money ports, and the signing
 * of a settled debt transfer's agreement (transfer-agreements.ts), which only this bundle carries.
 */
import { custodyCallbacksWith } from './money';
import { signTransferAgreement } from './transfer-agreements';

export const custodyCallbacks = custodyCallbacksWith({ signTransferAgreement });
