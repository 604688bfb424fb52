/**
 * Exact decimal arithmetic for judges' scores: every score and weight is a finite decimal
 * as typed (88.35, 0.7), so means and weighted sums are exact fractions of BigInts, and
 * rounding half-up is decided on the exact value, never on a binary float (1.005 rounds
 * to 1.01 here, while Number((1.005).toFixed(2)) gives 1).
 */

/** n / d with d > 0, not necessarily reduced. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

const TEN = 10n;

/**
 * The decimal a number was typed as: its shortest round-trip text after dropping binary
 * noise past 15 significant digits (12.299999999999999 → 12.3), read exactly.
 */
export function fromNumber(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const text = String(Number(x.toPrecision(15)));
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(text);
  if (!m) throw new RangeError(`unexpected number text: ${text}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let n = BigInt(int + frac);
  let d = TEN ** BigInt(frac.length);
  const e = Number(exp);
  if (e > 0) n *= TEN ** BigInt(e);
  else if (e < 0) d *= TEN ** BigInt(-e);
  return { n: sign ? -n : n, d };
}

export const ZERO: Fraction = { n: 0n, d: 1n };

export function add(a: Fraction, b: Fraction): Fraction {
  return a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}

export function mul(a: Fraction, b: Fraction): Fraction {
  return { n: a.n * b.n, d: a.d * b.d };
}

/** a / k for a positive integer k (a mean over k scores). */
export function divInt(a: Fraction, k: number): Fraction {
  return { n: a.n, d: a.d * BigInt(k) };
}

export function sum(xs: Fraction[]): Fraction {
  return xs.reduce(add, ZERO);
}

/** −1, 0 or 1. */
export function compare(a: Fraction, b: Fraction): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** The fraction rounded half away from zero to `decimals` places, as an exact decimal. */
export function roundHalfUp(a: Fraction, decimals: number): Fraction {
  const scale = TEN ** BigInt(decimals);
  const neg = a.n < 0n;
  const abs = neg ? -a.n : a.n;
  // floor(|a| · scale + 1/2) = floor((2·|n|·scale + d) / (2·d))
  const q = (2n * abs * scale + a.d) / (2n * a.d);
  return { n: neg ? -q : q, d: scale };
}

/** The nearest double (exact for the results of roundHalfUp, as their text is short). */
export function toNumber(a: Fraction): number {
  if (a.d === 1n) return Number(a.n);
  // Write the decimal out when d is a power of ten; otherwise divide with 20 spare digits.
  const digits = a.d.toString().length - 1;
  if (a.d === TEN ** BigInt(digits)) return Number(decimalText(a.n, digits));
  const scaled = (a.n * TEN ** 20n) / a.d;
  return Number(decimalText(scaled, 20));
}

function decimalText(n: bigint, digits: number): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  return neg ? `-${text}` : text;
}
