// Numbers and dates in the reader's locale. Money has no currency symbol: the shop's currency is not
// known to the service (each purchase carries its own), so amounts are plain numbers with two decimals.

export const DASH = '—';

const counts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });
const shares = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signedCounts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const signedShares = new Intl.NumberFormat(undefined, {
  style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero',
});
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const instants = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const shortDates = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function missing(value) {
  return value === null || value === undefined || value === '';
}

export function formatCount(value) {
  return missing(value) ? DASH : counts.format(Number(value));
}

/** BigDecimal values arrive as JSON numbers or strings; both format the same. */
export function formatMoney(value) {
  return missing(value) ? DASH : money.format(Number(value));
}

export function formatDecimal(value) {
  return missing(value) ? DASH : decimals.format(Number(value));
}

/** A share from 0 to 1 as a percentage. */
export function formatShare(value) {
  return missing(value) ? DASH : shares.format(Number(value));
}

export function formatSignedCount(value) {
  return missing(value) ? DASH : signedCounts.format(Number(value));
}

export function formatSignedShare(value) {
  return missing(value) ? DASH : signedShares.format(Number(value));
}

/** An ISO date (2026-11-01), shown as that calendar day whatever the reader's time zone. */
export function formatDate(isoDate) {
  return missing(isoDate) ? DASH : dates.format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatShortDate(isoDate) {
  return missing(isoDate) ? DASH : shortDates.format(new Date(`${isoDate}T00:00:00Z`));
}

/** An ISO instant in the reader's time zone. */
export function formatInstant(iso) {
  return missing(iso) ? DASH : instants.format(new Date(iso));
}

/** Today's date in UTC, as the service counts days (sizeHistory's `to` defaults to it). */
export function todayUtc() {
  return new Date().toISOString().slice(0, 10);
}

export function daysBefore(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}
