import { parsePercent, schemeProblems, type ChargingComponent } from '../agreements/charging-scheme.ts';
import { Cents, splitCents } from '../platform/money.ts';
import {
  DIRECT_CATEGORIES,
  type AllocationLine,
  type ChargingInput,
  type ChargingProblem,
  type ChargingResult,
  type CostLineInput,
  type Explanation,
  type Participant,
  type ServiceInput,
  type ServiceSummary,
  type UnitsSummary,
} from './model.ts';
import { allocateSupport } from './support.ts';
import { add, commonWeights, fromDecimal, mul, q, roundHalfAway, toText, ZERO, type Rational } from './rational.ts';

const DECIMAL = /^\d+(?:\.\d+)?$/;
const componentKey = (i: number): string => `c${String(i).padStart(4, '0')}`;

/** Computes a charging run: every cost line split to the cent among the participants of its service, explained. */
export function computeCharging(input: ChargingInput): ChargingResult {
  const problems: ChargingProblem[] = [];
  const serviceCodes = new Map(input.services.map((s) => [s.id, s.code]));
  const support = allocateSupport(input.centres, input.costLines, serviceCodes, input.supportMethod);
  problems.push(...support.problems);
  const centreNames = new Map(input.centres.map((c) => [c.id, c.name]));

  const drivers = new Map<string, string>();
  for (const d of input.drivers) drivers.set(`${d.collectivityId}|${d.driver}`, d.value);
  const linesByService = groupBy(input.costLines.filter((l) => l.serviceId !== null), (l) => l.serviceId!);
  const unitsByService = groupBy(input.workUnits, (u) => u.serviceId);
  for (const line of input.costLines) {
    if (line.serviceId !== null && !serviceCodes.has(line.serviceId)) problems.push({ field: `costLines.${line.id}`, message: `Ligne de coût « ${line.label} » : service inconnu.` });
  }

  const lines: AllocationLine[] = [];
  const services: ServiceSummary[] = [];
  for (const service of [...input.services].sort((a, b) => cmp(a.code, b.code))) {
    const received = support.byService.get(service.id) ?? [];
    const supportLines: CostLineInput[] = received.map((r) => ({
      id: '',
      serviceId: service.id,
      centreId: r.centreId,
      category: 'support',
      amountCents: Cents.of(r.cents),
      label: `Moyens ressources : ${centreNames.get(r.centreId) ?? ''} (${input.supportMethod === 'reciprocal' ? 'méthode réciproque' : 'cascade'})`,
      sourceReference: null,
      attributedTo: null,
    }));
    const result = chargeService(service, [...(linesByService.get(service.id) ?? []), ...supportLines], drivers, unitsByService.get(service.id) ?? []);
    problems.push(...result.problems);
    lines.push(...result.lines);
    services.push({ ...result.summary, supportReceived: received });
  }
  return { supportMethod: input.supportMethod, lines: problems.length > 0 ? [] : lines, services, problems };
}

interface ServiceCharge {
  readonly lines: AllocationLine[];
  readonly summary: Omit<ServiceSummary, 'supportReceived'>;
  readonly problems: ChargingProblem[];
}

/** A component's split of one amount among participants, computed once per service. */
type Splitter = (amount: Cents) => { collectivityId: string; cents: number; explanation: Explanation }[];

