/**
 * The charging scheme annexed to an amendment (annexe financière): how a shared service's costs are split
 * among its participants. Stored by `agreements` (as JSON on the amendment), computed by `charging`.
 * This file is the contract between the two modules: pure types and validation, no database.
 */

/** Drivers shipped with Mutualis; a territory may define others (any code matching DRIVER_CODE). */
export const STANDARD_DRIVERS = ['population', 'fte', 'workstations', 'accounts', 'floorArea', 'payslips', 'hours'] as const;
export const DRIVER_LABELS: Record<(typeof STANDARD_DRIVERS)[number], string> = {
  population: 'Population municipale',
  fte: 'Équivalents temps plein',
  workstations: 'Postes de travail',
  accounts: 'Comptes utilisateurs',
  floorArea: 'Surface (m²)',
  payslips: 'Bulletins de paie',
  hours: 'Heures',
};
export const DRIVER_CODE = /^[a-z][A-Za-z0-9]{0,39}$/;

/** One way of splitting a cost (the rules 1 to 4; overhead and support services are run-level). */
export type ChargingRule =
  /** Rule 1: exact percentages per participant (collectivity id), total exactly 100. */
  | { readonly kind: 'fixed'; readonly shares: readonly { readonly collectivityId: string; readonly percent: string }[] }
  /** Rule 2: share = participant's driver value / sum of drivers. */
  | { readonly kind: 'driver'; readonly driver: string }
  /** Rule 3 (CGCT D5211-16): unit cost notified in advance × actual units of work. */
  | { readonly kind: 'units'; readonly unit: string; readonly notifiedUnitCents: number; readonly notifiedOn: string }
  /** Rule 4: the cost line names the one participant it was incurred for. */
  | { readonly kind: 'direct' };

/** "60 % by population, 40 % by use": each component takes `percent` of every cost line, then applies its rule. */
export interface ChargingComponent {
  readonly percent: string;
  readonly rule: ChargingRule;
}

export interface ChargingScheme {
  readonly components: readonly ChargingComponent[];
  /** Rule 5: structure overhead as a rate of direct costs (exact decimal percent), spread like its base. */
  readonly overheadPercent?: string;
}

export interface SchemeProblem {
  readonly field: string;
  readonly message: string;
}

const PERCENT = /^(\d{1,3})(?:[.,](\d{1,6}))?$/;
const SCALE = 1_000_000n;

/** An exact percent ("33.333333", "60", "12,5") as millionths of a percent; null when not one. */
export function parsePercent(text: string): bigint | null {
  const m = PERCENT.exec(text.trim());
  if (!m) return null;
  return BigInt(m[1]!) * SCALE + BigInt((m[2] ?? '').padEnd(6, '0'));
}

const HUNDRED = 100n * SCALE;

/** Every problem of a scheme, in French, each naming its field; empty when the scheme can be computed. */
export function schemeProblems(scheme: ChargingScheme, participants: ReadonlySet<string>): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  if (scheme.components.length === 0) problems.push({ field: 'components', message: 'La clé de répartition ne contient aucune règle.' });
  let total = 0n;
  scheme.components.forEach((component, i) => {
    const field = `components[${i}]`;
    const percent = parsePercent(component.percent);
    if (percent === null || percent <= 0n || percent > HUNDRED) {
      problems.push({ field: `${field}.percent`, message: `Règle ${i + 1} : part « ${component.percent} » invalide (pourcentage entre 0 et 100 attendu).` });
    } else total += percent;
    problems.push(...ruleProblems(component.rule, `${field}.rule`, i + 1, participants));
  });
  if (scheme.components.length > 0 && total !== HUNDRED && problems.length === 0) {
    problems.push({ field: 'components', message: `Les parts des règles totalisent ${formatPercent(total)} % au lieu de 100 %.` });
  }
  if (scheme.overheadPercent !== undefined) {
    const rate = parsePercent(scheme.overheadPercent);
    if (rate === null) problems.push({ field: 'overheadPercent', message: `Taux de frais de structure « ${scheme.overheadPercent} » invalide.` });
  }
  return problems;
}

function ruleProblems(rule: ChargingRule, field: string, n: number, participants: ReadonlySet<string>): SchemeProblem[] {
  switch (rule.kind) {
    case 'fixed': {
      const problems: SchemeProblem[] = [];
      let total = 0n;
      const seen = new Set<string>();
      rule.shares.forEach((share, j) => {
        if (!participants.has(share.collectivityId)) {
          problems.push({ field: `${field}.shares[${j}].collectivityId`, message: `Règle ${n} : la collectivité ${j + 1} ne participe pas au service.` });
        }
        if (seen.has(share.collectivityId)) problems.push({ field: `${field}.shares[${j}].collectivityId`, message: `Règle ${n} : collectivité en double.` });
        seen.add(share.collectivityId);
        const percent = parsePercent(share.percent);
        if (percent === null) problems.push({ field: `${field}.shares[${j}].percent`, message: `Règle ${n} : part « ${share.percent} » invalide.` });
        else total += percent;
      });
      if (problems.length === 0 && total !== HUNDRED) {
        problems.push({ field: `${field}.shares`, message: `Règle ${n} : les parts fixes totalisent ${formatPercent(total)} % au lieu de 100 %.` });
      }
      return problems;
    }
    case 'driver':
      return DRIVER_CODE.test(rule.driver) ? [] : [{ field: `${field}.driver`, message: `Règle ${n} : inducteur « ${rule.driver} » invalide.` }];
    case 'units': {
      const problems: SchemeProblem[] = [];
      if (!Number.isSafeInteger(rule.notifiedUnitCents) || rule.notifiedUnitCents <= 0) {
        problems.push({ field: `${field}.notifiedUnitCents`, message: `Règle ${n} : le coût unitaire notifié doit être un montant positif.` });
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(rule.notifiedOn)) problems.push({ field: `${field}.notifiedOn`, message: `Règle ${n} : date de notification invalide.` });
      if (rule.unit.trim() === '') problems.push({ field: `${field}.unit`, message: `Règle ${n} : l’unité de fonctionnement est obligatoire.` });
      return problems;
    }
    case 'direct':
      return [];
  }
}

/** Millionths of a percent → "99,99" (French, trailing zeros dropped). */
export function formatPercent(millionths: bigint): string {
  const whole = millionths / SCALE;
  const fraction = (millionths % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole},${fraction}`;
}
