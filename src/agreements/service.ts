import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId, isUuid } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { isCalendarDate, parseLegalDate } from '../platform/format.ts';
import { Cents } from '../platform/money.ts';
import * as territory from '../territory/service.ts';
import type { ChargingScheme } from './charging-scheme.ts';
import {
  amendmentProblems,
  compensationProblems,
  partyProblem,
  rangeProblem,
  serviceProblems,
  staffProblems,
  type Agreement,
  type Amendment,
  type AmendmentDraft,
  type Approval,
  type PartyFacts,
  type Problem,
  type ServiceKind,
  type ServiceStatus,
  type SharedService,
  type StaffMember,
  type StaffStatus,
} from './model.ts';
import * as store from './store.ts';

// Use cases that change the register: each one validates, writes and records its audit entry in one transaction.
// Reads live in view-service.ts; the CSV/XLSX import in import-service.ts.

export { servicesOfTerritory, schemeInForce, sharedServicesForReport } from './view-service.ts';

function refuse(problems: readonly Problem[], status: 400 | 409 = 400): void {
  const first = problems[0];
  if (first) throw new UserError(first.message, status, first.field);
}

const clean = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

/** What validation knows of the register's collectivities: in the territory (the EPCI, its communes) or outside. */
export async function partyFacts(tx: Tx, ctx: TerritoryContext): Promise<Map<string, PartyFacts & { inseeCode: string | null; siren: string | null }>> {
  const rows = await store.listCollectivities(tx, ctx.territoryId);
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, kind: r.kind, siret: r.siret, siren: r.siren, inseeCode: r.inseeCode, inTerritory: r.kind === 'epci' || r.kind === 'commune' }]));
}

function checkParties(facts: Map<string, PartyFacts>, ids: readonly string[], field: string): void {
  ids.forEach((id, i) => {
    const party = facts.get(id);
    if (!party) throw new UserError(`La collectivité ${i + 1} n'est pas dans le registre du territoire.`, 400, field);
    const problem = partyProblem(party, field);
    if (problem) throw new UserError(problem.message, 400, problem.field);
  });
}

export interface NewService {
  readonly kind: string;
  readonly reference: string;
  readonly name: string;
  readonly theme: string;
  /** The EPCI when omitted (CGCT L5211-4-2). */
  readonly managingCollectivityId?: string | null;
  /** "2015", "2017-02" or "2018-07-01": kept with its precision. */
  readonly createdOn?: string | null;
  readonly activities: string;
  readonly status: string;
  readonly note?: string | null;
  readonly participants: readonly { collectivityId: string; validFrom: string; validTo?: string | null }[];
}

/** Creates a shared service, provision or contract with its participants over time. */
export async function createService(db: Database, ctx: TerritoryContext, input: NewService): Promise<SharedService> {
  refuse(serviceProblems({ ...input, reference: input.reference.trim() }));
  const parsed = input.createdOn ? parseLegalDate(input.createdOn) : null;
  const created = parsed && Number(parsed.value.slice(0, 4)) >= 1900 && Number(parsed.value.slice(0, 4)) <= 2100 ? parsed : null;
  if (input.createdOn && !created) throw new UserError('Le champ « créé en » doit être une année (2015), un mois (2017-02) ou une date (2018-07-01).', 400, 'createdOn');
  input.participants.forEach((p) => refuse([rangeProblem(p.validFrom, p.validTo ?? null, ['validFrom', 'validTo'])].filter((x): x is Problem => x !== null)));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const facts = await partyFacts(tx, ctx);
    const epci = [...facts.values()].find((f) => f.kind === 'epci');
    const managingId = input.managingCollectivityId ?? epci?.id;
    const managing = managingId ? facts.get(managingId) : undefined;
    // L5211-4-2: managed by the EPCI, or by a member commune chosen by the EPCI council.
    if (!managing || !managing.inTerritory) throw new UserError("Le service est géré par l'EPCI ou par l'une de ses communes membres.", 400, 'managingCollectivityId');
    checkParties(facts, input.participants.map((p) => p.collectivityId), 'participants');
    if (await store.findServiceByReference(tx, ctx.territoryId, input.reference.trim())) throw new UserError(`Le code ${input.reference} est déjà celui d'un autre service.`, 409, 'reference');
    const service: SharedService = {
      id: newId(),
      kind: input.kind as ServiceKind,
      reference: input.reference.trim(),
      name: input.name.trim(),
      theme: input.theme.trim(),
      managingCollectivityId: managing.id,
      createdOn: created ? fullDate(created.value) : null,
      createdOnPrecision: created?.precision ?? null,
      activities: input.activities.trim(),
      status: input.status as ServiceStatus,
      endedOn: null,
      note: clean(input.note),
    };
    const participants = input.participants.map((p) => ({ territoryId: ctx.territoryId, id: newId(), serviceId: service.id, collectivityId: p.collectivityId, validFrom: p.validFrom, validTo: p.validTo ?? null }));
    await store.insertServices(tx, [{ territoryId: ctx.territoryId, ...service }]);
    await store.insertParticipants(tx, participants);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'shared_services', entityId: service.id, before: null, after: service },
      ...participants.map((p) => ({ action: 'création', entity: 'service_participants', entityId: p.id, before: null, after: p })),
    ]);
    return service;
  });
}

