import { createHash } from 'node:crypto';
import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { isCalendarDate } from '../platform/format.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import * as assemblies from '../assemblies/service.ts';
import type { ItemAttendance } from '../assemblies/live-service.ts';
import {
  actesIdProblem,
  annexType,
  buildActesId,
  checkTexts,
  DEFAULT_NUMBER_PATTERN,
  enforceableOn,
  formatNumber,
  legalityDatesProblem,
  numberPatternProblem,
  parseNumber,
} from './model.ts';
import * as store from './store.ts';
import type { Annex, Counter, Deliberation, HistoryEntry, RegisterQuery } from './store.ts';

export type { Annex, Deliberation, HistoryEntry, RegisterQuery } from './store.ts';

const clean = (value: string | null | undefined) => (value ?? '').trim();

function calendarDate(value: string | null | undefined, field: string, label: string): string {
  if (!value || !isCalendarDate(value)) throw new UserError(`Le champ « ${label} » doit être une date valide (AAAA-MM-JJ).`, 400, field);
  return value;
}

async function orNotFound(tx: Tx, ctx: TerritoryContext, id: string): Promise<Deliberation> {
  const found = await store.findDeliberation(tx, ctx.territoryId, id);
  if (!found) throw new NotFoundError("Cette délibération n'existe pas dans le territoire.");
  return found;
}

/** The collectivity that deliberates: the commune of a municipal council, the EPCI otherwise (its SIREN and department go into the @ctes id). */
export async function deliberatingCollectivity(db: Database, ctx: TerritoryContext, bodyId: string): Promise<Collectivity> {
  const body = (await assemblies.listBodies(db, ctx)).find((b) => b.id === bodyId);
  const all = await territory.listCollectivities(db, ctx);
  const found = body?.communeId ? all.find((c) => c.id === body.communeId) : all.find((c) => c.kind === 'epci');
  if (!found) throw new NotFoundError("La collectivité de cette assemblée n'existe pas dans le territoire.");
  return found;
}

// --- Numbering ---------------------------------------------------------------------------------------------

export interface NumberingInput {
  readonly pattern: string;
  /** The year's first number in Mutualis, when the register was started elsewhere (e.g. 79). */
  readonly firstNumber?: number | undefined;
}

/** Sets the pattern and first number of a year's register, while no deliberation of that year is numbered. */
export async function configureNumbering(db: Database, ctx: TerritoryContext, year: number, input: NumberingInput): Promise<Counter> {
  if (!Number.isSafeInteger(year) || year < 1990 || year > 2200) throw new UserError('Le champ « année » doit être une année entre 1990 et 2200.', 400, 'year');
  const pattern = clean(input.pattern);
  const problem = numberPatternProblem(pattern);
  if (problem) throw new UserError(problem, 400, 'pattern');
  const first = input.firstNumber ?? 1;
  if (!Number.isSafeInteger(first) || first < 1 || first > 999_999) throw new UserError('Le champ « premier numéro » doit être un entier entre 1 et 999 999.', 400, 'firstNumber');
  return db.transaction(scopeOf(ctx), async (tx) => {
    await store.insertCounterIfMissing(tx, ctx.territoryId, { id: newId(), year, pattern: DEFAULT_NUMBER_PATTERN, lastNumber: 0 });
    const before = (await store.lockCounter(tx, ctx.territoryId, year))!;
    if ((await store.listYear(tx, ctx.territoryId, year)).length > 0) throw new UserError(`Des délibérations de ${year} sont déjà numérotées : la numérotation de l’année ne change plus.`, 409, 'pattern');
    const after: Counter = { ...before, pattern, lastNumber: first - 1 };
    await store.updateCounter(tx, ctx.territoryId, year, { pattern, lastNumber: after.lastNumber });
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'numérotation', entity: 'deliberation_counters', entityId: before.id, before, after }]);
    return after;
  });
}

/**
 * The number of a new deliberation of the year, in the caller's transaction, the year's counter row locked
 * (SELECT … FOR UPDATE): two deliberations created at once never share a number, and none is skipped.
 * An explicit number (a past deliberation entered late) must follow the pattern, be unused, and leave no gap.
 */
