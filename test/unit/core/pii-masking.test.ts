import fc from 'fast-check';
import { maskBankCard, maskCreditCode, maskMobilePhone, maskName, maskResidentIdNumber } from '../../../functions/core/pii-masking';
import { runs } from './lending-arbitraries';

test('names keep the first character; four or more keep the first two', () => {
  expect(maskName('张三')).toBe('张*');
  expect(maskName('张三丰')).toBe('张**');
  expect(maskName('欧阳娜娜')).toBe('欧阳**');
  expect(maskName('买买提·艾力')).toBe('买买****');
  expect(maskName('李')).toBe('*');
  expect(maskName('𠀀𠀁')).toBe('𠀀*'); // characters outside the BMP count once
});

test('ID numbers, phones, bank cards and credit codes keep only their ends', () => {
  expect(maskResidentIdNumber('110105199003071234')).toBe('110***********1234');
  expect(maskMobilePhone('13812345678')).toBe('138****5678');
  expect(maskBankCard('6222021234561234')).toBe('6222********1234');
  expect(maskBankCard('6217000000000000004')).toBe('6217***********0004');
  expect(maskCreditCode('91350100M000100Y43')).toBe('9135**********0Y43');
});

test('property: a mask keeps the length and hides the middle digits', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{12,19}$/), (card) => {
      const masked = maskBankCard(card);
      expect(masked).toHaveLength(card.length);
      expect(masked.slice(4, -4)).toMatch(/^\*+$/);
    }),
    runs,
  );
});
