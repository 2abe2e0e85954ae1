import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { isCalendarDate } from '../platform/format.ts';
import { Cents } from '../platform/money.ts';
import { ImportError, readTable, type ImportProblem } from '../platform/imports.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import { contractProblems, type Contract, type ContractInput, type Modification } from './contract-model.ts';
import { buyerProblem, CONSUMPTION_KINDS, coordinatorSigns, periodValid, type ConsumptionKind, type PurchasingGroup, type GroupMember } from './model.ts';
import { EVERYONE, loadGroup, sees, type Viewer } from './service.ts';
import * as store from './store.ts';

export { ImportError };

/** What a person enters for a contract: the buyer is a collectivity of the register, whose SIRET is used. */
export type ContractDraft = Omit<ContractInput, 'buyerSiret'>;

/** Stored rows of a contract (shared by entry, bulk loading and DECP import). */
export function contractRows(territoryId: string, c: ContractInput, source: string, modifications: readonly Modification[] = [], subcontracting: Contract['subcontracting'] = []) {
  const id = newId();
  const { suppliers, ...fields } = c;
  return {
    id,
    contract: { territoryId, id, ...fields, techniques: [...c.techniques], executionMethods: [...c.executionMethods], priceTypes: [...c.priceTypes], socialConsiderations: [...c.socialConsiderations], environmentalConsiderations: [...c.environmentalConsiderations], source },
    suppliers: suppliers.map((s, position) => ({ territoryId, id: newId(), contractId: id, position, identifier: s.identifier, identifierType: s.identifierType, name: s.name })),
    modifications: modifications.map((m) => ({ territoryId, id: newId(), contractId: id, ...m, suppliers: m.suppliers ? [...m.suppliers] : null })),
    subcontracting: subcontracting.map((a) => ({ territoryId, id: newId(), contractId: id, ...a, modifications: [...a.modifications] })),
  };
}

export type ContractRows = ReturnType<typeof contractRows>;

export async function saveContracts(tx: Tx, ctx: TerritoryContext, all: readonly ContractRows[]): Promise<void> {
  await store.insertContracts(tx, all.map((r) => r.contract));
  await store.insertSuppliers(tx, all.flatMap((r) => r.suppliers));
  await store.insertModifications(tx, all.flatMap((r) => r.modifications));
  await store.insertSubcontracting(tx, all.flatMap((r) => r.subcontracting));
  const changes: AuditChange[] = all.flatMap((r) => [
    { action: 'création', entity: 'contracts', entityId: r.id, before: null, after: { ...r.contract, suppliers: r.suppliers.map(({ identifier, identifierType, name }) => ({ identifier, identifierType, name })) } },
    ...r.modifications.map((m) => ({ action: 'création', entity: 'contract_modifications', entityId: m.id, before: null, after: m })),
    ...r.subcontracting.map((a) => ({ action: 'création', entity: 'subcontracting_acts', entityId: a.id, before: null, after: a })),
  ]);
  await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
}

/** Checks a contract against its group: launched before notification, lot of the group, buyer as the agreement says. */
export function groupContractProblem(c: Pick<ContractInput, 'lotId' | 'buyerId' | 'notifiedOn'>, group: PurchasingGroup, members: readonly GroupMember[], lotIds: readonly string[]): { field: string; message: string } | null {
  if (!group.launchedOn) return { field: 'groupId', message: 'La procédure du groupement doit être lancée avant d’en enregistrer les marchés.' };
  if (c.notifiedOn < group.launchedOn) return { field: 'notifiedOn', message: 'La notification ne peut précéder le lancement de la procédure du groupement.' };
  if (c.lotId !== null && !lotIds.includes(c.lotId)) return { field: 'lotId', message: "Ce lot n'appartient pas au groupement." };
  return buyerProblem(group, members.map((m) => m.collectivityId), c.buyerId);
}