function chargeService(
  service: ServiceInput,
  costLines: readonly CostLineInput[],
  drivers: ReadonlyMap<string, string>,
  workUnits: readonly { collectivityId: string; units: string; id: string }[],
): ServiceCharge {
  const problems: ChargingProblem[] = [];
  const field = `services.${service.code}`;
  const byId = new Map(service.participants.map((p) => [p.collectivityId, p]));
  for (const p of schemeProblems(service.scheme, new Set(byId.keys()))) problems.push({ field: `${field}.scheme.${p.field}`, message: `${service.name} : ${p.message}` });
  const tieKeys = new Set(service.participants.map((p) => p.tieKey));
  if (tieKeys.size !== service.participants.length) problems.push({ field: `${field}.participants`, message: `${service.name} : deux participants ont le même code INSEE ou SIREN.` });
  if (service.participants.length === 0) problems.push({ field: `${field}.participants`, message: `${service.name} : le service n’a aucun participant.` });
  const empty = { serviceId: service.id, ownCostCents: 0, overheadRateCents: 0, totalCostCents: 0, chargedCents: 0, units: [] };
  if (problems.length > 0) return { lines: [], summary: empty, problems };

  const components = service.scheme.components;
  const splitters = components.map((c, i) => splitterOf(c, i, service, drivers, problems));
  const units = components.map(() => 0);
  const lines: AllocationLine[] = [];
  const ownCostCents = costLines.filter((l) => l.centreId === null).reduce((a, l) => a + l.amountCents, 0);
  const directCents = costLines.filter((l) => DIRECT_CATEGORIES.includes(l.category)).reduce((a, l) => a + l.amountCents, 0);

  const componentItems = components.map((c, i) => ({ key: componentKey(i), weight: percentWeight(c.percent) }));
  const spread = costLines.filter((l) => l.category !== 'overhead');
  for (const line of spread) {
    const base = { serviceId: service.id, costLineId: line.id === '' ? null : line.id, category: line.category, label: line.label };
    if (line.attributedTo !== null) {
      // Rule 4: a cost incurred for one participant is charged to it alone.
      if (!byId.has(line.attributedTo)) problems.push({ field: `costLines.${line.id}.attributedTo`, message: `Ligne de coût « ${line.label} » : la collectivité attributaire ne participe pas à ${service.name}.` });
      else if (line.amountCents !== 0) lines.push({ ...base, collectivityId: line.attributedTo, sourceCents: line.amountCents, component: null, explanation: { rule: 'direct' }, amountCents: line.amountCents });
      continue;
    }
    const parts = components.length === 1 ? new Map([[componentKey(0), line.amountCents]]) : splitCents(line.amountCents, componentItems);
    components.forEach((component, i) => {
      const amount = Cents.of(parts.get(componentKey(i))!);
      if (component.rule.kind === 'units') {
        units[i]! += amount;
        return;
      }
      if (component.rule.kind === 'direct') {
        problems.push({ field: `costLines.${line.id}.attributedTo`, message: `Ligne de coût « ${line.label} » : la règle d’attribution directe demande la collectivité attributaire.` });
        return;
      }
      const splitter = splitters[i];
      if (!splitter) return;
      for (const share of splitter(amount)) {
        if (share.cents !== 0) lines.push({ ...base, collectivityId: share.collectivityId, sourceCents: amount, component: { index: i, percent: component.percent }, explanation: share.explanation, amountCents: share.cents });
      }
    });
  }

  // Rule 3 (CGCT D5211-16): notified unit cost × actual units; the provider bears the gap with the actual cost.
  const unitsSummaries: UnitsSummary[] = [];
  components.forEach((component, i) => {
    const rule = component.rule;
    if (rule.kind !== 'units') return;
    const perParticipant = new Map<string, Rational>();
    for (const use of workUnits) {
      const value = DECIMAL.test(use.units) ? fromDecimal(use.units) : null;
      if (value === null || value.n <= 0n) problems.push({ field: `workUnits.${use.id}.units`, message: `${service.name} : nombre d’unités « ${use.units} » invalide (nombre positif attendu).` });
      else if (!byId.has(use.collectivityId)) problems.push({ field: `workUnits.${use.id}.collectivityId`, message: `${service.name} : unités déclarées pour une collectivité qui ne participe pas au service.` });
      else perParticipant.set(use.collectivityId, add(perParticipant.get(use.collectivityId) ?? ZERO, value));
    }
    let billed = 0;
    let total = ZERO;
    for (const participant of sortedParticipants(service.participants)) {
      const count = perParticipant.get(participant.collectivityId);
      if (!count) continue;
      total = add(total, count);
      const cents = Number(roundHalfAway(mul(count, q(BigInt(rule.notifiedUnitCents)))));
      billed += cents;
      if (cents !== 0) {
        lines.push({
          serviceId: service.id,
          collectivityId: participant.collectivityId,
          costLineId: null,
          category: 'units',
          label: `${rule.unit} : ${toText(count).replace(".", ",")} × coût unitaire notifié`,
          sourceCents: units[i]!,
          component: { index: i, percent: component.percent },
          explanation: { rule: 'units', unit: rule.unit, units: toText(count), notifiedUnitCents: rule.notifiedUnitCents, notifiedOn: rule.notifiedOn },
          amountCents: cents,
        });
      }
    }
    unitsSummaries.push({
      componentIndex: i,
      unit: rule.unit,
      notifiedUnitCents: rule.notifiedUnitCents,
      totalUnits: toText(total),
      costCents: units[i]!,
      billedCents: billed,
      providerGapCents: units[i]! - billed,
      actualUnitCents: total.n === 0n ? null : Number(roundHalfAway(q(BigInt(units[i]!) * total.d, total.n))),
    });
  });

  // Rule 5: overhead (entered, and the scheme's rate × direct costs) spread like its base, the direct charges.
  const overheadLines = costLines.filter((l) => l.category === 'overhead').map((l) => ({ id: l.id, label: l.label, cents: l.amountCents as number, attributedTo: l.attributedTo }));
  const rate = service.scheme.overheadPercent === undefined ? null : parsePercent(service.scheme.overheadPercent);
  const overheadRateCents = rate === null ? 0 : Number(roundHalfAway(q(BigInt(directCents) * rate, 100_000_000n)));
  if (overheadRateCents !== 0) overheadLines.push({ id: '', label: `Frais de structure : ${service.scheme.overheadPercent} % des charges directes`, cents: overheadRateCents, attributedTo: null });
  const baseByParticipant = new Map<string, number>();
  for (const l of lines) if (DIRECT_CATEGORIES.includes(l.category as never) || l.category === 'units') baseByParticipant.set(l.collectivityId, (baseByParticipant.get(l.collectivityId) ?? 0) + l.amountCents);
  const baseTotal = [...baseByParticipant.values()].reduce((a, b) => a + b, 0);
  for (const o of overheadLines) {
    const base = { serviceId: service.id, costLineId: o.id === '' ? null : o.id, category: 'overhead' as const, label: o.label, sourceCents: o.cents, component: null };
    if (o.attributedTo !== null) {
      if (!byId.has(o.attributedTo)) problems.push({ field: `costLines.${o.id}.attributedTo`, message: `Ligne de coût « ${o.label} » : la collectivité attributaire ne participe pas à ${service.name}.` });
      else lines.push({ ...base, collectivityId: o.attributedTo, explanation: { rule: 'direct' }, amountCents: o.cents });
      continue;
    }
    if (o.cents === 0) continue;
    if (baseTotal <= 0) {
      problems.push({ field: `${field}.overhead`, message: `${service.name} : frais de structure sans charges directes réparties sur lesquelles les asseoir.` });
      continue;
    }
    const items = sortedParticipants(service.participants).filter((p) => (baseByParticipant.get(p.collectivityId) ?? 0) > 0);
    const parts = splitCents(Cents.of(o.cents), items.map((p) => ({ key: p.tieKey, weight: baseByParticipant.get(p.collectivityId)! })));
    for (const p of items) {
      const cents = parts.get(p.tieKey)!;
      if (cents !== 0) lines.push({ ...base, collectivityId: p.collectivityId, explanation: { rule: 'overhead', baseCents: baseByParticipant.get(p.collectivityId)!, baseTotalCents: baseTotal }, amountCents: cents });
    }
  }

  const chargedCents = lines.reduce((a, l) => a + l.amountCents, 0);
  const totalCostCents = costLines.reduce((a, l) => a + l.amountCents, 0) + overheadRateCents;
  return { lines, problems, summary: { serviceId: service.id, ownCostCents, overheadRateCents, totalCostCents, chargedCents, units: unitsSummaries } };
}

