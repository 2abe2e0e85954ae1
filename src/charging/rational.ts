/** Exact rational numbers on bigint: the support-service system is solved without a single float. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function q(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('Division par zéro.');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ZERO = q(0n);
export const ONE = q(1n);
export const add = (a: Rational, b: Rational): Rational => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => q(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => q(a.n * b.d, a.d * b.n);
export const isZero = (a: Rational): boolean => a.n === 0n;

/** A decimal string ("1234", "12.5") as an exact rational; null when not one. */
export function fromDecimal(text: string): Rational | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const fraction = m[3] ?? '';
  const n = BigInt(m[2]! + fraction) * (m[1] === '-' ? -1n : 1n);
  return q(n, 10n ** BigInt(fraction.length));
}

/** Rounds half away from zero to an integer (cents): a product such as unit cost × units, never a split. */
export function roundHalfAway(a: Rational): bigint {
  const abs = a.n < 0n ? -a.n : a.n;
  const whole = (2n * abs + a.d) / (2n * a.d);
  return a.n < 0n ? -whole : whole;
}

/** Non-negative rationals as bigint weights over one common denominator (for splitCents). */
export function commonWeights(values: readonly Rational[]): bigint[] {
  let lcm = 1n;
  for (const v of values) lcm = (lcm / gcd(lcm, v.d)) * v.d;
  return values.map((v) => v.n * (lcm / v.d));
}

/** Solves A·x = b exactly (Gauss–Jordan); null when A is singular. */
export function solve(a: readonly (readonly Rational[])[], b: readonly Rational[]): Rational[] | null {
  const size = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < size; col++) {
    const pivot = m.findIndex((row, r) => r >= col && !isZero(row[col]!));
    if (pivot < 0) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]!;
    const inv = div(ONE, p[col]!);
    for (let c = col; c <= size; c++) p[c] = mul(p[c]!, inv);
    for (let r = 0; r < size; r++) {
      if (r === col || isZero(m[r]![col]!)) continue;
      const factor = m[r]![col]!;
      for (let c = col; c <= size; c++) m[r]![c] = sub(m[r]![c]!, mul(factor, p[c]!));
    }
  }
  return m.map((row) => row[size]!);
}

/** "1234.5" from an exact rational with a terminating decimal expansion, else a fraction "1/3". */
export function toText(a: Rational): string {
  let d = a.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return `${a.n}/${a.d}`;
  const digits = Math.max(twos, fives);
  const scaled = (a.n * 10n ** BigInt(digits)) / a.d;
  const sign = scaled < 0n ? '-' : '';
  const abs = (scaled < 0n ? -scaled : scaled).toString().padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