/** Records a contract: its DECP fields, then the rules of its group or shared direction; one transaction, audited. */
export async function recordContract(db: Database, ctx: TerritoryContext, draft: ContractDraft): Promise<Contract> {
  const register = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c]));
  const buyer = draft.buyerId ? register.get(draft.buyerId) : undefined;
  if (!buyer) throw new UserError("Le champ « acheteur » doit désigner une collectivité du registre du territoire.", 400, 'buyerId');
  if (!buyer.siret) throw new UserError(`${buyer.name} n'a pas de SIRET dans le registre des collectivités : renseignez-le d'abord (il identifie l'acheteur dans les données essentielles).`, 400, 'buyerId');
  const input: ContractInput = { ...draft, buyerSiret: buyer.siret };
  const first = contractProblems(input)[0];
  if (first) throw new UserError(first.message, 400, first.field);
  return db.transaction(scopeOf(ctx), async (tx) => {
    if (input.groupId) {
      const { group, members, lots } = await loadGroup(tx, ctx, input.groupId, EVERYONE);
      const problem = groupContractProblem(input, group, members, lots.map((l) => l.id));
      if (problem) throw new UserError(problem.message, 400, problem.field);
    }
    if ((await store.contractKeys(tx, ctx.territoryId)).has(`${input.buyerSiret}|${input.reference}`)) {
      throw new UserError(`${buyer.name} a déjà un marché numéroté ${input.reference} : l'identifiant DECP est unique par acheteur.`, 409, 'reference');
    }
    const rows = contractRows(ctx.territoryId, input, 'saisie');
    await saveContracts(tx, ctx, [rows]);
    return (await store.listContracts(tx, ctx.territoryId, { ids: [rows.id] }))[0]!;
  });
}

/** Loads a contract the viewer may see: a commune user, only the contracts of its groups or bought by its commune. */
export async function loadContract(tx: Tx, ctx: TerritoryContext, contractId: string, viewer: Viewer): Promise<{ contract: Contract; group: PurchasingGroup | null; members: readonly GroupMember[] }> {
  const [contract] = await store.listContracts(tx, ctx.territoryId, { ids: [contractId] });
  if (!contract) throw new NotFoundError("Ce marché n'existe pas dans le territoire.");
  const group = contract.groupId ? await store.findGroup(tx, ctx.territoryId, contract.groupId) : null;
  const members = group ? ((await store.listMembers(tx, ctx.territoryId, [group.id])).get(group.id) ?? []) : [];
  const visible = group ? sees(viewer, members) : viewer.communeIds === null || (contract.buyerId !== null && viewer.communeIds.includes(contract.buyerId));
  if (!visible) throw new NotFoundError("Ce marché n'existe pas dans le territoire.");
  return { contract, group, members };
}

export interface NewModification {
  readonly notifiedOn: string;
  readonly publishedOn?: string | null;
  readonly amountCents: Cents | null;
  readonly durationMonths: number | null;
  readonly object?: string | null;
}

/** Records a modification (avenant): the new amount and/or duration, numbered in order of notification. */
export async function recordModification(db: Database, ctx: TerritoryContext, contractId: string, input: NewModification, today: string): Promise<void> {
  if (!isCalendarDate(input.notifiedOn)) throw new UserError('Le champ « date de notification » doit être une date valide (AAAA-MM-JJ).', 400, 'notifiedOn');
  if (input.amountCents === null && input.durationMonths === null) throw new UserError('Une modification change le montant, la durée, ou les deux : renseignez au moins l’un.', 400, 'amountCents');
  if (input.amountCents !== null && (!Number.isSafeInteger(input.amountCents) || input.amountCents < 100)) throw new UserError('Le champ « nouveau montant HT » doit être un montant positif.', 400, 'amountCents');
  if (input.durationMonths !== null && (!Number.isInteger(input.durationMonths) || input.durationMonths < 1 || input.durationMonths > 1200)) throw new UserError('Le champ « nouvelle durée » doit être un nombre de mois, au moins 1.', 400, 'durationMonths');
  const object = input.object?.trim() || null;
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { contract } = await loadContract(tx, ctx, contractId, EVERYONE);
    if (input.notifiedOn < contract.notifiedOn) throw new UserError('La modification ne peut précéder la notification du marché.', 400, 'notifiedOn');
    const row = {
      territoryId: ctx.territoryId,
      id: newId(),
      contractId,
      seq: await store.nextModificationSeq(tx, ctx.territoryId, contractId),
      notifiedOn: input.notifiedOn,
      publishedOn: input.publishedOn ?? today,
      amountCents: input.amountCents,
      durationMonths: input.durationMonths,
      suppliers: null,
      object,
    };
    await store.insertModifications(tx, [row]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'contract_modifications', entityId: row.id, before: null, after: row }]);
  });
}

