/**
 * Money on the site is the API's yuan strings, shown as they come: grouping the integer
 * part's digits is string work, never arithmetic, so no float touches an amount.
 */
export function yuan(amount: string): string {
  const [whole = '0', fraction = '00'] = amount.split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** A rate string ("0.12") as a percentage ("12%"), by moving the decimal point in the string. */
export function percent(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const padded = fraction.padEnd(2, '0');
  const integer = `${whole}${padded.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(2).replace(/0+$/, '');
  return `${integer}${rest ? `.${rest}` : ''}%`;
}
