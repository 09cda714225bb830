/**
 * Renders a transfer agreement (债权转让协议, functions/core/transfer-agreement.ts) as a PDF
 * through the platform's PDF module (pdf-document.ts), in Chinese like the loan contract,
 * with both parties' consent records (contract-pdf.ts consentTable). Deterministic: the same
 * agreement always gives the same bytes, dated from the settlement instant.
 */
import type { TransferAgreement } from '../../core/transfer-agreement';
import { consentTable } from './contract-pdf';
import { PdfWriter } from './pdf-document';

export const transferAgreementPdfProducer = 'p2p-lending-platform transfer agreement renderer v1';

export async function renderTransferAgreementPdf(agreement: TransferAgreement): Promise<Uint8Array> {
  const out = await PdfWriter.create({
    title: `债权转让协议 ${agreement.purchaseId}`,
    subject: `借款 ${agreement.loanId} 的债权转让：本金人民币 ${agreement.part} 元，价格人民币 ${agreement.price} 元`,
    author: agreement.platform,
    keywords: ['债权转让协议', 'debt transfer agreement', agreement.loanId, agreement.purchaseId],
    producer: transferAgreementPdfProducer,
    at: new Date(agreement.generatedAt),
  });
  out.paragraph('债权转让协议', { bold: true, size: 14 });
  out.paragraph(`协议编号：${agreement.purchaseId}　转让挂单：${agreement.offerId}　模板版本：第 ${agreement.version} 版　签订日期：${agreement.agreementDate}（北京时间）`);
  out.paragraph(`条款哈希（SHA-256）：${agreement.termsHash}`);
  out.paragraph(
    `转让方将其依据借款合同（编号 ${agreement.loanId}）对借款人享有的部分债权，通过${agreement.platform}（以下简称"平台"）转让给受让方。双方在平台上确认了本协议的全部条款（见第六条），依据《中华人民共和国民法典》关于债权转让的规定，订立本协议。`,
  );

  out.heading('第一条　协议当事人');
  out.paragraph(`转让方（甲方）：平台用户编号 ${agreement.seller.ref}。`);
  out.paragraph(`受让方（乙方）：平台用户编号 ${agreement.buyer.ref}。`);
  out.paragraph(`信息中介（丙方）：${agreement.platform}。个人信息均已脱敏。`);

  out.heading('第二条　转让标的与价格');
  const terms: Array<[string, string]> = [
    ['借款编号', agreement.loanId],
    ['风险等级', agreement.grade],
    ['转让本金', `人民币 ${agreement.part} 元`],
    ['待收本金', `人民币 ${agreement.outstandingPrincipal} 元`],
    ['债权价值', `人民币 ${agreement.value} 元（待收本金加上期还款日以来的应计利息，按实际天数/365）`],
    ['转让价格', `人民币 ${agreement.price} 元（相对债权价值 ${agreement.premiumPercent}%）`],
    ['转让手续费', `人民币 ${agreement.fee} 元，由转让方承担，归平台`],
    ['转让方实收', `人民币 ${agreement.toSeller} 元`],
    ['剩余期数', `${agreement.remainingInstallments} 期`],
    ['受让方到期收益率', `${agreement.yieldPercent}%（借款人按期还款时）`],
  ];
  for (const [label, value] of terms) out.row([{ x: 0, text: `${label}：` }, { x: 100, text: value }]);

  out.heading('第三条　资金结算与权利转移');
  out.paragraph(
    '受让方的转让价款先在存管银行冻结，由存管银行按一笔转账指令划付给转让方（扣除手续费）和平台；存管银行确认结算后，标的债权及其项下的权利自结算之时起转移给受让方，此后借款人的还款按份额分配给受让方。结算前已产生的应计利息已计入转让价格，归转让方所有。结算失败的，冻结资金解冻，本协议不生效。',
  );

  out.heading('第四条　通知与平台的地位');
  out.paragraph(
    '平台代转让方将债权转让事项通知借款人。丙方为网络借贷信息中介机构，仅提供信息发布与撮合服务，不是债权转让的当事人，不设立资金池，不为借款人的还款提供担保，不承诺保本保息。',
  );

  out.heading('第五条　争议解决');
  out.paragraph('本协议适用中华人民共和国法律。因本协议引起的争议，各方应友好协商解决；协商不成的，任何一方均可向丙方住所地有管辖权的人民法院提起诉讼。');

  out.heading('第六条　同意记录与电子签名');
  out.paragraph(
    '转让方通过发布转让挂单、受让方通过购买请求同意本协议条款。平台的电子签名服务仅凭以下同意记录代双方对本协议的 SHA-256 摘要进行电子签名，并以平台名义签署；无同意记录者不代为签署。本协议自结算并签署之日起生效。',
  );
  consentTable(out, [
    { role: '转让方', party: agreement.seller.ref, consent: agreement.seller.consent },
    { role: '受让方', party: agreement.buyer.ref, consent: agreement.buyer.consent },
  ]);
  return out.save((page, pages) => `债权转让协议 ${agreement.purchaseId}　第 ${page} 页 / 共 ${pages} 页`);
}