export interface ConsumptionEntry {
  readonly collectivityId: string;
  readonly period: string;
  readonly kind: string;
  readonly amountCents: Cents;
  readonly reference?: string | null;
}

/** Who may consume a contract: its group's members (only the buyer when each member signs its own), else its buyer and the register. */
function consumers(contract: Contract, group: PurchasingGroup | null, members: readonly GroupMember[]): ((id: string) => boolean) {
  if (group && !coordinatorSigns(group.coordinatorMission)) return (id) => id === contract.buyerId;
  if (group) return (id) => members.some((m) => m.collectivityId === id);
  return () => true;
}

function entryProblem(e: ConsumptionEntry): { field: string; message: string } | null {
  if (!periodValid(e.period)) return { field: 'period', message: `La période « ${e.period} » doit être une année (2019) ou un mois (2019-03).` };
  if (!(CONSUMPTION_KINDS as readonly string[]).includes(e.kind)) return { field: 'kind', message: 'La nature doit être « commandé » ou « facturé ».' };
  if (!Number.isSafeInteger(e.amountCents) || e.amountCents <= 0) return { field: 'amountCents', message: 'Le montant HT doit être positif (un avoir se déduit du montant de la période).' };
  if (e.reference && e.reference.length > 100) return { field: 'reference', message: 'La référence : 100 caractères au plus.' };
  return null;
}

async function saveConsumptions(tx: Tx, ctx: TerritoryContext, contractId: string, entries: readonly ConsumptionEntry[]): Promise<{ created: number; updated: number }> {
  const existing = await store.listConsumptions(tx, ctx.territoryId, [contractId]);
  const changes: AuditChange[] = [];
  const inserts: store.ConsumptionInsert[] = [];
  let updated = 0;
  for (const e of entries) {
    const before = existing.find((c) => c.collectivityId === e.collectivityId && c.period === e.period && c.kind === e.kind);
    if (before) {
      await store.updateConsumption(tx, ctx.territoryId, before.id, e.amountCents, e.reference ?? null);
      changes.push({ action: 'modification', entity: 'consumptions', entityId: before.id, before, after: { ...before, amountCents: e.amountCents, reference: e.reference ?? null } });
      updated++;
    } else {
      const row = { territoryId: ctx.territoryId, id: newId(), contractId, collectivityId: e.collectivityId, period: e.period, kind: e.kind as ConsumptionKind, amountCents: e.amountCents, reference: e.reference ?? null };
      inserts.push(row);
      changes.push({ action: 'création', entity: 'consumptions', entityId: row.id, before: null, after: row });
    }
  }
  await store.insertConsumptions(tx, inserts);
  await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
  return { created: inserts.length, updated };
}

