import type { Cents } from '../../platform/money.ts';
import type { Contract } from '../contract-model.ts';
import { mustPublish } from '../model.ts';

// Pure: a contract as a DECP v2 "marche" record, in the schema's field order.

/** Cents as the euros DECP writes (a JSON number with at most two decimals): 12345689 → 123456.89. */
export function eurosOf(cents: Cents | number): number {
  return Number(`${Math.trunc(cents / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`);
}

const list = <K extends string>(key: K, values: readonly string[]) => ({ [key]: [...values] }) as Record<K, string[]>;

/** One DECP marche: every required field, optional ones only when known. `publishedOn` stands in for a first publication. */
export function toDecpMarche(c: Contract, publishedOn: string): Record<string, unknown> {
  const record: Record<string, unknown> = {
    id: c.reference,
    acheteur: { id: c.buyerSiret },
    nature: c.nature,
    objet: c.object,
    codeCPV: c.cpvCode,
    techniques: list('technique', c.techniques),
    modalitesExecution: list('modaliteExecution', c.executionMethods),
    ...(c.frameworkAgreementId ? { idAccordCadre: c.frameworkAgreementId } : {}),
    marcheInnovant: c.innovative,
    ...(c.originEu !== null ? { origineUE: Number(c.originEu) } : {}),
    ...(c.originFrance !== null ? { origineFrance: Number(c.originFrance) } : {}),
    ccag: c.ccag,
    offresRecues: c.offersReceived,
    attributionAvance: c.advancePaid,
    ...(c.advanceRate !== null ? { tauxAvance: Number(c.advanceRate) } : {}),
    typeGroupementOperateurs: c.operatorGrouping,
    sousTraitanceDeclaree: c.subcontractingDeclared,
    procedure: c.procedure,
    lieuExecution: { code: c.placeCode, typeCode: c.placeCodeType },
    dureeMois: c.durationMonths,
    dateNotification: c.notifiedOn,
    datePublicationDonnees: c.dataPublishedOn ?? publishedOn,
    montant: eurosOf(c.amountCents),
    typesPrix: list('typePrix', c.priceTypes),
    formePrix: c.priceForm,
    titulaires: c.suppliers.map((s) => ({ titulaire: { id: s.identifier, typeIdentifiant: s.identifierType } })),
    considerationsSociales: list('considerationSociale', c.socialConsiderations),
    considerationsEnvironnementales: list('considerationEnvironnementale', c.environmentalConsiderations),
  };
  if (c.subcontracting.length > 0) {
    record.actesSousTraitance = c.subcontracting.map((a) => ({
      acteSousTraitance: {
        id: a.seq,
        sousTraitant: { id: a.subcontractorIdentifier, typeIdentifiant: a.subcontractorIdentifierType },
        dureeMois: a.durationMonths,
        dateNotification: a.notifiedOn,
        montant: eurosOf(a.amountCents),
        variationPrix: a.priceVariation,
        datePublicationDonnees: a.publishedOn,
      },
    }));
    const changes = c.subcontracting.flatMap((a) =>
      a.modifications.map((m) => ({
        modificationActeSousTraitance: {
          id: a.seq,
          ...(m.durationMonths !== null ? { dureeMois: m.durationMonths } : {}),
          dateNotificationModificationSousTraitance: m.notifiedOn,
          ...(m.amountCents !== null ? { montant: eurosOf(m.amountCents) } : {}),
          datePublicationDonnees: m.publishedOn,
        },
      })),
    );
    if (changes.length > 0) record.modificationsActesSousTraitance = changes;
  }
  if (c.modifications.length > 0) {
    record.modifications = [...c.modifications]
      .sort((a, b) => a.seq - b.seq)
      .map((m) => ({
        modification: {
          id: m.seq,
          ...(m.durationMonths !== null ? { dureeMois: m.durationMonths } : {}),
          ...(m.amountCents !== null ? { montant: eurosOf(m.amountCents) } : {}),
          ...(m.suppliers ? { titulaires: m.suppliers.map((s) => ({ titulaire: { id: s.identifier, typeIdentifiant: s.identifierType } })) } : {}),
          dateNotificationModification: m.notifiedOn,
          datePublicationDonneesModification: m.publishedOn,
        },
      }));
  }
  return record;
}

/**
 * Why a contract is left out of the DECP export, or null when it must be published. The publisher is the contract's
 * buyer, the one who signs: the coordinator when it signs for all members (members are then not listed in DECP),
 * each member for its own contract otherwise (buyerProblem enforces it when the contract is recorded).
 */
export function publicationExclusion(c: Pick<Contract, 'notifiedOn' | 'amountCents'>, buyerIsOwn: boolean): string | null {
  if (!buyerIsOwn) return 'acheteur extérieur au territoire : il publie ses propres données';
  if (!mustPublish(c.notifiedOn, c.amountCents)) return 'sous le seuil de publication en vigueur à sa notification';
  return null;
}

export function decpDocument(marches: readonly Record<string, unknown>[]): { marches: { marche: Record<string, unknown>[] } } {
  return { marches: { marche: [...marches] } };
}
