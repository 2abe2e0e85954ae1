import type { Cents } from '../platform/money.ts';
import { originOf } from './contract-model.ts';
import type { GroupStatus } from './model.ts';

// Pure, like model.ts: the yearly figures of joint purchasing, computed from the rows, never stored.

export interface StatGroup {
  readonly id: string;
  readonly reference: string;
  readonly object: string;
  readonly status: GroupStatus;
  readonly agreementSignedOn: string | null;
  readonly coordinatorId: string;
  readonly memberIds: readonly string[];
}

export interface StatContract {
  readonly id: string;
  readonly reference: string;
  readonly object: string;
  readonly groupId: string | null;
  readonly sharedDirection: string | null;
  readonly notifiedOn: string;
  readonly amountCents: Cents;
  readonly buyerName: string | null;
}

export interface StatEntity {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}

/** One figure: its value, the rule it counts by (shown next to it), and the rows it counts. */
export interface Figure<Row> {
  readonly value: number;
  readonly rule: string;
  readonly rows: readonly Row[];
}

export interface GroupRow {
  readonly id: string;
  readonly reference: string;
  readonly object: string;
  readonly signedOn: string;
  readonly coordinator: string;
  readonly members: number;
}

export interface ContractRow {
  readonly id: string;
  readonly reference: string;
  readonly object: string;
  readonly notifiedOn: string;
  readonly amountCents: Cents;
  readonly origin: string;
}

export interface EntityRow {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly groups: number;
}

/** The year's figures of joint purchasing: what the progress report (section V.1) states. */
export interface ProcurementYearStatistics {
  readonly year: number;
  readonly groupsConcluded: Figure<GroupRow>;
  readonly partnerEntities: Figure<EntityRow>;
  readonly communesInvolved: Figure<EntityRow>;
  readonly groupsCoordinatedByEpci: Figure<GroupRow>;
  readonly contractsFromGroups: Figure<ContractRow>;
  readonly contractsFromEpciCoordinatedGroups: Figure<ContractRow>;
  readonly contractsBySharedDirections: Figure<ContractRow>;
  readonly contractsNotified: Figure<ContractRow>;
  /** Sums of the initial amounts excl. VAT of the contracts counted above. */
  readonly amountFromGroupsCents: Cents;
  readonly amountBySharedDirectionsCents: Cents;
  readonly amountNotifiedCents: Cents;
}