/** "2015" → "2015-01-01", "2017-02" → "2017-02-01": the column is a date, the precision says what is known. */
function fullDate(value: string): string {
  return value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value;
}

async function serviceOr404(tx: Tx, ctx: TerritoryContext, serviceId: string): Promise<SharedService> {
  const service = isUuid(serviceId) ? await store.findService(tx, ctx.territoryId, serviceId) : null;
  if (!service) throw new NotFoundError("Ce service n'existe pas dans le territoire.");
  return service;
}

/** A collectivity joins a service from a date (Saint-Chamond joins the Grands Travaux on 1 July 2018). */
export async function addServiceParticipant(db: Database, ctx: TerritoryContext, serviceId: string, input: { collectivityId: string; validFrom: string; validTo?: string | null }): Promise<void> {
  refuse([rangeProblem(input.validFrom, input.validTo ?? null, ['validFrom', 'validTo'])].filter((x): x is Problem => x !== null));
  await db.transaction(scopeOf(ctx), async (tx) => {
    await serviceOr404(tx, ctx, serviceId);
    checkParties(await partyFacts(tx, ctx), [input.collectivityId], 'collectivityId');
    const existing = (await store.listParticipants(tx, ctx.territoryId, serviceId)).filter((p) => p.collectivityId === input.collectivityId);
    const end = input.validTo ?? '9999-12-31';
    if (existing.some((p) => p.validFrom <= end && (p.validTo ?? '9999-12-31') >= input.validFrom)) throw new UserError('Cette collectivité participe déjà au service sur cette période.', 409, 'validFrom');
    const row = { territoryId: ctx.territoryId, id: newId(), serviceId, collectivityId: input.collectivityId, validFrom: input.validFrom, validTo: input.validTo ?? null };
    await store.insertParticipants(tx, [row]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'service_participants', entityId: row.id, before: null, after: row }]);
  });
}

export interface NewAgreement {
  readonly serviceId: string | null;
  readonly reference: string;
  readonly object: string;
  readonly signedOn?: string | null;
  readonly inForceFrom?: string | null;
  readonly endsOn?: string | null;
  readonly partyIds: readonly string[];
  readonly note?: string | null;
}

export function agreementProblems(input: NewAgreement): Problem[] {
  const problems: Problem[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/.test(input.reference.trim())) problems.push({ field: 'reference', message: 'Le champ « référence » : 1 à 40 lettres, chiffres, tirets, points ou barres obliques.' });
  if (input.object.trim() === '' || input.object.length > 2000) problems.push({ field: 'object', message: 'Le champ « objet » est obligatoire (2000 caractères au plus).' });
  for (const [field, label] of [['signedOn', 'signée le'], ['inForceFrom', 'prend effet le'], ['endsOn', "prend fin le"]] as const) {
    const value = input[field];
    if (value && !isCalendarDate(value)) problems.push({ field, message: `Le champ « ${label} » doit être une date (AAAA-MM-JJ).` });
  }
  if (input.endsOn && input.inForceFrom && input.endsOn < input.inForceFrom) problems.push({ field: 'endsOn', message: 'La convention prendrait fin avant de prendre effet.' });
  if (new Set(input.partyIds).size < 2) problems.push({ field: 'partyIds', message: 'Une convention lie au moins deux collectivités différentes.' });
  return problems;
}

