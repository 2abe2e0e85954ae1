/** The EPCI's fonds de concours to a member commune: pure rules (no I/O). */
import { Cents, splitCents } from '../platform/money.ts';
import { formatCents } from '../platform/format.ts';
import type { DeliberationRef } from './model.ts';

/**
 * The largest fonds de concours for a project: it "may not exceed the share of the financing, net of
 * subsidies, borne by the beneficiary" (CGCT L5215-26, applied to métropoles by L5217-7; L5216-5 VI;
 * L5214-16 V). The cost net of other subsidies is shared so that the commune bears at least as much as
 * the fund: the fund's part is the lower half, to the cent (splitCents gives the odd cent to the commune).
 */
export function contributionCeiling(projectCostCents: Cents, otherSubsidiesCents: Cents): Cents {
  const net = projectCostCents - otherSubsidiesCents;
  if (net <= 0) return Cents.zero;
  return splitCents(Cents.of(net), [
    { key: 'a-commune', weight: 1 },
    { key: 'b-epci', weight: 1 },
  ]).get('b-epci')!;
}

/** Why a granted fonds de concours is refused (French, naming the field), or null. */
export function contributionProblem(input: {
  amountCents: Cents | null;
  projectCostCents: Cents;
  otherSubsidiesCents: Cents;
  epciDeliberation: DeliberationRef | null;
  communeDeliberation: DeliberationRef | null;
}): { field: string; message: string } | null {
  // Concordant deliberations of the EPCI council and the commune's council are required (same articles).
  if (!input.epciDeliberation) return { field: 'epciDate', message: "Un fonds de concours accordé exige la délibération du conseil de l'EPCI (instance, date, référence)." };
  if (!input.communeDeliberation) return { field: 'communeDate', message: 'Un fonds de concours accordé exige la délibération concordante du conseil municipal (instance, date, référence).' };
  if (input.amountCents === null || input.amountCents <= 0) return { field: 'obtainedCents', message: 'Le champ « montant obtenu » est obligatoire pour une aide obtenue.' };
  const ceiling = contributionCeiling(input.projectCostCents, input.otherSubsidiesCents);
  if (input.amountCents > ceiling) {
    return {
      field: 'obtainedCents',
      message: `Le fonds de concours (${formatCents(input.amountCents)}) dépasse la part du projet restant à la charge de la commune hors subventions : au plus ${formatCents(ceiling)} (coût ${formatCents(input.projectCostCents)}, autres subventions ${formatCents(input.otherSubsidiesCents)} ; CGCT L5215-26, L5216-5, L5214-16).`,
    };
  }
  return null;
}

/** The decision date of a fonds de concours: the later of the two concordant deliberations. */
export function contributionDecisionDate(epci: DeliberationRef, commune: DeliberationRef): string {
  return epci.date > commune.date ? epci.date : commune.date;
}

/**
 * The commune's own share of a project's public funding (CGCT L1111-10 III: at least 20 % of the public
 * funding, derogations aside), in percent with one decimal, from exact integers.
 */
export function ownShareTenths(projectCostCents: Cents, publicFundingCents: Cents): number {
  if (projectCostCents <= 0) return 1000;
  const own = Math.max(0, projectCostCents - publicFundingCents);
  return Number((BigInt(own) * 1000n) / BigInt(projectCostCents));
}