async function takeNumber(tx: Tx, ctx: TerritoryContext, year: number, explicit: string): Promise<{ seq: number; number: string }> {
  await store.insertCounterIfMissing(tx, ctx.territoryId, { id: newId(), year, pattern: DEFAULT_NUMBER_PATTERN, lastNumber: 0 });
  const counter = (await store.lockCounter(tx, ctx.territoryId, year))!;
  if (!explicit) {
    const seq = counter.lastNumber + 1;
    await store.updateCounter(tx, ctx.territoryId, year, { lastNumber: seq });
    return { seq, number: formatNumber(counter.pattern, year, seq) };
  }
  const parsed = parseNumber(counter.pattern, explicit);
  const next = formatNumber(counter.pattern, year, counter.lastNumber + 1);
  if (!parsed) throw new UserError(`Le champ « numéro » doit suivre le modèle du registre de ${year} (${counter.pattern}, ex. ${next}).`, 400, 'number');
  if (parsed.year !== year) throw new UserError(`Le champ « numéro » porte l’année ${parsed.year}, la séance est de ${year}.`, 400, 'number');
  const number = formatNumber(counter.pattern, year, parsed.seq);
  if (await store.findBySeq(tx, ctx.territoryId, year, parsed.seq)) throw new UserError(`Le numéro ${number} est déjà attribué : un numéro ne sert qu’une fois.`, 409, 'number');
  if (parsed.seq > counter.lastNumber + 1) throw new UserError(`Le numéro ${number} laisserait un trou dans le registre : le prochain numéro est ${next}.`, 409, 'number');
  if (parsed.seq === counter.lastNumber + 1) await store.updateCounter(tx, ctx.territoryId, year, { lastNumber: parsed.seq });
  return { seq: parsed.seq, number };
}

// --- Creating a deliberation --------------------------------------------------------------------------------

export interface NewDeliberation {
  readonly itemId: string;
  /** By default the agenda item's title (and the rapporteur, the item's). */
  readonly title?: string | null | undefined;
  readonly matterCode: string;
  readonly recitals?: string | null | undefined;
  readonly decision: string;
  readonly debates?: string | null | undefined;
  readonly rapporteurId?: string | null | undefined;
  /** Only for a deliberation of a past sitting whose number the paper register already gave. */
  readonly number?: string | null | undefined;
}

/** Records the deliberation of a decided agenda item and numbers it in the year's register. */
export async function createDeliberation(db: Database, ctx: TerritoryContext, input: NewDeliberation): Promise<Deliberation> {
  const attendance = await assemblies.itemAttendance(db, ctx, clean(input.itemId));
  if (!attendance.vote) throw new UserError("Ce point de l'ordre du jour n'est pas encore délibéré : enregistrez d'abord le vote ou le « prend acte ».", 409, 'itemId');
  const texts = checkTexts({ ...input, title: clean(input.title) || attendance.title });
  if ('field' in texts) throw new UserError(texts.message, 400, texts.field);
  // By default, the rapporteur the agenda names for the item.
  const itemRapporteur = (await assemblies.sittingOverview(db, ctx, attendance.sittingId)).state.items.find((i) => i.id === attendance.itemId)?.rapporteurId ?? null;
  const rapporteurId = clean(input.rapporteurId) || itemRapporteur;
  if (rapporteurId && !attendance.inOffice.some((m) => m.id === rapporteurId)) throw new UserError("Le champ « rapporteur » doit désigner un membre en exercice de l'assemblée.", 400, 'rapporteurId');
  const year = Number(attendance.sittingDate.slice(0, 4));
  return db.transaction(scopeOf(ctx), async (tx) => {
    if (await store.findByItem(tx, ctx.territoryId, attendance.itemId)) throw new UserError('Ce point a déjà sa délibération.', 409, 'itemId');
    const { seq, number } = await takeNumber(tx, ctx, year, clean(input.number));
    const deliberation: Deliberation = {
      id: newId(),
      year,
      seq,
      number,
      itemId: attendance.itemId,
      sittingId: attendance.sittingId,
      bodyId: attendance.bodyId,
      adoptedOn: attendance.sittingDate,
      ...texts,
      rapporteurId,
      outcome: attendance.vote!.result,
      actesId: null,
      transmittedOn: null,
      transmissionChannel: null,
      acknowledgedOn: null,
      publishedOn: null,
      enforceableOn: null,
    };
    await store.insertDeliberation(tx, ctx.territoryId, deliberation);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'deliberations', entityId: deliberation.id, before: null, after: deliberation }]);
    return deliberation;
  });
}