/** Records an agreement (one theme's, or the general agreement when serviceId is null) and its parties. */
export async function createAgreement(db: Database, ctx: TerritoryContext, input: NewAgreement): Promise<Agreement> {
  refuse(agreementProblems(input));
  return db.transaction(scopeOf(ctx), async (tx) => {
    if (input.serviceId !== null) await serviceOr404(tx, ctx, input.serviceId);
    const partyIds = [...new Set(input.partyIds)];
    checkParties(await partyFacts(tx, ctx), partyIds, 'partyIds');
    if (await store.findAgreementByReference(tx, ctx.territoryId, input.reference.trim())) throw new UserError(`La référence ${input.reference} est déjà celle d'une autre convention.`, 409, 'reference');
    const agreement: Agreement = {
      id: newId(),
      serviceId: input.serviceId,
      reference: input.reference.trim(),
      object: input.object.trim(),
      signedOn: clean(input.signedOn),
      inForceFrom: clean(input.inForceFrom),
      endsOn: clean(input.endsOn),
      note: clean(input.note),
    };
    const parties = partyIds.map((collectivityId) => ({ territoryId: ctx.territoryId, id: newId(), agreementId: agreement.id, collectivityId }));
    await store.insertAgreements(tx, [{ territoryId: ctx.territoryId, ...agreement }]);
    await store.insertParties(tx, parties);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'agreements', entityId: agreement.id, before: null, after: agreement },
      ...parties.map((p) => ({ action: 'création', entity: 'agreement_parties', entityId: p.id, before: null, after: p })),
    ]);
    return agreement;
  });
}

async function agreementOr404(tx: Tx, ctx: TerritoryContext, agreementId: string): Promise<Agreement> {
  const agreement = isUuid(agreementId) ? await store.findAgreement(tx, ctx.territoryId, agreementId) : null;
  if (!agreement) throw new NotFoundError("Cette convention n'existe pas dans le territoire.");
  return agreement;
}

export interface NewAmendment extends AmendmentDraft {
  readonly impactSheet?: string | null;
  readonly staffCommitteeOpinion?: string | null;
  readonly note?: string | null;
}

async function fpu(db: Database, ctx: TerritoryContext, on: string): Promise<boolean> {
  return (await territory.territoryOverview(db, ctx, on)).fundingMode === 'FPU';
}

/** Adds an amendment with its charging scheme (validated with schemeProblems), participants, routes and installments. */
export async function addAmendment(db: Database, ctx: TerritoryContext, agreementId: string, input: NewAmendment): Promise<Amendment> {
  const epciFpu = await fpu(db, ctx, isCalendarDate(input.effectiveFrom) ? input.effectiveFrom : '2020-01-01');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const agreement = await agreementOr404(tx, ctx, agreementId);
    const service = agreement.serviceId ? await store.findService(tx, ctx.territoryId, agreement.serviceId) : null;
    refuse(amendmentProblems(input, agreement, service?.kind ?? null, epciFpu));
    const parties = (await store.listParties(tx, ctx.territoryId)).get(agreement.id) ?? [];
    const outside = input.participants.findIndex((p) => !parties.includes(p.collectivityId));
    if (outside >= 0) throw new UserError(`Participant ${outside + 1} : cette collectivité n'est pas partie à la convention.`, 400, `participants[${outside}].collectivityId`);
    const facts = await partyFacts(tx, ctx);
    input.participants.forEach((p, i) => {
      if (p.paymentRoute === 'compensationDeduction' && facts.get(p.collectivityId)?.kind !== 'commune') {
        throw new UserError(`Participant ${i + 1} : seule une commune membre a une attribution de compensation dont déduire la charge.`, 400, `participants[${i}].paymentRoute`);
      }
    });
    if ((await store.listAmendments(tx, ctx.territoryId, [agreement.id])).some((a) => a.number === input.number)) throw new UserError(`L'avenant n° ${input.number} existe déjà pour cette convention.`, 409, 'number');
    const amendment: Amendment = {
      id: newId(),
      agreementId: agreement.id,
      number: input.number,
      object: input.object.trim(),
      signedOn: input.signedOn,
      effectiveFrom: input.effectiveFrom,
      chargingScheme: input.chargingScheme as ChargingScheme,
      workUnit: clean(input.workUnit),
      forecastUnits: input.forecastUnits,
      impactSheet: clean(input.impactSheet),
      staffCommitteeOpinionOn: input.staffCommitteeOpinionOn,
      staffCommitteeOpinion: clean(input.staffCommitteeOpinion),
      note: clean(input.note),
    };
    const participants = input.participants.map((p) => ({ territoryId: ctx.territoryId, id: newId(), amendmentId: amendment.id, collectivityId: p.collectivityId, paymentRoute: p.paymentRoute, installments: p.installments }));
    await store.insertAmendments(tx, [{ territoryId: ctx.territoryId, ...amendment }]);
    await store.insertAmendmentParticipants(tx, participants);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'amendments', entityId: amendment.id, before: null, after: amendment },
      ...participants.map((p) => ({ action: 'création', entity: 'amendment_participants', entityId: p.id, before: null, after: p })),
    ]);
    return amendment;
  });
}

