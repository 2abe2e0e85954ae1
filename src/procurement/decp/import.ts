import { Cents } from '../../platform/money.ts';
import { isCalendarDate } from '../../platform/format.ts';
import { UserError } from '../../platform/http/errors.ts';
import { siretValid } from '../../territory/model.ts';
import type { ContractInput, Modification, SubcontractingAct } from '../contract-model.ts';
import { supplierIdentifierProblem } from '../model.ts';
import { decpValidator, type SchemaError } from './schema.ts';
import { jsonLines, lineOf, syntaxErrorLine } from './locate.ts';

/** A problem of a DECP file: the line of the file, the record (1-based) and its id, the field, what is wrong. */
export interface DecpProblem {
  readonly line: number;
  readonly record: number | null;
  readonly recordId: string | null;
  readonly field: string;
  readonly message: string;
}

/** A DECP file refused: every problem, located; nothing was written. */
export class DecpImportError extends UserError {
  constructor(readonly problems: readonly DecpProblem[]) {
    super(`Import refusé, rien n'a été enregistré : ${problems.length} erreur(s). ${problems[0] ? describeDecpProblem(problems[0]) : ''}`.trim(), 422, problems[0]?.field);
  }
}

export function describeDecpProblem(p: DecpProblem): string {
  const where = p.record === null ? '' : `, marché n° ${p.record}${p.recordId ? ` (id ${p.recordId})` : ''}`;
  return `Ligne ${p.line}${where}${p.field ? `, champ « ${p.field} »` : ''} : ${p.message}`;
}

/** A contract read from DECP, with what Mutualis holds beside it. */
export interface DecpRecord {
  readonly record: number;
  readonly line: number;
  readonly contract: Omit<ContractInput, 'groupId' | 'lotId' | 'sharedDirection' | 'buyerId'>;
  readonly modifications: readonly Modification[];
  readonly subcontracting: readonly SubcontractingAct[];
}

/** Published data that is kept as published but deserves a look (e.g. a buyer's SIRET whose key is wrong). */
export type DecpNotice = DecpProblem;

const RECORD = /^\/marches\/marche\/(\d+)(\/.*)?$/;