// --- Annexes -------------------------------------------------------------------------------------------------

export interface NewAnnex {
  readonly title?: string | null | undefined;
  readonly filename: string;
  readonly bytes: Uint8Array;
}

async function addAnnex(db: Database, ctx: TerritoryContext, deliberationId: string, input: NewAnnex, source: Annex['source']): Promise<Annex> {
  const type = annexType(input.filename ?? '', input.bytes);
  if ('problem' in type) throw new UserError(type.problem, 422, 'fichier');
  const filename = input.filename.trim();
  const title = clean(input.title) || filename.replace(/\.[^.]+$/, '');
  if (title.length > 300) throw new UserError('Le champ « intitulé de l’annexe » doit contenir au plus 300 caractères.', 400, 'title');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const deliberation = await orNotFound(tx, ctx, deliberationId);
    // The act transmitted to the préfecture is fixed with its uploaded annexes; a document Mutualis produces from its
    // own data (the report the act refers to as "ci-joint") may still be joined, and the history says when.
    if (deliberation.transmittedOn && source === 'upload') throw new UserError('La délibération a été transmise en préfecture : ses annexes ne changent plus.', 409, 'fichier');
    const existing = await store.listAnnexes(tx, ctx.territoryId, deliberationId);
    if (existing.length >= 20) throw new UserError('Une délibération porte au plus 20 annexes.', 409, 'fichier');
    const annex: Annex = {
      id: newId(),
      deliberationId,
      position: (existing.at(-1)?.position ?? 0) + 1,
      title,
      filename,
      mediaType: type.mediaType,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      source,
    };
    await store.insertAnnex(tx, ctx.territoryId, annex, input.bytes);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: source === 'document' ? 'annexe (document Mutualis)' : 'annexe', entity: 'deliberation_annexes', entityId: annex.id, before: null, after: annex }]);
    return annex;
  });
}

/** Annexes an uploaded file (PDF, office document, image; 5 MiB at most), until the act is transmitted. */
export function attachFile(db: Database, ctx: TerritoryContext, deliberationId: string, input: NewAnnex): Promise<Annex> {
  return addAnnex(db, ctx, deliberationId, input, 'upload');
}

/**
 * Annexes a document Mutualis produced (e.g. the progress report PDF): for other modules. Unlike an upload, it is
 * accepted after the transmission too (the demo's 2020.00079 is transmitted before the report module exists).
 */
export function attachDocument(db: Database, ctx: TerritoryContext, deliberationId: string, input: NewAnnex): Promise<Annex> {
  return addAnnex(db, ctx, deliberationId, input, 'document');
}

export async function annexContent(db: Database, ctx: TerritoryContext, deliberationId: string, annexId: string): Promise<Annex & { content: Uint8Array }> {
  const found = await db.transaction(scopeOf(ctx), (tx) => store.findAnnexContent(tx, ctx.territoryId, deliberationId, annexId));
  if (!found) throw new NotFoundError("Cette annexe n'existe pas.");
  return found;
}

// --- Préfecture and publication ------------------------------------------------------------------------------

export interface TransmissionInput {
  /** As the certified operator returned it; by default built from the deliberation. */
  readonly actesId?: string | null | undefined;
  readonly transmittedOn: string;
  readonly channel?: string | null | undefined;
  readonly acknowledgedOn?: string | null | undefined;
}

