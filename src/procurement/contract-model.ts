import type { Cents } from '../platform/money.ts';
import { isCalendarDate } from '../platform/format.ts';
import * as v from './decp-vocabulary.ts';
import { cpvValid, REFERENCE_PATTERN, supplierIdentifierProblem, type Problem } from './model.ts';

// Pure, like model.ts: the contract's fields and the rules on them.

export interface Supplier {
  readonly identifier: string;
  readonly identifierType: v.IdentifierType;
  /** DECP v2 has no name; Mutualis keeps it for people. */
  readonly name: string | null;
}

export interface Modification {
  readonly seq: number;
  readonly notifiedOn: string;
  readonly publishedOn: string;
  readonly durationMonths: number | null;
  readonly amountCents: Cents | null;
  readonly suppliers: readonly { identifier: string; identifierType: string }[] | null;
  readonly object: string | null;
}

export interface SubcontractingModification {
  readonly seq: number;
  readonly durationMonths: number | null;
  readonly amountCents: Cents | null;
  readonly notifiedOn: string;
  readonly publishedOn: string;
}

export interface SubcontractingAct {
  readonly seq: number;
  readonly subcontractorIdentifier: string;
  readonly subcontractorIdentifierType: string;
  readonly durationMonths: number;
  readonly notifiedOn: string;
  readonly publishedOn: string;
  readonly amountCents: Cents;
  readonly priceVariation: v.PriceVariation;
  readonly modifications: readonly SubcontractingModification[];
}

/** Everything a contract holds: the DECP v2 fields, plus its group, lot or shared direction and the suppliers' names. */
export interface ContractInput {
  readonly reference: string;
  readonly groupId: string | null;
  readonly lotId: string | null;
  readonly sharedDirection: string | null;
  readonly buyerId: string | null;
  readonly buyerSiret: string;
  readonly nature: v.Nature;
  readonly object: string;
  readonly cpvCode: string;
  readonly procedure: v.Procedure;
  readonly techniques: readonly v.Technique[];
  readonly executionMethods: readonly v.ExecutionMethod[];
  readonly frameworkAgreementId: string | null;
  readonly innovative: boolean;
  readonly ccag: v.Ccag;
  readonly offersReceived: number;
  readonly advancePaid: boolean;
  /** Exact decimal between 0 and 1 ("0.05"), as DECP gives it. */
  readonly advanceRate: string | null;
  readonly operatorGrouping: v.OperatorGrouping;
  readonly subcontractingDeclared: boolean;
  readonly placeCode: string;
  readonly placeCodeType: v.PlaceCodeType;
  readonly durationMonths: number;
  readonly notifiedOn: string;
  readonly dataPublishedOn: string | null;
  readonly amountCents: Cents;
  readonly priceForm: v.PriceForm;
  readonly priceTypes: readonly v.PriceType[];
  readonly originEu: string | null;
  readonly originFrance: string | null;
  readonly socialConsiderations: readonly v.SocialConsideration[];
  readonly environmentalConsiderations: readonly v.EnvironmentalConsideration[];
  readonly suppliers: readonly Supplier[];
}

export interface Contract extends ContractInput {
  readonly id: string;
  readonly source: string;
  readonly modifications: readonly Modification[];
  readonly subcontracting: readonly SubcontractingAct[];
}

const FIELD_LABELS: Record<string, string> = {
  reference: 'numéro du marché',
  object: 'objet',
  cpvCode: 'code CPV',
  nature: 'nature',
  procedure: 'procédure',
  techniques: "techniques d'achat",
  executionMethods: "modalités d'exécution",
  ccag: 'CCAG',
  operatorGrouping: "groupement d'opérateurs",
  placeCodeType: "type de code du lieu d'exécution",
  priceForm: 'forme du prix',
  priceTypes: 'types de prix',
  socialConsiderations: 'considérations sociales',
  environmentalConsiderations: 'considérations environnementales',
};

function oneOf(problems: Problem[], field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) problems.push({ field, message: `Le champ « ${FIELD_LABELS[field] ?? field} » ne prend pas la valeur « ${value} » (valeurs : ${allowed.join(', ')}).` });
}

function someOf(problems: Problem[], field: string, values: readonly string[], allowed: readonly string[]): void {
  if (values.length === 0) problems.push({ field, message: `Le champ « ${FIELD_LABELS[field] ?? field} » demande au moins une valeur.` });
  else if (new Set(values).size !== values.length) problems.push({ field, message: `Le champ « ${FIELD_LABELS[field] ?? field} » contient une valeur en double.` });
  for (const value of values) oneOf(problems, field, value, allowed);
}

function ratio(problems: Problem[], field: string, label: string, value: string | null): void {
  if (value !== null && !(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/.test(value))) problems.push({ field, message: `Le champ « ${label} » doit être une part entre 0 et 1 (ex. 0.25 pour 25 %).` });
}

