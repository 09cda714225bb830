/**
 * The annual return of dated cash flows (XIRR), without a float: the rate r with
 *   Σ amount_i × (1 + r)^(−days_i / 365) = 0,
 * days_i counted from the first flow's date (actual/365, as spreadsheets' XIRR does).
 *
 * Amounts are integer fen. The powers with a fractional exponent are evaluated in
 * bigint fixed point (scale 10^30) as exp(−days/365 × ln(1 + r)), ln by the atanh series
 * after halving into [1, 2), exp by its Taylor series after taking out powers of two;
 * the root is found by bisection on the rate in the same fixed point, to 10^−12. Every
 * step is integer arithmetic, so the same flows give the same figure on every machine.
 * The figure shown is the rate in percent with two decimals, rounded half-up.
 *
 * A return exists when the flows' value changes sign between −99.9999999 % and 100,000 %
 * (money out, then money in, or the reverse); without one (only outflows, only inflows, no
 * flows, all on one day) it is undefined.
 */
export interface DatedCashFlow {
  /** Business date, YYYY-MM-DD. */
  readonly date: string;
  /** Fen; negative when the investor pays (a bid), positive when they receive. */
  readonly amountFen: number;
}

const scale = 10n ** 30n;
const multiply = (a: bigint, b: bigint): bigint => (a * b) / scale;

/** atanh(z) = z + z³/3 + z⁵/5 + …, for |z| ≤ 1/3 in fixed point. */
function atanh(z: bigint): bigint {
  const square = multiply(z, z);
  let power = z;
  let sum = 0n;
  for (let odd = 1n; power !== 0n; odd += 2n) {
    sum += power / odd;
    power = multiply(power, square);
  }
  return sum;
}

const ln2 = 2n * atanh(scale / 3n);

/** ln(x) for a fixed-point x > 0. */
function ln(x: bigint): bigint {
  if (x <= 0n) throw new RangeError('ln of a non-positive number');
  let halvings = 0n;
  let mantissa = x;
  while (mantissa >= 2n * scale) {
    mantissa /= 2n;
    halvings += 1n;
  }
  while (mantissa < scale) {
    mantissa *= 2n;
    halvings -= 1n;
  }
  return 2n * atanh(((mantissa - scale) * scale) / (mantissa + scale)) + halvings * ln2;
}

/** exp(y) for a fixed-point y. */
function exp(y: bigint): bigint {
  const twos = (y >= 0n ? y + ln2 / 2n : y - ln2 / 2n) / ln2;
  const rest = y - twos * ln2;
  let term = scale;
  let sum = scale;
  for (let index = 1n; term !== 0n; index += 1n) {
    term = multiply(term, rest) / index;
    sum += term;
  }
  return twos >= 0n ? sum << twos : sum >> -twos;
}

const dayNumber = (date: string): bigint => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return BigInt(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000);
};

/** The net present value of the flows at a fixed-point rate (> −1), in fen × scale: only its sign is used. */
function presentValue(flows: ReadonlyArray<{ days: bigint; amountFen: bigint }>, rate: bigint): bigint {
  const growth = ln(scale + rate);
  let sum = 0n;
  for (const flow of flows) sum += flow.amountFen * exp(-(growth * flow.days) / 365n);
  return sum;
}

const sign = (value: bigint): number => (value < 0n ? -1 : value > 0n ? 1 : 0);

const lowestRate = -scale + scale / 10n ** 9n; // −99.9999999 %
const highestRate = scale * 1000n; // 100,000 %
const tolerance = scale / 10n ** 12n;

/** The annual rate as a fixed-point fraction of `scale` (0.0723 → 723 × 10^26), or undefined when none exists. */
function xirrFixed(cashFlows: readonly DatedCashFlow[]): bigint | undefined {
  const flows = cashFlows.filter((flow) => flow.amountFen !== 0);
  if (flows.length === 0) return undefined;
  for (const flow of flows) if (!Number.isSafeInteger(flow.amountFen)) throw new RangeError(`not an amount in fen: ${flow.amountFen}`);
  const first = flows.reduce((earliest, flow) => (dayNumber(flow.date) < earliest ? dayNumber(flow.date) : earliest), dayNumber(flows[0]!.date));
  const dated = flows.map((flow) => ({ days: dayNumber(flow.date) - first, amountFen: BigInt(flow.amountFen) }));
  // All on one day: no time passed, so no rate (the value is the same at every rate).
  if (dated.every((flow) => flow.days === 0n)) return undefined;
  let low = lowestRate;
  let high = scale / 10n;
  const lowSign = sign(presentValue(dated, low));
  if (lowSign === 0) return low;
  // Widen the bracket upwards until the value changes sign (or give up).
  while (sign(presentValue(dated, high)) === lowSign) {
    if (high >= highestRate) return undefined;
    low = high;
    high *= 4n;
  }
  while (high - low > tolerance) {
    const middle = (low + high) / 2n;
    const middleSign = sign(presentValue(dated, middle));
    if (middleSign === 0) return middle;
    if (middleSign === lowSign) low = middle;
    else high = middle;
  }
  return (low + high) / 2n;
}

/** Hundredths of a percent, rounded half away from zero. */
function hundredthsOfPercent(rate: bigint): bigint {
  const magnitude = rate < 0n ? -rate : rate;
  const rounded = (magnitude * 10_000n * 2n + scale) / (2n * scale);
  return rate < 0n ? -rounded : rounded;
}

/** The annual return in percent with two decimals ("7.23", "-12.50"), or undefined when the flows have none. */
export function xirrPercent(cashFlows: readonly DatedCashFlow[]): string | undefined {
  const rate = xirrFixed(cashFlows);
  if (rate === undefined) return undefined;
  const hundredths = hundredthsOfPercent(rate);
  const magnitude = hundredths < 0n ? -hundredths : hundredths;
  const text = `${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
  return hundredths < 0n ? `-${text}` : text;
}