export interface NewApproval {
  readonly agreementId: string;
  /** When the approval is of one of the agreement's amendments. */
  readonly amendmentId?: string | null;
  readonly collectivityId: string;
  readonly body: string;
  readonly approvedOn: string;
  readonly deliberationReference?: string | null;
  readonly deliberationId?: string | null;
}

/** One assembly approves an agreement or one of its amendments; approvals come in any order. */
export async function recordApproval(db: Database, ctx: TerritoryContext, input: NewApproval): Promise<Approval> {
  if (input.body.trim() === '' || input.body.length > 120) throw new UserError('Le champ « assemblée » est obligatoire (120 caractères au plus).', 400, 'body');
  if (!isCalendarDate(input.approvedOn)) throw new UserError('Le champ « approuvée le » doit être une date (AAAA-MM-JJ).', 400, 'approvedOn');
  if (input.deliberationId && !isUuid(input.deliberationId)) throw new UserError('Le champ « délibération » doit être un identifiant de délibération.', 400, 'deliberationId');
  if ((input.deliberationReference ?? '').length > 80) throw new UserError('Le champ « référence de la délibération » : 80 caractères au plus.', 400, 'deliberationReference');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const agreement = await agreementOr404(tx, ctx, input.agreementId);
    let parties: readonly string[];
    if (input.amendmentId) {
      const amendment = isUuid(input.amendmentId) ? await store.findAmendment(tx, ctx.territoryId, input.amendmentId) : null;
      if (!amendment || amendment.agreementId !== agreement.id) throw new NotFoundError("Cet avenant n'existe pas pour cette convention.");
      parties = (await store.listAmendmentParticipants(tx, ctx.territoryId, [amendment.id])).map((p) => p.collectivityId);
    } else {
      parties = (await store.listParties(tx, ctx.territoryId)).get(agreement.id) ?? [];
    }
    if (!parties.includes(input.collectivityId)) throw new UserError("Cette collectivité n'est pas partie à l'acte : son approbation n'est pas attendue.", 400, 'collectivityId');
    const existing = (await store.listApprovals(tx, ctx.territoryId)).find(
      (a) => a.collectivityId === input.collectivityId && (input.amendmentId ? a.amendmentId === input.amendmentId : a.agreementId === agreement.id),
    );
    if (existing) throw new UserError(`Cette collectivité a déjà approuvé l'acte (le ${existing.approvedOn.split('-').reverse().join('/')}).`, 409, 'collectivityId');
    const approval: Approval = {
      id: newId(),
      agreementId: input.amendmentId ? null : agreement.id,
      amendmentId: input.amendmentId ?? null,
      collectivityId: input.collectivityId,
      body: input.body.trim(),
      approvedOn: input.approvedOn,
      deliberationReference: clean(input.deliberationReference),
      deliberationId: input.deliberationId ?? null,
    };
    await store.insertApprovals(tx, [{ territoryId: ctx.territoryId, ...approval }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'approbation', entity: 'approvals', entityId: approval.id, before: null, after: approval }]);
    return approval;
  });
}

export interface NewStaff {
  readonly originCollectivityId: string;
  readonly post: string;
  readonly agentName?: string | null;
  readonly status: string;
  readonly fte: string;
  readonly yearlyCostCents: number | null;
  readonly validFrom?: string | null;
  readonly note?: string | null;
}