/** Records the transmission to the préfecture (@ctes) and, when known, its acknowledgement. Dates once recorded do not change. */
export async function recordTransmission(db: Database, ctx: TerritoryContext, deliberationId: string, input: TransmissionInput): Promise<Deliberation> {
  const transmittedOn = calendarDate(input.transmittedOn, 'transmittedOn', 'date de transmission');
  const acknowledgedOn = clean(input.acknowledgedOn) ? calendarDate(input.acknowledgedOn, 'acknowledgedOn', 'accusé de réception') : null;
  const channel = clean(input.channel) || null;
  if (channel && channel.length > 200) throw new UserError('Le champ « opérateur de transmission » doit contenir au plus 200 caractères.', 400, 'channel');
  const before = await db.transaction(scopeOf(ctx), (tx) => orNotFound(tx, ctx, deliberationId));
  const collectivity = await deliberatingCollectivity(db, ctx, before.bodyId);
  if (!collectivity.siren || !collectivity.departmentCode) throw new UserError('La collectivité qui délibère doit avoir un SIREN et un département pour la transmission @ctes.', 409, 'actesId');
  const expected = { department: collectivity.departmentCode, siren: collectivity.siren, decisionDate: before.adoptedOn, number: before.number };
  const actesId = clean(input.actesId) || buildActesId({ ...expected, nature: 'DE' });
  const problem = actesIdProblem(actesId, expected);
  if (problem) throw new UserError(problem, 400, 'actesId');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const current = await orNotFound(tx, ctx, deliberationId);
    if (current.transmittedOn && current.transmittedOn !== transmittedOn) throw new UserError(`La transmission est déjà enregistrée au ${current.transmittedOn.split('-').reverse().join('/')}.`, 409, 'transmittedOn');
    if (current.acknowledgedOn && acknowledgedOn && current.acknowledgedOn !== acknowledgedOn) throw new UserError('L’accusé de réception est déjà enregistré.', 409, 'acknowledgedOn');
    const dates = { adoptedOn: current.adoptedOn, transmittedOn, acknowledgedOn: acknowledgedOn ?? current.acknowledgedOn, publishedOn: current.publishedOn };
    const wrong = legalityDatesProblem(dates);
    if (wrong) throw new UserError(wrong.message, 400, wrong.field);
    const change = { actesId, transmittedOn, transmissionChannel: channel ?? current.transmissionChannel, acknowledgedOn: dates.acknowledgedOn, enforceableOn: enforceableOn(dates) };
    await store.updateDeliberation(tx, ctx.territoryId, deliberationId, change);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'transmission en préfecture', entity: 'deliberations', entityId: deliberationId, before: pick(current, change), after: change },
    ]);
    return { ...current, ...change };
  });
}

/** Publishes the act (electronic publication, CGCT L2131-1): never before its adoption. */
export async function publishDeliberation(db: Database, ctx: TerritoryContext, deliberationId: string, publishedOnInput: string): Promise<Deliberation> {
  const publishedOn = calendarDate(publishedOnInput, 'publishedOn', 'date de publication');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const current = await orNotFound(tx, ctx, deliberationId);
    if (current.publishedOn) throw new UserError(`La délibération est déjà publiée (le ${current.publishedOn.split('-').reverse().join('/')}).`, 409, 'publishedOn');
    const dates = { adoptedOn: current.adoptedOn, transmittedOn: current.transmittedOn, acknowledgedOn: current.acknowledgedOn, publishedOn };
    const wrong = legalityDatesProblem(dates);
    if (wrong) throw new UserError(wrong.message, 400, wrong.field);
    const change = { publishedOn, enforceableOn: enforceableOn(dates) };
    await store.updateDeliberation(tx, ctx.territoryId, deliberationId, change);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'publication', entity: 'deliberations', entityId: deliberationId, before: pick(current, change), after: change }]);
    return { ...current, ...change };
  });
}

function pick(from: Deliberation, keys: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, (from as unknown as Record<string, unknown>)[k]]));
}

// --- Reading -------------------------------------------------------------------------------------------------

/** A deliberation by id, or by its year and number ("2020.00079"): what other modules use to point at one. */
export async function findDeliberation(db: Database, ctx: TerritoryContext, ref: { id: string } | { number: string; year?: number | undefined }): Promise<Deliberation | null> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    if ('id' in ref) return /^[0-9a-f-]{36}$/i.test(ref.id) ? store.findDeliberation(tx, ctx.territoryId, ref.id) : null;
    const found = await store.findByNumber(tx, ctx.territoryId, ref.number.trim());
    return found && (ref.year === undefined || found.year === ref.year) ? found : null;
  });
}

export async function deliberationOrNotFound(db: Database, ctx: TerritoryContext, id: string): Promise<Deliberation> {
  const found = await findDeliberation(db, ctx, { id });
  if (!found) throw new NotFoundError("Cette délibération n'existe pas dans le territoire.");
  return found;
}

