/** Notices' rules: quiet hours, urgency, templates and their fallback, masked data only, ids from facts, preferences, language. */
import {
  channelsFor,
  defaultNoticePreferences,
  deliveryTime,
  effectivePreferences,
  isQuietHour,
  languageFor,
  loanRef,
  noticeIdOf,
  noticeKinds,
  renderNotice,
} from '../../../functions/core/notices';

/** hh:mm Shanghai on a date. */
const shanghai = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

test('quiet hours are 21:00 to 08:00 on Shanghai’s clock, whatever the server’s zone', () => {
  expect(isQuietHour(shanghai('2026-12-07', '20:59'))).toBe(false);
  expect(isQuietHour(shanghai('2026-12-07', '21:00'))).toBe(true);
  expect(isQuietHour(shanghai('2026-12-08', '07:59'))).toBe(true);
  expect(isQuietHour(shanghai('2026-12-08', '08:00'))).toBe(false);
  // 13:00 UTC is 21:00 in Shanghai.
  expect(isQuietHour(new Date('2026-12-07T13:00:00Z'))).toBe(true);
});

test('a non-urgent notice in quiet hours waits for the next 08:00; outside them, and an urgent one, go at once', () => {
  expect(deliveryTime('DUE_REMINDER', shanghai('2026-12-07', '22:30')).toISOString()).toBe(shanghai('2026-12-08', '08:00').toISOString());
  expect(deliveryTime('INSTALLMENT_OVERDUE', shanghai('2026-12-08', '01:00')).toISOString()).toBe(shanghai('2026-12-08', '08:00').toISOString());
  expect(deliveryTime('REPAYMENT_RECEIVED', shanghai('2026-12-31', '23:59')).toISOString()).toBe(shanghai('2027-01-01', '08:00').toISOString());
  const afternoon = shanghai('2026-12-07', '15:00');
  expect(deliveryTime('REPAYMENT_RECEIVED', afternoon)).toBe(afternoon);
  const night = shanghai('2026-12-07', '23:00');
  expect(deliveryTime('WITHDRAWAL_CONFIRMED', night)).toBe(night);
});

test('every kind has a Chinese text and an English fallback, with the values it was given', () => {
  const params = { name: '张*', loanRef: 'AB12CD', grade: 'B', amount: '1234.56', number: '3', dueDate: '2026-12-10' };
  for (const kind of noticeKinds) {
    const zh = renderNotice(kind, params, 'zh');
    const en = renderNotice(kind, { ...params, name: 'W*' }, 'en');
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toBe(en);
  }
  expect(renderNotice('DUE_REMINDER', params, 'zh')).toBe('温馨提示：您的借款（AB12CD）第 3 期 ¥1234.56 将于 2026-12-10 到期，届时将从存管账户自动扣款，请确保余额充足。');
});

test('a text that would carry a phone, ID or card number in clear, or a missing value, is refused', () => {
  expect(() => renderNotice('VERIFICATION_APPROVED', { name: '13800138000' }, 'zh')).toThrow(/unmasked or missing/);
  expect(() => renderNotice('VERIFICATION_APPROVED', { name: '110101199003074514' }, 'en')).toThrow(/unmasked or missing/);
  expect(() => renderNotice('DUE_REMINDER', { loanRef: 'AB12CD' }, 'en')).toThrow(/unmasked or missing/);
  expect(renderNotice('VERIFICATION_APPROVED', { name: '138****8000' }, 'zh')).toContain('138****8000');
});

test('a notice’s id is the digest of its fact: the same fact the same id, another fact another id', () => {
  const id = noticeIdOf('REPAYMENT_RECEIVED', 'loan-1', 4, 'investor-1');
  expect(id).toMatch(/^ntc_[0-9a-f]{32}$/);
  expect(noticeIdOf('REPAYMENT_RECEIVED', 'loan-1', 4, 'investor-1')).toBe(id);
  expect(noticeIdOf('REPAYMENT_RECEIVED', 'loan-1', 4, 'investor-2')).not.toBe(id);
  expect(noticeIdOf('REPAYMENT_RECEIVED', 'loan-1', 5, 'investor-1')).not.toBe(id);
  expect(noticeIdOf('AUTO_DEBIT_SUCCEEDED', 'loan-1', 4, 'investor-1')).not.toBe(id);
  // The parts cannot run into each other.
  expect(noticeIdOf('DUE_REMINDER', 'a1', 2)).not.toBe(noticeIdOf('DUE_REMINDER', 'a', 12));
  expect(loanRef('loan-0123456789abcdef')).toBe('ABCDEF');
});

test('preferences: SMS on and email off by default; a stored choice overrides only what it names; channels follow the category', () => {
  expect(channelsFor('DUE_REMINDER', defaultNoticePreferences)).toEqual(['sms']);
  const preferences = effectivePreferences({ language: 'en', channels: { investment: { sms: false, email: true }, repayment: { email: true } } });
  expect(preferences.language).toBe('en');
  expect(channelsFor('REPAYMENT_RECEIVED', preferences)).toEqual(['email']);
  expect(channelsFor('DUE_REMINDER', preferences)).toEqual(['sms', 'email']);
  expect(channelsFor('WITHDRAWAL_CONFIRMED', preferences)).toEqual(['sms']);
  expect(channelsFor('TRANSFER_SOLD', effectivePreferences({ channels: { investment: { sms: false, email: false } } }))).toEqual([]);
  expect(effectivePreferences(undefined)).toEqual(defaultNoticePreferences);
});

test('the language: Accept-Language first (Chinese for zh-*, English for any other), else the preference', () => {
  expect(languageFor('zh-CN,zh;q=0.9,en;q=0.8', 'en')).toBe('zh');
  expect(languageFor('en-US,en;q=0.9', 'zh')).toBe('en');
  expect(languageFor('fr-FR', 'zh')).toBe('en');
  expect(languageFor('en;q=0.5, zh-TW;q=0.8', 'en')).toBe('zh');
  expect(languageFor(undefined, 'en')).toBe('en');
  expect(languageFor('*', 'zh')).toBe('zh');
});
