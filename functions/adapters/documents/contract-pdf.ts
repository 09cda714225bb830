/**
 * Renders a loan agreement (functions/core/loan-agreement.ts) as a PDF through the
 * platform's PDF module (pdf-document.ts): the contract is Chinese (借款合同), drawn in the
 * embedded Noto Sans SC subset, with the clauses a Chinese loan agreement has: the parties,
 * the amount, rate and term, the repayment method and schedule, the fees, the overdue terms,
 * the platform's role as an information intermediary (信息中介), each lender's share, each
 * party's consent record, the dispute resolution and the electronic signature.
 *
 * The bytes are deterministic: the same agreement always gives the same PDF (and the
 * same SHA-256), dated from the agreement's funding instant. A 60-installment schedule
 * and 200 investors flow over as many A4 pages as they need, each page numbered.
 */
import type { LoanAgreement, PartyConsent } from '../../core/loan-agreement';
import { PdfWriter } from './pdf-document';

export const contractPdfProducer = 'p2p-lending-platform contract renderer v3';

const consentChannels: Readonly<Record<PartyConsent['channel'], string>> = {
  'consent-route': '在线确认条款',
  'manual-bid': '投标时确认',
  'auto-bid': '自动投标授权',
  'transfer-offer': '发布转让时确认',
  'transfer-purchase': '购买时确认',
  'reschedule-acceptance': '接受展期条款时确认',
};

/** A consent table: who accepted the terms, when, by which request and how (shared by the loan and transfer agreements). */
export function consentTable(out: PdfWriter, rows: ReadonlyArray<{ readonly role: string; readonly party: string; readonly consent?: PartyConsent | undefined }>): void {
  const columns = [
    { x: 0, width: 50, label: '角色' },
    { x: 55, width: 95, label: '当事人' },
    { x: 155, width: 120, label: '同意时间（UTC）' },
    { x: 280, width: 150, label: '请求编号' },
    { x: 435, width: 60, label: '方式' },
  ] as const;
  out.tableRow(columns, columns.map((column) => column.label), true);
  for (const row of rows) {
    const consent = row.consent;
    out.tableRow(columns, [row.role, row.party, consent?.acceptedAt ?? '未同意', consent?.requestId ?? '-', consent ? consentChannels[consent.channel] : '-']);
  }
}

