import type { Database } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { isCalendarDate } from '../platform/format.ts';
import { ImportError, readTable, type ImportProblem } from '../platform/imports.ts';
import type { CsvTable } from '../platform/csv.ts';
import { partyProblem, type Agreement, type Approval } from './model.ts';
import { agreementProblems, partyFacts } from './service.ts';
import * as store from './store.ts';

// Imports of agreements and of approvals from CSV or XLSX: every problem located, then all or nothing.

export const AGREEMENT_COLUMNS = ['reference', 'objet', 'service', 'parties', 'signee_le', 'prend_effet_le', 'prend_fin_le', 'note'] as const;
export const APPROVAL_COLUMNS = ['convention', 'avenant', 'partie', 'assemblee', 'approuvee_le', 'deliberation'] as const;
const REQUIRED_AGREEMENT = ['reference', 'objet', 'parties'];
const REQUIRED_APPROVAL = ['convention', 'partie', 'assemblee', 'approuvee_le'];

export type ImportKind = 'agreements' | 'approvals';

/** Which file it is: an approvals file has an « assemblee » column. */
export function importKindOf(table: CsvTable): ImportKind {
  return table.columns.includes('assemblee') ? 'approvals' : 'agreements';
}

function missingColumns(table: CsvTable, required: readonly string[]): ImportProblem[] {
  return required.filter((c) => !table.columns.includes(c)).map((c) => ({ line: 1, column: c, message: `La colonne « ${c} » est obligatoire.` }));
}

export interface ImportResult {
  readonly kind: ImportKind;
  readonly agreements: number;
  readonly approvals: number;
}

/** Imports a file of agreements (one per line) or of approvals, detected by its columns. */
export async function importAgreementsFile(db: Database, ctx: TerritoryContext, bytes: Uint8Array): Promise<ImportResult> {
  const table = await readTable(bytes);
  return importKindOf(table) === 'approvals' ? importApprovals(db, ctx, table) : importAgreements(db, ctx, table);
}

/** A party named by INSEE code (communes) or SIREN (the EPCI, other bodies). */
type Facts = Awaited<ReturnType<typeof partyFacts>>;
function resolveParty(facts: Facts, code: string) {
  const c = code.trim();
  return [...facts.values()].find((f) => (f.inseeCode !== null && f.inseeCode === c) || (f.siren !== null && f.siren === c)) ?? null;
}

async function importAgreements(db: Database, ctx: TerritoryContext, table: CsvTable): Promise<ImportResult> {
  const missing = missingColumns(table, REQUIRED_AGREEMENT);
  if (missing.length > 0) throw new ImportError(missing);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const facts = await partyFacts(tx, ctx);
    const services = new Map((await store.listServices(tx, ctx.territoryId)).map((s) => [s.reference, s]));
    const existing = new Set((await store.listAgreements(tx, ctx.territoryId)).map((a) => a.reference));
    const problems: ImportProblem[] = [];
    const seen = new Map<string, number>();
    const rows: { agreement: Agreement; partyIds: string[] }[] = [];
    for (const record of table.records) {
      const v = (c: string) => (record.values[c] ?? '').trim();
      const at = (column: string, message: string) => problems.push({ line: record.line, column, message });
      const reference = v('reference');
      if (existing.has(reference)) at('reference', `La convention ${reference} existe déjà dans le territoire.`);
      if (seen.has(reference)) at('reference', `La référence ${reference} figure déjà ligne ${seen.get(reference)}.`);
      seen.set(reference, record.line);
      let serviceId: string | null = null;
      if (v('service') !== '') {
        const service = services.get(v('service'));
        if (!service) at('service', `Aucun service de code « ${v('service')} » dans le registre.`);
        else serviceId = service.id;
      }
      const partyIds: string[] = [];
      for (const code of v('parties').split(/[,;]/).filter((c) => c.trim() !== '')) {
        const party = resolveParty(facts, code);
        if (!party) at('parties', `« ${code.trim()} » n'est ni le code INSEE d'une commune ni le SIREN d'une collectivité du registre.`);
        else {
          const problem = partyProblem(party, 'parties');
          if (problem) at('parties', problem.message);
          partyIds.push(party.id);
        }
      }
      const input = { serviceId, reference, object: v('objet'), signedOn: v('signee_le') || null, inForceFrom: v('prend_effet_le') || null, endsOn: v('prend_fin_le') || null, partyIds, note: v('note') || null };
      const columnOf: Record<string, string> = { reference: 'reference', object: 'objet', signedOn: 'signee_le', inForceFrom: 'prend_effet_le', endsOn: 'prend_fin_le', partyIds: 'parties' };
      for (const p of agreementProblems(input)) at(columnOf[p.field] ?? p.field, p.message);
      rows.push({ agreement: { id: newId(), serviceId, reference, object: input.object, signedOn: input.signedOn, inForceFrom: input.inForceFrom, endsOn: input.endsOn, note: input.note }, partyIds: [...new Set(partyIds)] });
    }
    if (table.records.length === 0) problems.push({ line: 1, column: '', message: 'Le fichier ne contient aucune convention.' });
    if (problems.length > 0) throw new ImportError(problems);
    const parties = rows.flatMap((r) => r.partyIds.map((collectivityId) => ({ territoryId: ctx.territoryId, id: newId(), agreementId: r.agreement.id, collectivityId })));
    await store.insertAgreements(tx, rows.map((r) => ({ territoryId: ctx.territoryId, ...r.agreement })));
    await store.insertParties(tx, parties);
    const changes: AuditChange[] = [
      ...rows.map((r) => ({ action: 'import', entity: 'agreements', entityId: r.agreement.id, before: null, after: r.agreement })),
      ...parties.map((p) => ({ action: 'import', entity: 'agreement_parties', entityId: p.id, before: null, after: p })),
    ];
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    return { kind: 'agreements', agreements: rows.length, approvals: 0 };
  });
}

