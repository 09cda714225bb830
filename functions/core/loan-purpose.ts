/**
 * What a loan is for, as an enumerated category (借款用途), and the purposes the
 * platform may not serve. The borrower's own words stay beside the category as its
 * description; only the category decides.
 *
 * Prohibited, with their source:
 * - SECURITIES: buying shares, off-exchange margin (场外配资): 网络借贷信息中介机构业务活动管理暂行办法
 *   (2016), art. 10 (11).
 * - FUTURES_AND_DERIVATIVES: futures contracts, structured products and other derivatives: art. 10 (11).
 * - EQUITY_CROWDFUNDING: equity crowdfunding: art. 10 (12).
 * - RELENDING: lending the money on: art. 11 (the borrower uses the loan for the agreed
 *   purpose, not for lending).
 * - REAL_ESTATE_DOWN_PAYMENT: down payments on homes (首付贷), banned by the 2016
 *   special rectification of online lending (P2P网络借贷风险专项整治工作实施方案).
 */
export const loanPurposeCategories = [
  'CONSUMPTION',
  'HOME_RENOVATION',
  'EDUCATION',
  'MEDICAL',
  'VEHICLE_PURCHASE',
  'WORKING_CAPITAL',
  'BUSINESS_EQUIPMENT',
  'AGRICULTURE',
  'SECURITIES',
  'FUTURES_AND_DERIVATIVES',
  'EQUITY_CROWDFUNDING',
  'RELENDING',
  'REAL_ESTATE_DOWN_PAYMENT',
] as const;
export type LoanPurposeCategory = (typeof loanPurposeCategories)[number];

/** Each prohibited category and the article that prohibits it. */
export const prohibitedPurposes: Readonly<Partial<Record<LoanPurposeCategory, string>>> = {
  SECURITIES: '网络借贷信息中介机构业务活动管理暂行办法 art. 10 (11)',
  FUTURES_AND_DERIVATIVES: '网络借贷信息中介机构业务活动管理暂行办法 art. 10 (11)',
  EQUITY_CROWDFUNDING: '网络借贷信息中介机构业务活动管理暂行办法 art. 10 (12)',
  RELENDING: '网络借贷信息中介机构业务活动管理暂行办法 art. 11',
  REAL_ESTATE_DOWN_PAYMENT: 'P2P网络借贷风险专项整治工作实施方案 (2016): no down-payment lending',
};

export function isProhibitedPurpose(category: LoanPurposeCategory): boolean {
  return prohibitedPurposes[category] !== undefined;
}