export interface DeliberationDetail {
  readonly deliberation: Deliberation;
  readonly attendance: ItemAttendance;
  readonly collectivity: Collectivity;
  readonly annexes: readonly Annex[];
  readonly history: readonly HistoryEntry[];
  readonly rapporteur: string | null;
}

export async function deliberationDetail(db: Database, ctx: TerritoryContext, id: string): Promise<DeliberationDetail> {
  const deliberation = await deliberationOrNotFound(db, ctx, id);
  const attendance = await assemblies.itemAttendance(db, ctx, deliberation.itemId);
  const collectivity = await deliberatingCollectivity(db, ctx, deliberation.bodyId);
  const { annexes, history } = await db.transaction(scopeOf(ctx), async (tx) => ({
    annexes: await store.listAnnexes(tx, ctx.territoryId, id),
    history: await store.historyOf(tx, ctx.territoryId, id),
  }));
  const rapporteur = deliberation.rapporteurId ? (attendance.inOffice.find((m) => m.id === deliberation.rapporteurId)?.name ?? null) : null;
  return { deliberation, attendance, collectivity, annexes, history, rapporteur };
}

export interface RegisterEntry extends Deliberation {
  readonly bodyName: string;
}

/** The register searched: number, dates, matter, body, French full text. */
export async function searchRegister(db: Database, ctx: TerritoryContext, query: RegisterQuery): Promise<RegisterEntry[]> {
  const bodies = new Map((await assemblies.listBodies(db, ctx)).map((b) => [b.id, b.name]));
  const found = await db.transaction(scopeOf(ctx), (tx) => store.listDeliberations(tx, ctx.territoryId, { ...query, text: clean(query.text) || undefined, number: clean(query.number) || undefined }));
  return found.map((d) => ({ ...d, bodyName: bodies.get(d.bodyId) ?? '' }));
}

export async function sittingDeliberations(db: Database, ctx: TerritoryContext, sittingId: string): Promise<Deliberation[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listBySitting(tx, ctx.territoryId, sittingId));
}

export async function yearDeliberations(db: Database, ctx: TerritoryContext, year: number): Promise<Deliberation[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listYear(tx, ctx.territoryId, year));
}

export async function numbering(db: Database, ctx: TerritoryContext, year: number): Promise<{ pattern: string; next: string }> {
  const counter = await db.transaction(scopeOf(ctx), (tx) => store.findCounter(tx, ctx.territoryId, year));
  const pattern = counter?.pattern ?? DEFAULT_NUMBER_PATTERN;
  return { pattern, next: formatNumber(pattern, year, (counter?.lastNumber ?? 0) + 1) };
}

export interface PendingItem {
  readonly itemId: string;
  readonly label: string;
  readonly sittingDate: string;
}

/** Agenda items already decided that have no deliberation yet, newest sitting first: what the creation form offers. */
export async function pendingItems(db: Database, ctx: TerritoryContext): Promise<PendingItem[]> {
  const sittings = (await assemblies.listSittings(db, ctx)).filter((s) => s.itemCount > 0 && s.status !== 'planned');
  const taken = new Set((await db.transaction(scopeOf(ctx), (tx) => store.listDeliberations(tx, ctx.territoryId, { limit: 100_000 }))).map((d) => d.itemId));
  const result: PendingItem[] = [];
  for (const s of [...sittings].sort((a, b) => (a.date < b.date ? 1 : -1))) {
    const overview = await assemblies.sittingOverview(db, ctx, s.id);
    for (const item of overview.items) {
      if (item.vote && !taken.has(item.itemId)) result.push({ itemId: item.itemId, sittingDate: s.date, label: `${s.bodyName} du ${s.date.split('-').reverse().join('/')} — point ${item.position} : ${item.title}` });
    }
  }
  return result;
}

/** Published deliberations of a territory, for its public publication page (no account: the territory's scope, read only). */
export async function publishedDeliberations(db: Database, territoryId: string): Promise<RegisterEntry[]> {
  return searchRegister(db, { territoryId, actor: { personId: null, label: 'publication' } }, { publishedOnly: true, limit: 200 });
}
