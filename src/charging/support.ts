import { formatPercent, parsePercent } from '../agreements/charging-scheme.ts';
import { Cents, splitCents } from '../platform/money.ts';
import type { ChargingProblem, CostLineInput, SupportCentre, SupportMethod } from './model.ts';
import { add, commonWeights, isZero, mul, ONE, q, solve, sub, ZERO, type Rational } from './rational.ts';

/** What each shared service receives from each support centre, in cents. */
export interface SupportAllocation {
  /** serviceId → the cents received from each centre (parts adding up to the service's total). */
  readonly byService: ReadonlyMap<string, readonly { readonly centreId: string; readonly cents: number }[]>;
  /** The exact (rational) total of each centre after the centres served each other: its cost for the method. */
  readonly centreTotals: ReadonlyMap<string, Rational>;
  readonly problems: readonly ChargingProblem[];
}

const HUNDRED_MILLIONTHS = 100_000_000n;

/**
 * Rule 6: support centres serving each other and the shared services. Step-down closes the centres one by one in
 * the stated order (a closed centre receives nothing more; the shares of the centres still open are rescaled);
 * reciprocal solves T = c + Pᵀ·T exactly. Amounts stay exact rationals until one splitCents per level.
 */
export function allocateSupport(
  centres: readonly SupportCentre[],
  costLines: readonly CostLineInput[],
  serviceCodes: ReadonlyMap<string, string>,
  method: SupportMethod,
): SupportAllocation {
  const problems: ChargingProblem[] = [];
  const ordered = [...centres].sort((a, b) => a.order - b.order || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const index = new Map(ordered.map((c, i) => [c.id, i]));
  const own = ordered.map(() => 0n);
  for (const line of costLines) {
    if (line.centreId === null) continue;
    const i = index.get(line.centreId);
    if (i === undefined) problems.push({ field: `costLines.${line.id}`, message: `Ligne de coût « ${line.label} » : fonction support inconnue.` });
    else own[i]! += BigInt(line.amountCents);
  }
  // shares[i]: to centres (by index) and to services (by id), as exact fractions of 1
  const toCentre = ordered.map(() => new Map<number, Rational>());
  const toService = ordered.map(() => new Map<string, Rational>());
  ordered.forEach((centre, i) => {
    let total = 0n;
    centre.shares.forEach((share, j) => {
      const field = `centres.${centre.code}.shares[${j}]`;
      const percent = parsePercent(share.percent);
      if (percent === null) {
        problems.push({ field: `${field}.percent`, message: `Fonction support ${centre.name} : part « ${share.percent} » invalide.` });
        return;
      }
      total += percent;
      const fraction = q(percent, HUNDRED_MILLIONTHS);
      if (share.recipient.kind === 'centre') {
        const k = index.get(share.recipient.id);
        if (k === undefined || k === i) problems.push({ field, message: `Fonction support ${centre.name} : destinataire ${k === i ? 'identique à elle-même' : 'inconnu'}.` });
        else toCentre[i]!.set(k, add(toCentre[i]!.get(k) ?? ZERO, fraction));
      } else if (!serviceCodes.has(share.recipient.id)) {
        problems.push({ field, message: `Fonction support ${centre.name} : service destinataire inconnu.` });
      } else toService[i]!.set(share.recipient.id, add(toService[i]!.get(share.recipient.id) ?? ZERO, fraction));
    });
    if (total !== HUNDRED_MILLIONTHS && problems.length === 0) {
      problems.push({ field: `centres.${centre.code}.shares`, message: `Fonction support ${centre.name} : les parts totalisent ${formatPercent(total)} % au lieu de 100 %.` });
    }
  });
  if (problems.length > 0) return { byService: new Map(), centreTotals: new Map(), problems };

  // exact contribution of each centre to each service
  const contributions = ordered.map(() => new Map<string, Rational>());
  const totals: Rational[] = ordered.map(() => ZERO);
  if (method === 'reciprocal') {
    // (I − Pᵀ)·T = c, where P[j][i] is the fraction of centre j going to centre i
    const matrix = ordered.map((_, i) => ordered.map((__, j) => sub(i === j ? ONE : ZERO, toCentre[j]!.get(i) ?? ZERO)));
    const solution = solve(matrix, own.map((c) => q(c)));
    if (solution === null) {
      return { byService: new Map(), centreTotals: new Map(), problems: [{ field: 'centres', message: 'Les fonctions support se servent entre elles sans rien céder aux services : le système n’a pas de solution.' }] };
    }
    solution.forEach((t, i) => {
      totals[i] = t;
      for (const [serviceId, f] of toService[i]!) contributions[i]!.set(serviceId, mul(t, f));
    });
  } else {
    const received: Rational[] = own.map((c) => q(c));
    ordered.forEach((centre, i) => {
      const amount = received[i]!;
      totals[i] = amount;
      let open = ZERO;
      for (const [k, f] of toCentre[i]!) if (k > i) open = add(open, f);
      for (const f of toService[i]!.values()) open = add(open, f);
      if (isZero(open)) {
        if (!isZero(amount)) problems.push({ field: `centres.${centre.code}`, message: `Fonction support ${centre.name} : aucun destinataire encore ouvert dans l’ordre de la cascade.` });
        return;
      }
      for (const [k, f] of toCentre[i]!) if (k > i) received[k] = add(received[k]!, mul(amount, q(f.n * open.d, f.d * open.n)));
      for (const [serviceId, f] of toService[i]!) contributions[i]!.set(serviceId, mul(amount, q(f.n * open.d, f.d * open.n)));
    });
    if (problems.length > 0) return { byService: new Map(), centreTotals: new Map(), problems };
  }

  const perService = new Map<string, Rational>();
  for (const map of contributions) for (const [serviceId, r] of map) perService.set(serviceId, add(perService.get(serviceId) ?? ZERO, r));
  const grand = own.reduce((a, b) => a + b, 0n);
  const byService = new Map<string, { centreId: string; cents: number }[]>();
  if (grand !== 0n && perService.size > 0) {
    const serviceIds = [...perService.keys()];
    const weights = commonWeights(serviceIds.map((id) => perService.get(id)!));
    const serviceCents = splitCents(Cents.of(Number(grand)), serviceIds.map((id, i) => ({ key: serviceCodes.get(id)!, weight: weights[i]! })));
    for (const serviceId of serviceIds) {
      const cents = serviceCents.get(serviceCodes.get(serviceId)!)!;
      const from = ordered.map((c, i) => ({ centre: c, r: contributions[i]!.get(serviceId) ?? ZERO })).filter((x) => !isZero(x.r));
      if (cents === 0 || from.length === 0) continue;
      const w = commonWeights(from.map((x) => x.r));
      const parts = splitCents(cents, from.map((x, i) => ({ key: x.centre.code, weight: w[i]! })));
      byService.set(serviceId, from.map((x) => ({ centreId: x.centre.id, cents: parts.get(x.centre.code)! })).filter((x) => x.cents !== 0));
    }
  }
  return { byService, centreTotals: new Map(ordered.map((c, i) => [c.id, totals[i]!])), problems };
}