/** Every problem of a contract's own fields, each naming its field (group and buyer rules are checked with the group). */
export function contractProblems(c: ContractInput): Problem[] {
  const p: Problem[] = [];
  if (!REFERENCE_PATTERN.test(c.reference)) p.push({ field: 'reference', message: 'Le champ « numéro du marché » doit contenir 1 à 16 lettres, chiffres ou signes - _ . / (identifiant DECP).' });
  if (c.object.trim().length < 3 || c.object.length > 1000) p.push({ field: 'object', message: 'Le champ « objet » doit contenir entre 3 et 1 000 caractères.' });
  if (!cpvValid(c.cpvCode)) p.push({ field: 'cpvCode', message: `Le champ « code CPV » doit comporter 8 chiffres, éventuellement suivis d'un tiret et de la clé (ex. 45233141-9), reçu « ${c.cpvCode} ».` });
  if (!/^\d{14}$/.test(c.buyerSiret)) p.push({ field: 'buyerSiret', message: "Le SIRET de l'acheteur doit comporter 14 chiffres (renseignez-le dans le registre des collectivités)." });
  oneOf(p, 'nature', c.nature, v.NATURES);
  oneOf(p, 'procedure', c.procedure, v.PROCEDURES);
  someOf(p, 'techniques', c.techniques, v.TECHNIQUES);
  someOf(p, 'executionMethods', c.executionMethods, v.EXECUTION_METHODS);
  oneOf(p, 'ccag', c.ccag, v.CCAGS);
  oneOf(p, 'operatorGrouping', c.operatorGrouping, v.OPERATOR_GROUPINGS);
  oneOf(p, 'placeCodeType', c.placeCodeType, v.PLACE_CODE_TYPES);
  oneOf(p, 'priceForm', c.priceForm, v.PRICE_FORMS);
  someOf(p, 'priceTypes', c.priceTypes, v.PRICE_TYPES);
  someOf(p, 'socialConsiderations', c.socialConsiderations, v.SOCIAL_CONSIDERATIONS);
  someOf(p, 'environmentalConsiderations', c.environmentalConsiderations, v.ENVIRONMENTAL_CONSIDERATIONS);
  if (c.frameworkAgreementId !== null && !REFERENCE_PATTERN.test(c.frameworkAgreementId)) p.push({ field: 'frameworkAgreementId', message: "Le champ « identifiant de l'accord-cadre » doit contenir 1 à 16 caractères." });
  if (!Number.isInteger(c.offersReceived) || c.offersReceived < 1 || c.offersReceived > 10_000) p.push({ field: 'offersReceived', message: 'Le champ « offres reçues » doit être un nombre entier d’au moins 1.' });
  if (!Number.isInteger(c.durationMonths) || c.durationMonths < 1 || c.durationMonths > 1200) p.push({ field: 'durationMonths', message: 'Le champ « durée » doit être un nombre entier de mois, au moins 1.' });
  if (!Number.isSafeInteger(c.amountCents) || c.amountCents < 100) p.push({ field: 'amountCents', message: 'Le champ « montant HT » doit être un montant positif d’au moins 1 € (montant forfaitaire ou maximum estimé).' });
  if (c.placeCode.trim() === '' || c.placeCode.length > 20) p.push({ field: 'placeCode', message: "Le champ « lieu d'exécution » doit contenir un code (code commune INSEE de préférence, ou code postal)." });
  if (!isCalendarDate(c.notifiedOn)) p.push({ field: 'notifiedOn', message: 'Le champ « date de notification » doit être une date valide (AAAA-MM-JJ).' });
  if (c.dataPublishedOn !== null && !isCalendarDate(c.dataPublishedOn)) p.push({ field: 'dataPublishedOn', message: 'Le champ « date de publication des données » doit être une date valide (AAAA-MM-JJ).' });
  ratio(p, 'advanceRate', "taux de l'avance", c.advanceRate);
  ratio(p, 'originEu', "part des produits de l'Union européenne", c.originEu);
  ratio(p, 'originFrance', 'part des produits français', c.originFrance);
  if (c.originEu !== null && c.originFrance !== null && Number(c.originFrance) > Number(c.originEu)) p.push({ field: 'originFrance', message: "La part des produits français ne peut dépasser celle des produits de l'Union européenne." });
  if (c.suppliers.length === 0) p.push({ field: 'suppliers', message: 'Un marché a au moins un titulaire.' });
  c.suppliers.forEach((s, i) => {
    const problem = supplierIdentifierProblem(s.identifier, s.identifierType);
    if (problem) p.push({ field: `suppliers.${i}.identifier`, message: `Titulaire ${i + 1} : ${problem}` });
    if (s.name !== null && s.name.length > 300) p.push({ field: `suppliers.${i}.name`, message: `Titulaire ${i + 1} : le nom doit contenir au plus 300 caractères.` });
  });
  if (new Set(c.suppliers.map((s) => `${s.identifierType}:${s.identifier}`)).size !== c.suppliers.length) p.push({ field: 'suppliers', message: 'Un titulaire figure deux fois.' });
  if ((c.groupId === null) === (c.sharedDirection === null) && c.groupId !== null) p.push({ field: 'sharedDirection', message: 'Un marché vient d’un groupement ou d’une direction mutualisée, pas des deux.' });
  if (c.sharedDirection !== null && (c.sharedDirection.trim().length < 3 || c.sharedDirection.length > 200)) p.push({ field: 'sharedDirection', message: 'Le champ « direction mutualisée » doit contenir entre 3 et 200 caractères.' });
  return p;
}

/** Where a contract comes from, as the statistics count it. */
export type ContractOrigin = 'group' | 'sharedDirection' | 'own';

export function originOf(c: Pick<ContractInput, 'groupId' | 'sharedDirection'>): ContractOrigin {
  return c.groupId !== null ? 'group' : c.sharedDirection !== null ? 'sharedDirection' : 'own';
}