function fieldOf(pointer: string): string {
  return pointer
    .replace(RECORD, '$2')
    .replace(/^\//, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}

function frenchSchemaMessage(e: SchemaError): { pointer: string; message: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { pointer: `${e.instancePath}/${String(p.missingProperty)}`, message: 'champ obligatoire absent.' };
    case 'additionalProperties':
      return { pointer: `${e.instancePath}/${String(p.additionalProperty)}`, message: "champ inconnu du format DECP 2.0.3 (le schéma n'admet aucun champ supplémentaire)." };
    case 'enum':
      return { pointer: e.instancePath, message: `valeur refusée ; valeurs admises : ${(p.allowedValues as unknown[]).join(', ')}.` };
    case 'type':
      return { pointer: e.instancePath, message: `doit être ${({ string: 'un texte', integer: 'un nombre entier', number: 'un nombre', boolean: 'vrai ou faux (true/false)', object: 'un objet', array: 'une liste' } as Record<string, string>)[String(p.type)] ?? String(p.type)}.` };
    case 'pattern':
      return {
        pointer: e.instancePath,
        message: /codeCPV$/.test(e.instancePath)
          ? "code CPV mal formé : 8 chiffres, éventuellement suivis d'un tiret et de la clé (ex. 45233141-9)."
          : /acheteur\/id$/.test(e.instancePath)
            ? "le SIRET de l'acheteur doit comporter 14 chiffres."
            : /date/i.test(e.instancePath)
              ? 'date attendue au format AAAA-MM-JJ.'
              : `format attendu : ${String(p.pattern)}.`,
      };
    case 'minimum':
      return { pointer: e.instancePath, message: /montant$/.test(e.instancePath) ? `montant négatif ou nul refusé : au moins ${String(p.limit)} € HT.` : `doit valoir au moins ${String(p.limit)}.` };
    case 'maximum':
      return { pointer: e.instancePath, message: `doit valoir au plus ${String(p.limit)}.` };
    case 'minItems':
      return { pointer: e.instancePath, message: 'la liste ne doit pas être vide.' };
    case 'uniqueItems':
      return { pointer: e.instancePath, message: 'la liste contient deux fois la même valeur.' };
    case 'maxLength':
      return { pointer: e.instancePath, message: `au plus ${String(p.limit)} caractères.` };
    case 'minLength':
      return { pointer: e.instancePath, message: 'ne doit pas être vide.' };
    case 'anyOf':
      return { pointer: e.instancePath, message: 'le fichier doit contenir une liste « marche » (ou « contrat-concession »).' };
    default:
      return { pointer: e.instancePath, message: `non conforme au schéma DECP 2.0.3 (${e.keyword}).` };
  }
}

/** DECP euros (a number with at most two decimals) as cents, exactly; null when it has more decimals. */
export function centsOf(euros: number): Cents | null {
  const text = Number.isInteger(euros) ? euros.toFixed(0) : String(euros);
  if (/e/i.test(text)) return null;
  return Cents.parseEuros(text);
}

type Json = Record<string, unknown>;
const strings = (o: unknown, key: string) => ((o as Json | undefined)?.[key] as string[] | undefined) ?? [];

/**
 * Reads a DECP v2 file (marches.marche[]): the official schema first (every error, located by line, record and field),
 * then Mutualis's own rules: a supplier's SIRET key, real calendar dates, amounts in cents, one id per buyer.
 * Contracts of concession (contrat-concession) are not kept by Mutualis and are refused rather than dropped.
 */
export function readDecp(text: string): { records: DecpRecord[]; notices: DecpNotice[] } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new DecpImportError([{ line: syntaxErrorLine(text.replace(/^\uFEFF/, '')), record: null, recordId: null, field: '', message: "le fichier n'est pas un JSON valide." }]);
  }
  const lines = jsonLines(text);
  const marches = ((data as Json | null)?.marches as Json | undefined)?.marche as Json[] | undefined;
  const idOf = (index: number) => (typeof marches?.[index]?.id === 'string' ? (marches[index]!.id as string) : null);
  const problem = (pointer: string, message: string): DecpProblem => {
    const m = RECORD.exec(pointer);
    const record = m ? Number(m[1]) : null;
    return { line: lineOf(lines, pointer), record: record === null ? null : record + 1, recordId: record === null ? null : idOf(record), field: fieldOf(pointer), message };
  };
  const validate = decpValidator();
  const problems: DecpProblem[] = [];
  // Records the schema refuses are not read further; the others still get Mutualis's checks, so one pass lists everything.
  const refused = new Set<number>();
  if (!validate(data)) {
    const seen = new Set<string>();
    for (const e of (validate.errors ?? []).map((error) => frenchSchemaMessage(error))) {
      if (seen.has(`${e.pointer}|${e.message}`)) continue;
      seen.add(`${e.pointer}|${e.message}`);
      const found = problem(e.pointer, e.message);
      if (found.record === null) throw new DecpImportError([found]);
      refused.add(found.record - 1);
      problems.push(found);
    }
  }
  const concessions = ((data as Json).marches as Json)['contrat-concession'] as unknown[] | undefined;
  const notices: DecpNotice[] = [];
  if (concessions && concessions.length > 0) problems.push(problem('/marches/contrat-concession', 'les contrats de concession ne sont pas gérés par Mutualis : retirez-les du fichier.'));
  if (!marches || marches.length === 0) problems.push(problem('/marches', 'le fichier ne contient aucun marché.'));
  const records: DecpRecord[] = [];
  const keys = new Map<string, number>();
  (marches ?? []).forEach((m, index) => {
    if (refused.has(index)) return;
    const at = (path: string) => `/marches/marche/${index}${path}`;
    const date = (path: string, value: string) => {
      if (!isCalendarDate(value)) problems.push(problem(at(path), `« ${value} » n'est pas une date du calendrier.`));
    };
    const cents = (path: string, value: number): Cents => {
      const found = centsOf(value);
      if (found === null) problems.push(problem(at(path), `le montant ${value} a plus de deux décimales.`));
      return found ?? Cents.zero;
    };
    const buyer = (m.acheteur as Json).id as string;
    // The buyer's SIRET is the publisher's own identifier: kept as published (the official example's first buyer has a wrong key).
    if (!siretValid(buyer)) notices.push(problem(at('/acheteur/id'), `le SIRET de l'acheteur ${buyer} a une clé de contrôle incorrecte ; il est repris tel que publié.`));
    const key = `${buyer}|${m.id as string}`;
    const previous = keys.get(key);
    if (previous !== undefined) problems.push(problem(at('/id'), `même identifiant et même acheteur que le marché n° ${previous + 1}.`));
    keys.set(key, index);
    const titulaires = (m.titulaires as Json[]).map((t) => t.titulaire as Json);
    titulaires.forEach((t, i) => {
      const why = supplierIdentifierProblem(t.id as string, t.typeIdentifiant as string);
      if (why) problems.push(problem(at(`/titulaires/${i}/titulaire/id`), why));
    });
    date('/dateNotification', m.dateNotification as string);
    date('/datePublicationDonnees', m.datePublicationDonnees as string);
    const modifications: Modification[] = ((m.modifications as Json[] | undefined) ?? []).map((w, i) => {
      const mod = w.modification as Json;
      date(`/modifications/${i}/modification/dateNotificationModification`, mod.dateNotificationModification as string);
      date(`/modifications/${i}/modification/datePublicationDonneesModification`, mod.datePublicationDonneesModification as string);
      const newSuppliers = (mod.titulaires as Json[] | undefined)?.map((t) => t.titulaire as Json).map((t) => ({ identifier: t.id as string, identifierType: t.typeIdentifiant as string })) ?? null;
      newSuppliers?.forEach((s, j) => {
        const why = supplierIdentifierProblem(s.identifier, s.identifierType);
        if (why) notices.push(problem(at(`/modifications/${i}/modification/titulaires/${j}/titulaire/id`), `${why} Repris tel que publié.`));
      });
      return {
        seq: mod.id as number,
        notifiedOn: mod.dateNotificationModification as string,
        publishedOn: mod.datePublicationDonneesModification as string,
        durationMonths: (mod.dureeMois as number | undefined) ?? null,
        amountCents: mod.montant === undefined ? null : cents(`/modifications/${i}/modification/montant`, mod.montant as number),
        suppliers: newSuppliers,
        object: null,
      };
    });
    const actChanges = ((m.modificationsActesSousTraitance as Json[] | undefined) ?? []).map((w) => w.modificationActeSousTraitance as Json);
    const subcontracting: SubcontractingAct[] = ((m.actesSousTraitance as Json[] | undefined) ?? []).map((w, i) => {
      const act = w.acteSousTraitance as Json;
      const sub = act.sousTraitant as Json;
      const why = supplierIdentifierProblem(sub.id as string, sub.typeIdentifiant as string);
      if (why) notices.push(problem(at(`/actesSousTraitance/${i}/acteSousTraitance/sousTraitant/id`), `${why} Repris tel que publié.`));
      date(`/actesSousTraitance/${i}/acteSousTraitance/dateNotification`, act.dateNotification as string);
      return {
        seq: act.id as number,
        subcontractorIdentifier: sub.id as string,
        subcontractorIdentifierType: sub.typeIdentifiant as string,
        durationMonths: act.dureeMois as number,
        notifiedOn: act.dateNotification as string,
        publishedOn: act.datePublicationDonnees as string,
        amountCents: cents(`/actesSousTraitance/${i}/acteSousTraitance/montant`, act.montant as number),
        priceVariation: act.variationPrix as SubcontractingAct['priceVariation'],
        modifications: actChanges
          .filter((c) => c.id === act.id)
          .map((c) => ({
            seq: act.id as number,
            durationMonths: (c.dureeMois as number | undefined) ?? null,
            amountCents: c.montant === undefined ? null : cents(`/modificationsActesSousTraitance`, c.montant as number),
            notifiedOn: c.dateNotificationModificationSousTraitance as string,
            publishedOn: c.datePublicationDonnees as string,
          })),
      };
    });
    actChanges.forEach((c, i) => {
      if (!subcontracting.some((a) => a.seq === c.id)) problems.push(problem(at(`/modificationsActesSousTraitance/${i}/modificationActeSousTraitance/id`), `aucun acte de sous-traitance n° ${String(c.id)} dans ce marché.`));
    });
    const lieu = m.lieuExecution as Json;
    const ratio = (value: unknown) => (value === undefined ? null : String(value));
    records.push({
      record: index + 1,
      line: lineOf(lines, at('')),
      contract: {
        reference: m.id as string,
        buyerSiret: buyer,
        nature: m.nature as ContractInput['nature'],
        object: m.objet as string,
        cpvCode: m.codeCPV as string,
        procedure: m.procedure as ContractInput['procedure'],
        techniques: strings(m.techniques, 'technique') as ContractInput['techniques'],
        executionMethods: strings(m.modalitesExecution, 'modaliteExecution') as ContractInput['executionMethods'],
        frameworkAgreementId: (m.idAccordCadre as string | undefined) ?? null,
        innovative: m.marcheInnovant as boolean,
        ccag: m.ccag as ContractInput['ccag'],
        offersReceived: m.offresRecues as number,
        advancePaid: m.attributionAvance as boolean,
        advanceRate: ratio(m.tauxAvance),
        operatorGrouping: m.typeGroupementOperateurs as ContractInput['operatorGrouping'],
        subcontractingDeclared: m.sousTraitanceDeclaree as boolean,
        placeCode: lieu.code as string,
        placeCodeType: lieu.typeCode as ContractInput['placeCodeType'],
        durationMonths: m.dureeMois as number,
        notifiedOn: m.dateNotification as string,
        dataPublishedOn: m.datePublicationDonnees as string,
        amountCents: cents('/montant', m.montant as number),
        priceForm: m.formePrix as ContractInput['priceForm'],
        priceTypes: strings(m.typesPrix, 'typePrix') as ContractInput['priceTypes'],
        originEu: ratio(m.origineUE),
        originFrance: ratio(m.origineFrance),
        socialConsiderations: strings(m.considerationsSociales, 'considerationSociale') as ContractInput['socialConsiderations'],
        environmentalConsiderations: strings(m.considerationsEnvironnementales, 'considerationEnvironnementale') as ContractInput['environmentalConsiderations'],
        suppliers: titulaires.map((t) => ({ identifier: t.id as string, identifierType: t.typeIdentifiant as ContractInput['suppliers'][number]['identifierType'], name: null })),
      },
      modifications,
      subcontracting,
    });
  });
  if (problems.length > 0) throw new DecpImportError(problems);
  return { records, notices };
}
