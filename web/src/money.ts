import { strings } from './strings';

/** Digits after the decimal point in `currency` (2 for USD, 0 for KRW): amounts travel in minor units. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "$15.00", "₩5,000": an amount in minor units, in the catalogue's locale. */
export function formatMoney(amount: number, currency: string): string {
  const major = amount / 10 ** minorDigits(currency);
  try {
    return new Intl.NumberFormat(strings.locale, { style: 'currency', currency }).format(major);
  } catch {
    return `${major} ${currency}`;
  }
}

/** "15" or "15.5" typed by a person → minor units (1500, 1550); NaN when it is not a number. */
export function parseMoney(text: string, currency: string): number {
  const major = Number(text.replace(',', '.').trim());
  return text.trim() === '' || !Number.isFinite(major) ? NaN : Math.round(major * 10 ** minorDigits(currency));
}