async function importApprovals(db: Database, ctx: TerritoryContext, table: CsvTable): Promise<ImportResult> {
  const missing = missingColumns(table, REQUIRED_APPROVAL);
  if (missing.length > 0) throw new ImportError(missing);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const facts = await partyFacts(tx, ctx);
    const agreements = new Map((await store.listAgreements(tx, ctx.territoryId)).map((a) => [a.reference, a]));
    const parties = await store.listParties(tx, ctx.territoryId);
    const amendments = await store.listAmendments(tx, ctx.territoryId);
    const amendmentParticipants = await store.listAmendmentParticipants(tx, ctx.territoryId);
    const already = new Set((await store.listApprovals(tx, ctx.territoryId)).map((a) => `${a.agreementId ?? a.amendmentId}|${a.collectivityId}`));
    const problems: ImportProblem[] = [];
    const approvals: Approval[] = [];
    for (const record of table.records) {
      const v = (c: string) => (record.values[c] ?? '').trim();
      const at = (column: string, message: string) => problems.push({ line: record.line, column, message });
      const agreement = agreements.get(v('convention'));
      if (!agreement) {
        at('convention', `Aucune convention de référence « ${v('convention')} » dans le territoire.`);
        continue;
      }
      let amendmentId: string | null = null;
      let expected = parties.get(agreement.id) ?? [];
      if (v('avenant') !== '') {
        const amendment = /^\d{1,3}$/.test(v('avenant')) ? amendments.find((m) => m.agreementId === agreement.id && m.number === Number(v('avenant'))) : undefined;
        if (!amendment) {
          at('avenant', `La convention ${agreement.reference} n'a pas d'avenant n° ${v('avenant')}.`);
          continue;
        }
        amendmentId = amendment.id;
        expected = amendmentParticipants.filter((p) => p.amendmentId === amendment.id).map((p) => p.collectivityId);
      }
      const party = resolveParty(facts, v('partie'));
      if (!party) at('partie', `« ${v('partie')} » n'est ni le code INSEE d'une commune ni le SIREN d'une collectivité du registre.`);
      else if (!expected.includes(party.id)) at('partie', `${party.name} n'est pas partie à l'acte : son approbation n'est pas attendue.`);
      else {
        const key = `${amendmentId ?? agreement.id}|${party.id}`;
        if (already.has(key)) at('partie', `${party.name} a déjà approuvé cet acte.`);
        already.add(key);
      }
      if (v('assemblee') === '' || v('assemblee').length > 120) at('assemblee', 'L’assemblée est obligatoire (120 caractères au plus).');
      if (!isCalendarDate(v('approuvee_le'))) at('approuvee_le', `« ${v('approuvee_le')} » n'est pas une date (AAAA-MM-JJ).`);
      if (v('deliberation').length > 80) at('deliberation', 'La référence de la délibération : 80 caractères au plus.');
      if (party) {
        approvals.push({ id: newId(), agreementId: amendmentId ? null : agreement.id, amendmentId, collectivityId: party.id, body: v('assemblee'), approvedOn: v('approuvee_le'), deliberationReference: v('deliberation') || null, deliberationId: null });
      }
    }
    if (table.records.length === 0) problems.push({ line: 1, column: '', message: 'Le fichier ne contient aucune approbation.' });
    if (problems.length > 0) throw new ImportError(problems);
    await store.insertApprovals(tx, approvals.map((a) => ({ territoryId: ctx.territoryId, ...a })));
    await recordAudit(tx, ctx.territoryId, ctx.actor, approvals.map((a) => ({ action: 'import', entity: 'approvals', entityId: a.id, before: null, after: a })));
    return { kind: 'approvals', agreements: 0, approvals: approvals.length };
  });
}
