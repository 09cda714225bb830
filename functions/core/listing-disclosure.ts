/**
 * What a listing discloses about its borrower (信息披露指引, 借款人基本信息 and 项目信息), as
 * far as the platform holds the data, from masked values only: the region (the province
 * of the ID number's address code, GB/T 2260, or of a company's credit code's
 * registration authority), the monthly income as a range, and a summary of the credit
 * report the automated review scored (overdue records, borrowing on other platforms,
 * credit history). Industry or occupation and the repayment source are not collected yet.
 */

/** Province-level divisions by the first two digits of their GB/T 2260 code. */
const provinces: Readonly<Record<string, string>> = {
  '11': '北京', '12': '天津', '13': '河北', '14': '山西', '15': '内蒙古',
  '21': '辽宁', '22': '吉林', '23': '黑龙江',
  '31': '上海', '32': '江苏', '33': '浙江', '34': '安徽', '35': '福建', '36': '江西', '37': '山东',
  '41': '河南', '42': '湖北', '43': '湖南', '44': '广东', '45': '广西', '46': '海南',
  '50': '重庆', '51': '四川', '52': '贵州', '53': '云南', '54': '西藏',
  '61': '陕西', '62': '甘肃', '63': '青海', '64': '宁夏', '65': '新疆',
  '71': '台湾', '81': '香港', '82': '澳门',
};

/**
 * The province of a masked ID number (110***********1234: its first two digits) or of a
 * masked credit code (9135**********0Y43: its third and fourth); undefined when unknown.
 */
export function regionOf(masked: { readonly idNumber?: string | undefined; readonly creditCode?: string | undefined }): string | undefined {
  const code = masked.idNumber !== undefined ? masked.idNumber.slice(0, 2) : masked.creditCode?.slice(2, 4);
  return code === undefined ? undefined : provinces[code];
}

/** Monthly income ranges, yuan; each band's lower bound is inclusive. */
const incomeBands: readonly { readonly fromFen: number; readonly label: string }[] = [
  { fromFen: 5_000_000, label: '50000+' },
  { fromFen: 2_000_000, label: '20000-50000' },
  { fromFen: 1_000_000, label: '10000-20000' },
  { fromFen: 500_000, label: '5000-10000' },
  { fromFen: 0, label: '0-5000' },
];

/** The monthly income range (yuan) a listing shows instead of the amount. */
export function incomeRangeOf(monthlyIncomeFen: number): string {
  return incomeBands.find((band) => monthlyIncomeFen >= band.fromFen)!.label;
}

/** The scorecard features a credit report summary shows, by the name the listing gives them. */
const creditReportFeatures = { overdueRecords: 'overdueCount24m', otherPlatforms: 'otherPlatformsDebtToAnnualIncome', creditHistory: 'creditHistoryMonths' } as const;

export type CreditReportSummary = Partial<Record<keyof typeof creditReportFeatures, string>>;

/** The credit report's summary from the review's scorecard bins (e.g. overdueRecords: "no overdue episode"). */
export function creditReportSummaryOf(contributions: readonly { readonly feature: string; readonly bin: string }[]): CreditReportSummary {
  const summary: Record<string, string> = {};
  for (const [name, feature] of Object.entries(creditReportFeatures)) {
    const bin = contributions.find((contribution) => contribution.feature === feature)?.bin;
    if (bin !== undefined) summary[name] = bin;
  }
  return summary;
}