export const FIGURE_KEYS = [
  'groupsConcluded',
  'partnerEntities',
  'communesInvolved',
  'groupsCoordinatedByEpci',
  'contractsFromGroups',
  'contractsFromEpciCoordinatedGroups',
  'contractsBySharedDirections',
  'contractsNotified',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const FIGURE_LABELS: Record<FigureKey, string> = {
  groupsConcluded: 'Groupements de commandes conclus',
  partnerEntities: 'Entités partenaires différentes',
  communesInvolved: 'Communes membres associées',
  groupsCoordinatedByEpci: 'Groupements coordonnés par l’EPCI',
  contractsFromGroups: 'Marchés issus des groupements de l’année',
  contractsFromEpciCoordinatedGroups: 'Marchés issus des groupements coordonnés par l’EPCI',
  contractsBySharedDirections: 'Marchés conclus par les directions mutualisées',
  contractsNotified: 'Marchés notifiés dans l’année (tous)',
};

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * Computes a year's figures. Counting rules, stated on every figure:
 * a group counts in the year its constitutive agreement is signed; the EPCI is not one of the partner entities;
 * a group's contracts count with their group's year; a shared direction's contracts count in their notification year.
 */
export function yearStatistics(year: number, epciId: string, groups: readonly StatGroup[], contracts: readonly StatContract[], entities: readonly StatEntity[]): ProcurementYearStatistics {
  const entity = new Map(entities.map((e) => [e.id, e]));
  const name = (id: string) => entity.get(id)?.name ?? 'inconnu';
  const concluded = groups
    .filter((g) => g.status !== 'forming' && g.agreementSignedOn !== null && yearOf(g.agreementSignedOn) === year)
    .sort((a, b) => a.agreementSignedOn!.localeCompare(b.agreementSignedOn!) || a.reference.localeCompare(b.reference));
  const groupRow = (g: StatGroup): GroupRow => ({ id: g.id, reference: g.reference, object: g.object, signedOn: g.agreementSignedOn!, coordinator: name(g.coordinatorId), members: g.memberIds.length });
  const concludedIds = new Set(concluded.map((g) => g.id));
  const coordinated = concluded.filter((g) => g.coordinatorId === epciId);
  const coordinatedIds = new Set(coordinated.map((g) => g.id));

  const partnerCount = new Map<string, number>();
  for (const g of concluded) for (const m of g.memberIds) if (m !== epciId) partnerCount.set(m, (partnerCount.get(m) ?? 0) + 1);
  const collator = new Intl.Collator('fr');
  const partners: EntityRow[] = [...partnerCount]
    .map(([id, n]) => ({ id, name: name(id), kind: entity.get(id)?.kind ?? 'other', groups: n }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const communes = partners.filter((p) => p.kind === 'commune');

  const groupRef = new Map(groups.map((g) => [g.id, g.reference]));
  const contractRow = (c: StatContract): ContractRow => ({
    id: c.id,
    reference: c.reference,
    object: c.object,
    notifiedOn: c.notifiedOn,
    amountCents: c.amountCents,
    origin: c.groupId !== null ? `groupement ${groupRef.get(c.groupId) ?? ''}`.trim() : c.sharedDirection ?? (c.buyerName ? `marché propre (${c.buyerName})` : 'marché propre'),
  });
  const byDate = (a: StatContract, b: StatContract) => a.notifiedOn.localeCompare(b.notifiedOn) || a.reference.localeCompare(b.reference);
  const fromGroups = contracts.filter((c) => c.groupId !== null && concludedIds.has(c.groupId)).sort(byDate);
  const fromCoordinated = fromGroups.filter((c) => coordinatedIds.has(c.groupId!));
  const byDirections = contracts.filter((c) => originOf(c) === 'sharedDirection' && yearOf(c.notifiedOn) === year).sort(byDate);
  const notified = contracts.filter((c) => yearOf(c.notifiedOn) === year).sort(byDate);
  const sum = (list: readonly StatContract[]) => list.reduce((a, c) => a + c.amountCents, 0) as Cents;
  const figure = <Row>(rows: readonly Row[], rule: string): Figure<Row> => ({ value: rows.length, rule, rows });

  return {
    year,
    groupsConcluded: figure(concluded.map(groupRow), 'Compte les groupements dont la convention constitutive a été signée dans l’année (les groupements en cours de constitution ne comptent pas).'),
    partnerEntities: figure(
      partners,
      'Compte une fois chaque membre des groupements conclus dans l’année, quelle que soit sa nature (commune, intercommunalité, établissement public…) ; l’EPCI lui-même n’est pas compté.',
    ),
    communesInvolved: figure(communes, 'Parmi les entités partenaires, les communes.'),
    groupsCoordinatedByEpci: figure(coordinated.map(groupRow), 'Parmi les groupements conclus dans l’année, ceux dont l’EPCI est le coordonnateur.'),
    contractsFromGroups: figure(
      fromGroups.map(contractRow),
      'Compte des marchés, pas des groupements : chaque marché (ou lot attribué séparément) issu d’un groupement conclu dans l’année, quelle que soit sa date de notification.',
    ),
    contractsFromEpciCoordinatedGroups: figure(fromCoordinated.map(contractRow), 'Les marchés issus des groupements de l’année coordonnés par l’EPCI.'),
    contractsBySharedDirections: figure(byDirections.map(contractRow), 'Compte les marchés passés par une direction mutualisée seule (hors groupement), notifiés dans l’année.'),
    contractsNotified: figure(notified.map(contractRow), 'Compte tous les marchés notifiés dans l’année : issus de groupements, des directions mutualisées ou propres.'),
    amountFromGroupsCents: sum(fromGroups),
    amountBySharedDirectionsCents: sum(byDirections),
    amountNotifiedCents: sum(notified),
  };
}

/** The years that have something to count, oldest first. */
export function statisticYears(groups: readonly StatGroup[], contracts: readonly StatContract[]): number[] {
  const years = new Set<number>();
  for (const g of groups) if (g.agreementSignedOn && g.status !== 'forming') years.add(yearOf(g.agreementSignedOn));
  for (const c of contracts) years.add(yearOf(c.notifiedOn));
  return [...years].sort((a, b) => a - b);
}