/** Records what a member ordered or was invoiced for a period; the same member, period and kind replaces the figure. */
export async function recordConsumption(db: Database, ctx: TerritoryContext, contractId: string, entry: ConsumptionEntry): Promise<void> {
  const problem = entryProblem(entry);
  if (problem) throw new UserError(problem.message, 400, problem.field);
  await db.transaction(scopeOf(ctx), async (tx) => {
    const { contract, group, members } = await loadContract(tx, ctx, contractId, EVERYONE);
    if (!consumers(contract, group, members)(entry.collectivityId)) throw new UserError("Cette collectivité ne peut pas consommer ce marché : elle n'en est ni membre ni l'acheteur.", 400, 'collectivityId');
    await saveConsumptions(tx, ctx, contractId, [entry]);
  });
}

export const CONSUMPTION_COLUMNS = ['membre', 'periode', 'nature', 'montant_ht', 'reference'] as const;

function memberKey(c: Collectivity): string[] {
  return [c.inseeCode, c.siren, c.siret].filter((v): v is string => v !== null);
}

/**
 * Imports a contract's consumption from CSV or XLSX (membre: code INSEE, SIREN or SIRET; periode; nature commandé/facturé;
 * montant_ht in euros; reference): every problem located by line and column, nothing written if there is one.
 */
export async function importConsumption(db: Database, ctx: TerritoryContext, contractId: string, bytes: Uint8Array): Promise<{ created: number; updated: number }> {
  const table = await readTable(bytes);
  const register = await territory.listCollectivities(db, ctx);
  const byKey = new Map(register.flatMap((c) => memberKey(c).map((k) => [k, c] as const)));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const { contract, group, members } = await loadContract(tx, ctx, contractId, EVERYONE);
    const allowed = consumers(contract, group, members);
    const problems: ImportProblem[] = [];
    for (const column of CONSUMPTION_COLUMNS.slice(0, 4)) if (!table.columns.includes(column)) problems.push({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` });
    if (problems.length === 0 && table.records.length === 0) problems.push({ line: 2, column: 'membre', message: 'Le fichier ne contient aucune ligne de données.' });
    const entries: ConsumptionEntry[] = [];
    const seen = new Map<string, number>();
    if (problems.length === 0) {
      for (const { line, values } of table.records) {
        const at = (column: string, message: string) => problems.push({ line, column, message });
        const key = (values.membre ?? '').replace(/\s/g, '');
        const member = byKey.get(key.length === 4 ? key.padStart(5, '0') : key);
        if (!member) at('membre', `« ${values.membre ?? ''} » n'est ni le code INSEE, ni le SIREN, ni le SIRET d'une collectivité du territoire.`);
        else if (!allowed(member.id)) at('membre', `${member.name} ne peut pas consommer ce marché : elle n'en est ni membre ni l'acheteur.`);
        const kindText = (values.nature ?? '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
        const kind = kindText === 'commande' ? 'ordered' : kindText === 'facture' ? 'invoiced' : null;
        if (!kind) at('nature', `« ${values.nature ?? ''} » : attendu « commandé » ou « facturé ».`);
        const amount = Cents.parseEuros(values.montant_ht ?? '');
        if (amount === null) at('montant_ht', `« ${values.montant_ht ?? ''} » n'est pas un montant en euros.`);
        else if (amount <= 0) at('montant_ht', `Montant négatif ou nul refusé : ${values.montant_ht ?? ''}.`);
        const period = values.periode ?? '';
        if (!periodValid(period)) at('periode', `« ${period} » : attendu une année (2019) ou un mois (2019-03).`);
        const reference = values.reference?.trim() || null;
        if (reference && reference.length > 100) at('reference', '100 caractères au plus.');
        if (!member || !kind || amount === null || amount <= 0 || !periodValid(period)) continue;
        const dup = `${member.id}|${period}|${kind}`;
        const previous = seen.get(dup);
        if (previous !== undefined) at('membre', `Doublon de la ligne ${previous} (même membre, période et nature).`);
        seen.set(dup, line);
        entries.push({ collectivityId: member.id, period, kind, amountCents: amount, reference });
      }
    }
    if (problems.length > 0) throw new ImportError(problems);
    return saveConsumptions(tx, ctx, contractId, entries);
  });
}