export async function renderAgreementPdf(agreement: LoanAgreement): Promise<Uint8Array> {
  const out = await PdfWriter.create({
    title: `借款合同 ${agreement.loanId}`,
    subject: `借款本金人民币 ${agreement.loan.amount} 元，期限 ${agreement.loan.termMonths} 个月，年化利率 ${agreement.loan.annualRatePercent}%`,
    author: agreement.parties.platform.name,
    keywords: ['借款合同', 'loan agreement', agreement.loanId],
    producer: contractPdfProducer,
    at: new Date(agreement.generatedAt),
  });
  const { loan, parties, fees, overdue, totals } = agreement;
  const borrower = parties.borrower;
  const platform = parties.platform.name;

  out.paragraph('借款合同', { bold: true, size: 14 });
  out.paragraph(`合同编号：${agreement.loanId}　模板版本：第 ${agreement.version} 版　签订日期：${agreement.contractDate}（北京时间）`);
  out.paragraph(`条款哈希（SHA-256）：${agreement.termsHash}`);
  out.paragraph(
    `鉴于：借款人有资金需求，出借人愿意出借资金，双方通过${platform}（以下简称"平台"）的网络借贷信息中介服务达成借贷关系。各方在平台上确认了本合同的全部条款（见第九条），依据《中华人民共和国民法典》及《网络借贷信息中介机构业务活动管理暂行办法》，订立本合同，共同遵守。`,
  );

  out.heading('第一条　合同当事人');
  const identity = borrower.identity ? `，${borrower.kind === 'enterprise' ? '统一社会信用代码' : '身份证号'}：${borrower.identity}` : '';
  const kind = borrower.kind === 'enterprise' ? '（企业）' : borrower.kind === 'personal' ? '（自然人）' : '';
  out.paragraph(`借款人（甲方）：${borrower.name ?? '（未提供）'}${kind}${identity}，平台用户编号：${borrower.ref}。个人信息均已脱敏。`);
  out.paragraph(`出借人（乙方）：第七条所列 ${parties.investors.length} 名出借人，各按其出借份额享有权利。`);
  out.paragraph(`信息中介（丙方）：${platform}。`);

  out.heading('第二条　借款金额、期限与利率');
  const terms: Array<[string, string]> = [
    ['借款本金', `人民币 ${loan.amount} 元`],
    ['借款期限', `${loan.termMonths} 个月，自 ${loan.startDate} 起至 ${loan.maturityDate} 止`],
    ['年化利率', `${loan.annualRatePercent}%（单利，按月计息）`],
    ['还款方式', loan.methodName],
    ...(loan.purpose ? ([['借款用途', loan.purpose]] as Array<[string, string]>) : []),
    ...(loan.grade ? ([['风险等级', loan.grade]] as Array<[string, string]>) : []),
    ['利息总额', `人民币 ${totals.interest} 元`],
    ['应还本息合计', `人民币 ${totals.total} 元`],
  ];
  for (const [label, value] of terms) out.row([{ x: 0, text: `${label}：` }, { x: 90, text: value }]);
  out.paragraph('借款人应按约定用途使用借款，不得用于证券、期货等投机，不得用于购房首付款或其他法律法规禁止的用途。');

  out.heading(`第三条　还款计划（共 ${agreement.schedule.length} 期）`);
  out.paragraph('借款人应在每期还款日前将当期应还本息存入其在存管银行开立的账户，由存管银行划付给各出借人。提前还款的，按平台规则结算。');
  const columns = [
    { x: 0, width: 30, label: '期数' },
    { x: 40, width: 70, label: '还款日' },
    { x: 120, width: 80, label: '本金（元）', align: 'right' },
    { x: 205, width: 80, label: '利息（元）', align: 'right' },
    { x: 290, width: 80, label: '合计（元）', align: 'right' },
    { x: 375, width: 110, label: '剩余本金（元）', align: 'right' },
  ] as const;
  out.tableRow(columns, columns.map((column) => column.label), true);
  for (const installment of agreement.schedule) {
    out.tableRow(columns, [String(installment.number), installment.dueDate, installment.principal, installment.interest, installment.total, installment.remainingPrincipal]);
  }
  out.row(
    [
      { x: 0, text: '合计' },
      { x: 120, width: 80, text: totals.principal, align: 'right' },
      { x: 205, width: 80, text: totals.interest, align: 'right' },
      { x: 290, width: 80, text: totals.total, align: 'right' },
    ],
    true,
  );

  out.heading('第四条　费用');
  out.paragraph(`借款服务费：借款本金的 ${fees.borrowerServiceFeeRatePercent}%，即人民币 ${fees.borrowerServiceFee} 元，于放款时一次性扣除，借款人实际到账人民币 ${fees.toBorrower} 元。`);
  out.paragraph(`出借管理费：出借人每期所收利息的 ${fees.investorManagementFeeRatePercent}%，从每期回款中扣除。除上述费用外，平台不向任何一方收取其他费用。`);

  out.heading('第五条　逾期还款');
  out.paragraph(
    `借款人未在还款日足额偿还当期本息的，构成逾期。逾期期间按逾期本息每日计收罚息，年化罚息利率为 ${overdue.penaltyRatePercent}%（按实际天数/365 计算），合同利率与罚息利率之和不超过一年期贷款市场报价利率（LPR ${overdue.loanPrimeRatePercent}%）的 ${overdue.lprMultiple} 倍，即 ${overdue.legalCapPercent}%。还款依次冲抵罚息、利息、本金，先到期的先冲抵。逾期超过 90 日的，借款视为违约，平台可依约进行催收，催收不在 21:00 至次日 08:00 之间进行。`,
  );

  out.heading('第六条　平台的地位');
  out.paragraph(
    `丙方为网络借贷信息中介机构，仅为借贷双方提供信息搜集、信息公布、资信评估、信息交互、借贷撮合等中介服务，不是借贷合同的当事人，不吸收公众存款，不设立资金池，不归集出借人资金，不为借贷提供担保，不承诺保本保息。各方资金由存管银行存管。出借人自行承担借贷风险。`,
  );

  out.heading(`第七条　出借人及出借份额（${parties.investors.length} 名）`);
  out.row(
    [
      { x: 0, text: '序号' },
      { x: 40, text: '出借人（脱敏）' },
      { x: 260, width: 100, text: '出借金额（元）', align: 'right' },
      { x: 370, width: 70, text: '份额', align: 'right' },
    ],
    true,
  );
  parties.investors.forEach((investor, index) => {
    out.row([
      { x: 0, text: String(index + 1) },
      { x: 40, text: investor.ref },
      { x: 260, width: 100, text: investor.amount, align: 'right' },
      { x: 370, width: 70, text: `${investor.sharePercent}%`, align: 'right' },
    ]);
  });
  out.row([{ x: 0, text: '合计' }, { x: 260, width: 100, text: loan.amount, align: 'right' }], true);

  out.heading('第八条　争议解决');
  out.paragraph('本合同适用中华人民共和国法律。因本合同引起的或与本合同有关的争议，各方应友好协商解决；协商不成的，任何一方均可向丙方住所地有管辖权的人民法院提起诉讼。');

  out.heading('第九条　同意记录与电子签名');
  out.paragraph(
    `各方已在平台上阅读并同意本合同条款（条款哈希见首页）：借款人通过确认条款的请求，出借人通过投标请求（自动投标计划为出借人事先授权）。平台的电子签名服务仅凭以下同意记录代各方对本合同的 SHA-256 摘要进行电子签名，并以平台名义签署；无同意记录者不代为签署。电子签名与手写签名具有同等法律效力，本合同自各方签署之日起生效。`,
  );
  consentTable(out, [
    { role: '借款人', party: borrower.ref, consent: borrower.consent },
    ...parties.investors.map((investor) => ({ role: '出借人', party: investor.ref, consent: investor.consent })),
  ]);
  return out.save((page, pages) => `借款合同 ${agreement.loanId}　第 ${page} 页 / 共 ${pages} 页`);
}
