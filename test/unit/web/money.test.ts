import { percent, yuan } from '../../../web/src/money';

test.each([
  ['0.00', '¥0.00'],
  ['100.5', '¥100.50'],
  ['1234567.89', '¥1,234,567.89'],
  ['5000000', '¥5,000,000.00'],
])('yuan(%s) groups the digits of the string as it is: %s', (amount, shown) => {
  expect(yuan(amount)).toBe(shown);
});

test.each([
  ['0.12', '12%'],
  ['0.125', '12.5%'],
  ['0.1', '10%'],
  ['0.000001', '0.0001%'],
  ['1', '100%'],
  ['0.07', '7%'],
])('percent(%s) moves the decimal point in the string: %s', (rate, shown) => {
  expect(percent(rate)).toBe(shown);
});
