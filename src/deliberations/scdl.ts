// One row of the SCDL deliberations file (schema scdl/deliberations 2.1: ../shared/DOMAIN.md, Open data).
import { matterLabel, OUTCOME_LABELS } from './model.ts';
import type { Deliberation } from './store.ts';

export const SCDL_COLUMNS = [
  'COLL_NOM',
  'COLL_SIRET',
  'DELIB_ID',
  'DELIB_DATE',
  'DELIB_MATIERE_CODE',
  'DELIB_MATIERE_NOM',
  'DELIB_OBJET',
  'BUDGET_ANNEE',
  'BUDGET_NOM',
  'PREF_ID',
  'PREF_DATE',
  'VOTE_EFFECTIF',
  'VOTE_REEL',
  'VOTE_POUR',
  'VOTE_CONTRE',
  'VOTE_ABSTENTION',
  'DELIB_URL',
] as const;

export interface ScdlInput {
  readonly collectivityName: string;
  readonly siret: string;
  readonly deliberation: Pick<Deliberation, 'number' | 'adoptedOn' | 'matterCode' | 'title' | 'acknowledgedOn' | 'outcome'>;
  /** The préfecture the act was received by (its department code on 3 characters), once acknowledged. */
  readonly prefecture: string | null;
  /** Members in office, voices (present + represented), and the tally ("prend acte": 0 for, against, abstention). */
  readonly vote: { inOffice: number; votingPower: number; for: number; against: number; abstain: number };
  readonly url: string | null;
}

/** The row in SCDL_COLUMNS order. A budget decision (7.1) names its year; its budget name is not known here. */
export function scdlRow(input: ScdlInput): string[] {
  const d = input.deliberation;
  const objet = d.outcome === 'noted' ? `${d.title} (${OUTCOME_LABELS.noted.toLowerCase()})` : d.title;
  return [
    input.collectivityName,
    input.siret,
    d.number,
    d.adoptedOn,
    d.matterCode,
    matterLabel(d.matterCode) ?? '',
    objet,
    d.matterCode === '7.1' ? d.adoptedOn.slice(0, 4) : '',
    '',
    input.prefecture ?? '',
    input.prefecture ? (d.acknowledgedOn ?? '') : '',
    String(input.vote.inOffice),
    String(input.vote.votingPower),
    String(input.vote.for),
    String(input.vote.against),
    String(input.vote.abstain),
    input.url ?? '',
  ];
}
