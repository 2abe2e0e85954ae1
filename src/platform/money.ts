/** Money is integer cents behind a named type; converted to text only at the edges. */
export type Cents = number & { readonly __brand: 'Cents' };

export const Cents = Object.freeze({
  of(value: number): Cents {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Montant en centimes non entier : ${value}`);
    return value as Cents;
  },
  zero: 0 as Cents,
  sum(values: readonly Cents[]): Cents {
    return Cents.of(values.reduce((a, b) => a + b, 0));
  },
  /** Parses "1 234,56", "1234.56", "-12" (euros) into cents, exactly; null when not an amount. */
  parseEuros(text: string): Cents | null {
    const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
    const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
    if (!m) return null;
    const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
    const value = Number(m[1] === '-' ? -cents : cents);
    return Number.isSafeInteger(value) ? (value as Cents) : null;
  },
});

/** An exact, non-negative weight: an integer, a bigint, or a decimal string ("12.5"). */
export type Weight = number | bigint | string;

export interface SplitItem<K extends string = string> {
  /** Stable code used to break ties (INSEE code, SIREN), never a row id. */
  readonly key: K;
  readonly weight: Weight;
}

function toScaled(weight: Weight, scale: number): bigint {
  if (typeof weight === 'bigint') return weight * 10n ** BigInt(scale);
  const text = typeof weight === 'number' ? (Number.isInteger(weight) ? weight.toFixed(0) : String(weight)) : weight.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`Poids invalide : « ${String(weight)} » (nombre positif attendu).`);
  const fraction = (m[2] ?? '').padEnd(scale, '0');
  return BigInt(m[1]!) * 10n ** BigInt(scale) + BigInt(fraction);
}

function decimals(weight: Weight): number {
  if (typeof weight === 'bigint') return 0;
  const text = String(weight);
  if (/e/i.test(text)) throw new RangeError(`Poids invalide : « ${text} » (notation exponentielle refusée).`);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Splits an amount among items in proportion to exact weights, by the largest-remainder method:
 * each part is the floor of its exact share, then the cents left go one by one to the largest
 * remainders, ties broken by key. The parts always add up to the total, to the cent.
 * A negative total (a refund) is split as its opposite, then negated.
 */
export function splitCents<K extends string>(total: Cents, items: readonly SplitItem<K>[]): Map<K, Cents> {
  if (!Number.isSafeInteger(total)) throw new RangeError(`Montant en centimes non entier : ${total}`);
  const keys = new Set<string>();
  for (const item of items) {
    if (keys.has(item.key)) throw new RangeError(`Clé en double dans la répartition : ${item.key}`);
    keys.add(item.key);
  }
  const scale = Math.max(0, ...items.map((i) => decimals(i.weight)));
  const weights = items.map((i) => toScaled(i.weight, scale));
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('Répartition impossible : la somme des poids est nulle.');
  const sign = total < 0 ? -1n : 1n;
  const amount = BigInt(total) * sign;
  const parts = weights.map((w, index) => ({ index, floor: (amount * w) / sum, remainder: (amount * w) % sum }));
  let left = amount - parts.reduce((a, p) => a + p.floor, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? compareKeys(items[a.index]!.key, items[b.index]!.key) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of order) {
    if (left === 0n) break;
    part.floor += 1n;
    left -= 1n;
  }
  const result = new Map<K, Cents>();
  for (const part of parts) result.set(items[part.index]!.key, Number(part.floor * sign) as Cents);
  return result;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
