/** Subscriptions, accounts and trainees in bulk from CSV/XLSX, all or nothing, every problem located. */
import type { Database } from '../platform/db/database.ts';
import { recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { isCalendarDate } from '../platform/format.ts';
import { ImportError, readTable, type ImportProblem } from '../platform/imports.ts';
import type { CsvTable } from '../platform/csv.ts';
import { checkEligibility, isOpen, periodProblem, subscriptionState, type Account, type Subscription } from './model.ts';
import { candidates } from './service.ts';
import { journalled, traineeProblem, traineeRows, type TraineeInput } from './activity-service.ts';
import * as store from './store.ts';

export const IMPORT_KINDS = ['adhesions', 'comptes', 'stagiaires'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The columns of each import (headers are read folded: accents, case and spaces aside). */
export const IMPORT_COLUMNS: Record<ImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  adhesions: { required: ['offre', 'code_insee', 'debut'], optional: ['fin'] },
  comptes: { required: ['offre', 'code_insee', 'nombre', 'ouverture'], optional: ['titulaire'] },
  stagiaires: { required: ['session', 'nom'], optional: ['code_insee', 'organisme', 'fonction'] },
};

export interface ImportResult {
  readonly kind: ImportKind;
  readonly created: number;
}

function header(table: CsvTable, kind: ImportKind): ImportProblem[] {
  const problems: ImportProblem[] = IMPORT_COLUMNS[kind].required.filter((c) => !table.columns.includes(c)).map((column) => ({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` }));
  if (problems.length === 0 && table.records.length === 0) problems.push({ line: 1, column: '', message: 'Le fichier ne contient aucune ligne après l’en-tête.' });
  return problems;
}

/** Imports a file of one kind; throws ImportError with every problem before writing anything. */
export async function importCatalogueFile(db: Database, ctx: TerritoryContext, kind: ImportKind, bytes: Uint8Array, today: string): Promise<ImportResult> {
  const table = await readTable(bytes);
  const problems = header(table, kind);
  if (problems.length) throw new ImportError(problems);
  const who = await candidates(db, ctx, today);
  const byInsee = new Map([...who.values()].filter((c) => c.inseeCode && c.kind === 'commune').map((c) => [c.inseeCode!, c]));
  const names = new Map([...who.values()].map((c) => [c.id, c.name]));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const t = ctx.territoryId;
    const offers = new Map((await store.listOffers(tx, t)).map((o) => [o.code, o]));
    const subscriptions = await store.listSubscriptions(tx, t);
    const cell = (values: Record<string, string>, column: string) => (values[column] ?? '').trim();
    const commune = (line: number, values: Record<string, string>) => {
      const code = cell(values, 'code_insee');
      const found = byInsee.get(code);
      if (!found) problems.push({ line, column: 'code_insee', message: code ? `Le code INSEE ${code} n'est pas celui d'une commune du territoire.` : 'Le code INSEE est obligatoire.' });
      return found ?? null;
    };
    const offerOf = (line: number, values: Record<string, string>) => {
      const code = cell(values, 'offre');
      const found = offers.get(code);
      if (!found) problems.push({ line, column: 'offre', message: code ? `L'offre « ${code} » n'existe pas dans le catalogue (codes : ${[...offers.keys()].join(', ')}).` : 'Le code de l’offre est obligatoire.' });
      return found ?? null;
    };
    const date = (line: number, values: Record<string, string>, column: string, required: boolean) => {
      const text = cell(values, column);
      if (text === '' && !required) return null;
      if (!isCalendarDate(text)) problems.push({ line, column, message: text ? `« ${text} » n'est pas une date (AAAA-MM-JJ).` : 'La date est obligatoire.' });
      return isCalendarDate(text) ? text : null;
    };

    if (kind === 'adhesions') {
      const rows: Subscription[] = [];
      for (const { line, values } of table.records) {
        const offer = offerOf(line, values);
        const c = commune(line, values);
        const startsOn = date(line, values, 'debut', true);
        const endsOn = date(line, values, 'fin', false);
        if (startsOn && (cell(values, 'fin') === '' || endsOn)) {
          const problem = periodProblem(startsOn, endsOn);
          if (problem) problems.push({ line, column: problem.field === 'endsOn' ? 'fin' : 'debut', message: problem.message });
        }
        if (!offer || !c) continue;
        const verdict = checkEligibility(offer, c);
        if (!verdict.eligible) problems.push({ line, column: 'code_insee', message: verdict.reason });
        else if ([...subscriptions, ...rows].some((s) => s.offerId === offer.id && s.collectivityId === c.id && isOpen(s, startsOn ?? today)))
          problems.push({ line, column: 'code_insee', message: `${c.name} a déjà une adhésion demandée ou en cours à « ${offer.title} ».` });
        if (startsOn) rows.push({ id: newId(), offerId: offer.id, collectivityId: c.id, status: 'approved', requestedOn: startsOn, requestNote: null, decidedOn: today, refusalReason: null, startsOn, endsOn });
      }
      if (problems.length) throw new ImportError(problems);
      await store.insertSubscriptions(tx, rows.map((r) => ({ territoryId: t, ...r })));
      await recordAudit(tx, t, ctx.actor, rows.map((r) => ({ action: 'import', entity: 'catalogue_subscriptions', entityId: r.id, before: null, after: r })));
      return { kind, created: rows.length };
    }

    if (kind === 'comptes') {
      const rows: Account[] = [];
      for (const { line, values } of table.records) {
        const offer = offerOf(line, values);
        const c = commune(line, values);
        const openedOn = date(line, values, 'ouverture', true);
        const countText = cell(values, 'nombre');
        const count = /^\d{1,5}$/.test(countText) && Number(countText) >= 1 ? Number(countText) : null;
        if (count === null) problems.push({ line, column: 'nombre', message: `« ${countText} » n'est pas un nombre de comptes (entier positif).` });
        const holderName = cell(values, 'titulaire') || null;
        if (holderName && count !== null && count !== 1) problems.push({ line, column: 'nombre', message: 'Un compte nominatif (colonne « titulaire ») est un seul compte : nombre = 1.' });
        if (!offer || !c || !openedOn) continue;
        const sub = subscriptions.filter((s) => s.offerId === offer.id && s.collectivityId === c.id && s.status === 'approved' && s.startsOn! <= openedOn && subscriptionState(s, openedOn) === 'active').at(-1);
        if (!sub) problems.push({ line, column: 'ouverture', message: `${c.name} n'a pas d'adhésion active à « ${offer.title} » le ${openedOn.split('-').reverse().join('/')}.` });
        else if (count !== null) rows.push({ id: newId(), subscriptionId: sub.id, count, holderName, openedOn, closedOn: null });
      }
      if (problems.length) throw new ImportError(problems);
      await store.insertAccounts(tx, rows.map((r) => ({ territoryId: t, ...r })));
      await recordAudit(tx, t, ctx.actor, rows.map((r) => ({ action: 'import', entity: 'catalogue_accounts', entityId: r.id, before: null, after: r })));
      return { kind, created: rows.length };
    }

    const sessions = new Map((await store.listSessions(tx, t)).map((s) => [s.reference, s]));
    const bySession = new Map<string, { line: number; input: TraineeInput }[]>();
    for (const { line, values } of table.records) {
      const reference = cell(values, 'session');
      const session = sessions.get(reference);
      if (!session) problems.push({ line, column: 'session', message: reference ? `La session « ${reference} » n'existe pas (créez-la d'abord).` : 'La référence de la session est obligatoire.' });
      const insee = cell(values, 'code_insee');
      const c = insee ? commune(line, values) : null;
      const input: TraineeInput = { name: cell(values, 'nom'), role: cell(values, 'fonction') || null, collectivityId: c?.id ?? null, outsideBody: insee ? null : cell(values, 'organisme') || null };
      const problem = insee && !c ? null : traineeProblem(input);
      if (problem) problems.push({ line, column: problem.field === 'name' ? 'nom' : 'organisme', message: problem.field === 'collectivityId' ? 'Indiquez le code INSEE de la commune de la personne, ou son organisme extérieur au territoire (colonne « organisme »).' : problem.message });
      if (session && !problem && !(insee && !c)) bySession.set(session.id, [...(bySession.get(session.id) ?? []), { line, input }]);
    }
    const existing = await store.listTrainees(tx, t);
    const created = [];
    for (const [sessionId, lines] of bySession) {
      const rows = traineeRows([...existing, ...created], names, sessionId, lines.map((l) => l.input));
      const seen = new Set(existing.filter((e) => e.sessionId === sessionId).map((e) => e.personRef));
      rows.forEach((r, i) => {
        if (seen.has(r.personRef)) problems.push({ line: lines[i]!.line, column: 'nom', message: `${r.name} figure déjà parmi les personnes formées de cette session.` });
        seen.add(r.personRef);
      });
      created.push(...rows);
    }
    if (problems.length) throw new ImportError(problems.sort((a, b) => a.line - b.line));
    await store.insertTrainees(tx, created.map((r) => ({ territoryId: t, ...r })));
    await recordAudit(tx, t, ctx.actor, created.map((r) => ({ action: 'import', entity: 'catalogue_trainees', entityId: r.id, before: null, after: journalled(r) })));
    return { kind, created: created.length };
  });
}