function splitterOf(component: ChargingComponent, i: number, service: ServiceInput, drivers: ReadonlyMap<string, string>, problems: ChargingProblem[]): Splitter | null {
  const rule = component.rule;
  const field = `services.${service.code}.scheme.components[${i}]`;
  if (rule.kind === 'fixed') {
    const byId = new Map(service.participants.map((p) => [p.collectivityId, p]));
    const items = rule.shares.map((s) => ({ participant: byId.get(s.collectivityId)!, percent: s.percent, weight: parsePercent(s.percent)! })).filter((x) => x.weight > 0n);
    const weights = items.map((x) => ({ key: x.participant.tieKey, weight: x.weight }));
    const explained = items.map((x) => ({ id: x.participant.collectivityId, key: x.participant.tieKey, explanation: { rule: 'fixed', percent: x.percent } as Explanation }));
    return (amount) => {
      const parts = splitCents(amount, weights);
      return explained.map((x) => ({ collectivityId: x.id, cents: parts.get(x.key)!, explanation: x.explanation }));
    };
  }
  if (rule.kind === 'driver') {
    const values: { participant: Participant; value: string }[] = [];
    for (const participant of sortedParticipants(service.participants)) {
      const value = drivers.get(`${participant.collectivityId}|${rule.driver}`);
      if (value === undefined || !DECIMAL.test(value)) {
        problems.push({ field: `${field}.drivers.${participant.tieKey}`, message: `${service.name} : valeur de l’inducteur « ${rule.driver} » ${value === undefined ? 'manquante' : `« ${value} » invalide`} pour ${participant.name}.` });
      } else values.push({ participant, value });
    }
    const total = values.reduce((a, v) => add(a, fromDecimal(v.value)!), ZERO);
    if (values.length === service.participants.length && total.n === 0n) {
      problems.push({ field: `${field}.drivers`, message: `${service.name} : l’inducteur « ${rule.driver} » est nul pour tous les participants.` });
      return null;
    }
    const paying = values.filter((v) => fromDecimal(v.value)!.n > 0n);
    const totalText = toText(total);
    // Decimal driver values scaled once to integers over a common denominator: the same shares, no parsing per line.
    const scaled = commonWeights(paying.map((v) => fromDecimal(v.value)!));
    const items = paying.map((v, i) => ({ key: v.participant.tieKey, weight: scaled[i]! }));
    // One explanation per participant, shared by all its lines (immutable).
    const explained = paying.map((v) => ({ id: v.participant.collectivityId, key: v.participant.tieKey, explanation: { rule: 'driver', driver: rule.driver, value: v.value, total: totalText } as Explanation }));
    return (amount) => {
      const parts = splitCents(amount, items);
      return explained.map((x) => ({ collectivityId: x.id, cents: parts.get(x.key)!, explanation: x.explanation }));
    };
  }
  return null;
}

/** The component percent as a splitCents weight (millionths of a percent). */
function percentWeight(percent: string): bigint {
  return parsePercent(percent) ?? 0n;
}

function sortedParticipants(participants: readonly Participant[]): Participant[] {
  return [...participants].sort((a, b) => cmp(a.tieKey, b.tieKey));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