/** Adds an agent or post to a service (transferred, or placed at its disposal for part of their time). */
export async function addStaff(db: Database, ctx: TerritoryContext, serviceId: string, input: NewStaff): Promise<StaffMember> {
  refuse(staffProblems(input));
  if (input.validFrom && !isCalendarDate(input.validFrom)) throw new UserError('Le champ « depuis le » doit être une date (AAAA-MM-JJ).', 400, 'validFrom');
  return db.transaction(scopeOf(ctx), async (tx) => {
    await serviceOr404(tx, ctx, serviceId);
    const origin = (await partyFacts(tx, ctx)).get(input.originCollectivityId);
    if (!origin) throw new UserError("La collectivité d'origine n'est pas dans le registre du territoire.", 400, 'originCollectivityId');
    const member: StaffMember = {
      id: newId(),
      serviceId,
      originCollectivityId: origin.id,
      post: input.post.trim(),
      agentName: clean(input.agentName),
      status: input.status as StaffStatus,
      fte: input.fte.replace(',', '.'),
      yearlyCostCents: Cents.of(input.yearlyCostCents!),
      validFrom: clean(input.validFrom),
      validTo: null,
      note: clean(input.note),
    };
    await store.insertStaff(tx, [{ territoryId: ctx.territoryId, ...member }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'staff', entityId: member.id, before: null, after: member }]);
    return member;
  });
}

/** Sets up the steering committee of an agreement with one or more representatives of each party. */
export async function createSteeringCommittee(db: Database, ctx: TerritoryContext, agreementId: string, input: { name: string; members: readonly { collectivityId: string; name: string; role: string }[] }): Promise<void> {
  if (input.name.trim() === '') throw new UserError('Le champ « nom du comité » est obligatoire.', 400, 'name');
  input.members.forEach((m, i) => {
    if (m.name.trim() === '' || m.role.trim() === '') throw new UserError(`Membre ${i + 1} : le nom et la qualité sont obligatoires.`, 400, `members[${i}].name`);
  });
  await db.transaction(scopeOf(ctx), async (tx) => {
    const agreement = await agreementOr404(tx, ctx, agreementId);
    const parties = (await store.listParties(tx, ctx.territoryId)).get(agreement.id) ?? [];
    const outside = input.members.findIndex((m) => !parties.includes(m.collectivityId));
    if (outside >= 0) throw new UserError(`Membre ${outside + 1} : il représente une collectivité qui n'est pas partie à la convention.`, 400, `members[${outside}].collectivityId`);
    const missing = parties.find((p) => !input.members.some((m) => m.collectivityId === p));
    if (missing) throw new UserError('Le comité de pilotage associe des représentants de chaque partie : une partie n’y est pas représentée.', 400, 'members');
    if (await store.findCommittee(tx, ctx.territoryId, agreement.id)) throw new UserError('Cette convention a déjà son comité de pilotage.', 409, 'name');
    const committee = { territoryId: ctx.territoryId, id: newId(), agreementId: agreement.id, name: input.name.trim() };
    const members = input.members.map((m) => ({ territoryId: ctx.territoryId, id: newId(), committeeId: committee.id, collectivityId: m.collectivityId, name: m.name.trim(), role: m.role.trim() }));
    await store.insertCommittees(tx, [committee]);
    await store.insertCommitteeMembers(tx, members);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      { action: 'création', entity: 'steering_committees', entityId: committee.id, before: null, after: committee },
      ...members.map((m) => ({ action: 'création', entity: 'steering_committee_members', entityId: m.id, before: null, after: m })),
    ]);
  });
}

/** Records a meeting of an agreement's steering committee and the decisions it took. */
export async function recordMeeting(db: Database, ctx: TerritoryContext, agreementId: string, input: { heldOn: string; agenda: string; decisions: readonly string[] }): Promise<void> {
  if (!isCalendarDate(input.heldOn)) throw new UserError('Le champ « réuni le » doit être une date (AAAA-MM-JJ).', 400, 'heldOn');
  if (input.agenda.trim() === '') throw new UserError('Le champ « ordre du jour » est obligatoire.', 400, 'agenda');
  const decisions = input.decisions.map((d) => d.trim()).filter(Boolean);
  await db.transaction(scopeOf(ctx), async (tx) => {
    await agreementOr404(tx, ctx, agreementId);
    const committee = await store.findCommittee(tx, ctx.territoryId, agreementId);
    if (!committee) throw new UserError("Cette convention n'a pas encore de comité de pilotage.", 409, 'heldOn');
    const meeting = { territoryId: ctx.territoryId, id: newId(), committeeId: committee.id, heldOn: input.heldOn, agenda: input.agenda.trim(), decisions };
    await store.insertMeetings(tx, [meeting]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'steering_committee_meetings', entityId: meeting.id, before: null, after: meeting }]);
  });
}

