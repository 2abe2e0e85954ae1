/** Pieces the aids' pages share: a scheme's key facts, the eligibility reasons, labels. */
import type { ComponentChildren } from 'preact';
import { formatCents, formatDate, formatInteger, formatLegalDate } from '../platform/format.ts';
import { DENSITY_LEVEL_LABELS, type EligibilityResult } from './eligibility.ts';
import {
  AID_TYPE_LABELS,
  FUNDER_LEVEL_LABELS,
  FUNDING_STATUS_LABELS,
  formatRate,
  PROJECT_TYPES,
  PROJECT_TYPE_CODES,
  RECURRENCE_LABELS,
  THEME_LABELS,
  THEMES,
  type FundingScheme,
  type FundingStatus,
  type ProjectFunding,
  type SearchBeneficiary,
} from './model.ts';

/** "clôture le 15/01/2027", "permanente", "sans date limite". */
export function deadlineText(s: Pick<FundingScheme, 'deadline' | 'recurrence'>): string {
  if (s.recurrence === 'ongoing') return 'aide permanente';
  return s.deadline ? `dépôt jusqu’au ${formatDate(s.deadline)}` : 'sans date limite';
}

const STATUS_TEXT = { eligible: 'Éligible', unknown: 'À vérifier', ineligible: 'Non éligible' } as const;

export function EligibilityBadge(props: { result: EligibilityResult }) {
  return <span class={`badge badge-${props.result.status}`}>{STATUS_TEXT[props.result.status]}</span>;
}

/** Each reason with its verdict as a symbol and as words (the symbol alone says nothing to a screen reader). */
export function Reasons(props: { result: EligibilityResult }) {
  if (props.result.reasons.length === 0) return null;
  return (
    <ul class="reasons">
      {props.result.reasons.map((r) => (
        <li class={r.ok === true ? 'ok' : r.ok === false ? 'ko' : 'check'}>
          <span aria-hidden="true" class="mark">
            {r.ok === true ? '✓' : r.ok === false ? '✗' : '?'}
          </span>
          {r.text}
        </li>
      ))}
    </ul>
  );
}

/** The line under a scheme's name: funders, level, types, rate, ceiling, deadline. */
export function SchemeMeta(props: { scheme: FundingScheme }) {
  const s = props.scheme;
  const rate = formatRate(s.rateMin, s.rateMax);
  const parts = [
    s.funders.join(', '),
    FUNDER_LEVEL_LABELS[s.level],
    s.aidTypes.map((t) => AID_TYPE_LABELS[t]).join(', '),
    rate ? `taux ${rate}` : null,
    s.maxAidCents !== null ? `plafond ${formatCents(s.maxAidCents)}` : null,
    deadlineText(s),
    s.fundingContribution ? 'fonds de concours de l’EPCI' : null,
  ].filter(Boolean);
  return <p class="meta">{parts.join(' · ')}</p>;
}

/** "Saint-Nizier-de-Fornas : 653 habitants (2023), commune rurale (niveau 6), potentiel financier 912,40 €/hab. (2025)". */
export function beneficiaryText(b: SearchBeneficiary): string {
  const parts = [
    b.population === null ? 'population inconnue' : `${formatInteger(b.population)} habitants (population municipale)`,
    b.densityLevel === null ? null : `${b.densityLevel >= 5 ? 'commune rurale' : 'commune urbaine'} (grille de densité : ${b.densityLevel}, ${DENSITY_LEVEL_LABELS[b.densityLevel]}${b.densityYear ? `, ${b.densityYear}` : ''})`,
    b.fiscalPotentialCents === null ? null : `potentiel financier ${formatCents(b.fiscalPotentialCents)}/hab.${b.fiscalPotentialYear ? ` (${b.fiscalPotentialYear})` : ''}`,
    b.kind === 'commune' && b.epciPopulation !== null ? `EPCI de ${formatInteger(b.epciPopulation)} habitants` : null,
  ].filter(Boolean);
  return `${b.name} : ${parts.join(', ')}`;
}

/** The project types as a select's options, grouped by theme. */
export function ProjectTypeOptions(props: { selected?: string | null | undefined; blank?: string }) {
  return (
    <>
      {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
      {THEMES.map((theme) => (
        <optgroup label={THEME_LABELS[theme]}>
          {PROJECT_TYPE_CODES.filter((t) => PROJECT_TYPES[t].theme === theme).map((t) => (
            <option value={t} selected={props.selected === t}>
              {PROJECT_TYPES[t].label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

export function Options<T extends string>(props: { values: readonly T[]; labels: Record<T, string>; selected?: string | null | undefined; blank?: string }) {
  return (
    <>
      {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
      {props.values.map((v) => (
        <option value={v} selected={props.selected === v}>
          {props.labels[v]}
        </option>
      ))}
    </>
  );
}

export function fundingStatusText(f: ProjectFunding): string {
  const base = FUNDING_STATUS_LABELS[f.status as FundingStatus];
  if (f.status === 'obtained') return `${base} : ${f.obtainedCents === null ? '' : formatCents(f.obtainedCents)}${f.decidedOn ? `, ${decidedText(f.decidedOn)}` : ''}`;
  if (f.status === 'refused' && f.decidedOn) return `${base} (${decidedText(f.decidedOn)})`;
  if (f.status === 'applied' && f.requestedCents !== null) return `${base} : ${formatCents(f.requestedCents)} demandés`;
  return base;
}

function decidedText(d: NonNullable<ProjectFunding['decidedOn']>): string {
  return d.precision === 'day' ? `le ${formatLegalDate(d)}` : `en ${formatLegalDate(d)}`;
}

export function recurrenceText(s: FundingScheme): string {
  return RECURRENCE_LABELS[s.recurrence];
}

/** A definition list row, left out when there is nothing to say. */
export function Fact(props: { term: string; children: ComponentChildren; when?: boolean }) {
  if (props.when === false) return null;
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}