export interface AllocationInput {
  readonly communeId: string;
  readonly year: number;
  readonly clectAmountCents: number | null;
  readonly clectReportOn?: string | null;
  readonly deliberationReference?: string | null;
  readonly note?: string | null;
}

/** Sets a commune's AC for a year after the CLECT report (CGI 1609 nonies C), or corrects it. */
export async function setCompensationAllocation(db: Database, ctx: TerritoryContext, input: AllocationInput): Promise<store.AllocationRow> {
  refuse(compensationProblems({ year: input.year, clectAmountCents: input.clectAmountCents, clectReportOn: input.clectReportOn ?? null }));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const commune = (await partyFacts(tx, ctx)).get(input.communeId);
    if (!commune || commune.kind !== 'commune') throw new UserError("Seule une commune membre reçoit une attribution de compensation.", 400, 'communeId');
    const before = await store.findAllocation(tx, ctx.territoryId, commune.id, input.year);
    const row: store.AllocationRow = {
      id: before?.id ?? newId(),
      communeId: commune.id,
      year: input.year,
      clectAmountCents: Cents.of(input.clectAmountCents!),
      clectReportOn: clean(input.clectReportOn),
      deliberationReference: clean(input.deliberationReference),
      note: clean(input.note),
    };
    if (before) await store.updateAllocation(tx, ctx.territoryId, row);
    else await store.insertAllocations(tx, [{ territoryId: ctx.territoryId, ...row }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: before ? 'modification' : 'création', entity: 'compensation_allocations', entityId: row.id, before, after: row }]);
    return row;
  });
}

export interface DeductionInput {
  readonly communeId: string;
  readonly year: number;
  readonly serviceId: string;
  readonly amountCents: number;
  /** Where it comes from, e.g. "charging:<run id>"; recording the same source again replaces its amount. */
  readonly source: string;
  readonly label: string;
}

/**
 * Records (or replaces) a shared service's charge deducted from a commune's AC for a year, inside the
 * caller's transaction (charging calls it when a run is approved). CGI 1609 nonies C.
 */
export async function recordCompensationDeduction(tx: Tx, ctx: TerritoryContext, input: DeductionInput): Promise<store.DeductionRow> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 0) throw new UserError('Le montant retenu doit être un montant positif en centimes.', 400, 'amountCents');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw new UserError("L'année de la retenue doit être entre 2000 et 2100.", 400, 'year');
  if (input.source.trim() === '' || input.source.length > 120) throw new UserError("L'origine de la retenue est obligatoire (120 caractères au plus).", 400, 'source');
  if (input.label.trim() === '' || input.label.length > 300) throw new UserError("Le libellé de la retenue est obligatoire (300 caractères au plus).", 400, 'label');
  await serviceOr404(tx, ctx, input.serviceId);
  const commune = (await store.listCollectivities(tx, ctx.territoryId)).find((c) => c.id === input.communeId);
  if (!commune || commune.kind !== 'commune') throw new UserError("Seule une commune membre a une attribution de compensation dont déduire une charge.", 400, 'communeId');
  const key = { communeId: input.communeId, year: input.year, serviceId: input.serviceId, source: input.source.trim() };
  const before = await store.findDeduction(tx, ctx.territoryId, key);
  const after: store.DeductionRow = { id: before?.id ?? newId(), ...key, amountCents: Cents.of(input.amountCents), label: input.label.trim() };
  if (before) await store.updateDeduction(tx, ctx.territoryId, before.id, after.amountCents, after.label);
  else await store.insertDeduction(tx, { territoryId: ctx.territoryId, ...after });
  const change: AuditChange = { action: before ? 'modification' : 'création', entity: 'compensation_deductions', entityId: after.id, before, after };
  await recordAudit(tx, ctx.territoryId, ctx.actor, [change]);
  return after;
}
