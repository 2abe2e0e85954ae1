import { createHash } from 'node:crypto';
import type { Database } from '../platform/db/database.ts';
import { canonicalJson, recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
export { NotFoundError as NotFound } from '../platform/http/errors.ts';
import { Cents, splitCents } from '../platform/money.ts';
import { computeCharging } from './engine.ts';
import { COST_PHASE, DEFAULT_ACCOUNTS, scheduleInstallments, settle, type AccountKey, type BillingCategory, type ChargingInput, type ChargingProblem, type DriverValue, type Phase } from './model.ts';
import * as sources from './sources.ts';
import * as store from './store.ts';

/** Who is looking: null sees every participant; a commune user sees its own commune(s) only. */
export interface Viewer {
  readonly communeIds: readonly string[] | null;
}
export const EVERYONE: Viewer = { communeIds: null };
const sees = (viewer: Viewer, collectivityId: string) => viewer.communeIds === null || viewer.communeIds.includes(collectivityId);

/** A run refused for its inputs: every problem, each naming its field. */
export class ChargingInputError extends UserError {
  constructor(readonly problems: readonly ChargingProblem[]) {
    super(`Calcul impossible : ${problems.length} problème(s). ${problems[0]?.message ?? ''}`, 400, problems[0]?.field);
  }
}

export interface RunInputs {
  readonly input: ChargingInput;
  readonly services: readonly sources.RunService[];
  readonly payments: readonly store.PaymentRow[];
  readonly accounts: Record<AccountKey, string>;
}

/** Everything a run of the year and phase computes from, read in one snapshot. */
export async function loadRunInputs(db: Database, ctx: TerritoryContext, year: number, phase: Phase): Promise<RunInputs> {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UserError("L'année doit être comprise entre 2000 et 2100.", 400, 'year');
  if (phase !== 'provisional' && phase !== 'final') throw new UserError('Phase inconnue (provisional ou final).', 400, 'phase');
  // The scheme of the amendment in force at the end of the year governs that year's charging.
  const services = await sources.servicesForRun(db, ctx, `${year}-12-31`);
  const populations = await sources.populations(db, ctx, year);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const settings = await store.findYear(tx, ctx.territoryId, year);
    const costLines = await store.listCostLines(tx, ctx.territoryId, year, COST_PHASE[phase]);
    const entered = await store.listDrivers(tx, ctx.territoryId, year);
    const drivers: DriverValue[] = entered.map((d) => ({ collectivityId: d.collectivityId, driver: d.driver, value: d.value }));
    for (const [collectivityId, population] of populations) {
      if (!entered.some((d) => d.collectivityId === collectivityId && d.driver === 'population')) drivers.push({ collectivityId, driver: 'population', value: String(population) });
    }
    drivers.sort((a, b) => (a.driver + a.collectivityId < b.driver + b.collectivityId ? -1 : 1));
    const workUnits = await store.listWorkUnits(tx, ctx.territoryId, year, phase === 'provisional');
    const centres = store.toSupportCentres(await store.listCentres(tx, ctx.territoryId), await store.listShares(tx, ctx.territoryId, year));
    const payments = await store.listPayments(tx, ctx.territoryId, year);
    const input: ChargingInput = {
      year,
      phase,
      services: services.map((s) => ({ id: s.id, code: s.code, name: s.name, participants: s.participants, scheme: s.scheme })),
      costLines: costLines.map((l) => ({ id: l.id, serviceId: l.serviceId, centreId: l.centreId, category: l.category, amountCents: l.amountCents, label: l.label, sourceReference: l.sourceReference, attributedTo: l.attributedTo })),
      drivers,
      workUnits: workUnits.map((u) => ({ id: u.id, serviceId: u.serviceId, collectivityId: u.collectivityId, on: u.on, units: u.units, description: u.description })),
      centres,
      supportMethod: settings?.supportMethod ?? 'reciprocal',
    };
    return { input, services, payments, accounts: settings?.accounts ?? { ...DEFAULT_ACCOUNTS } };
  });
}

export function inputsDigest(inputs: RunInputs): string {
  const terms = inputs.services.map((s) => [s.id, [...s.terms.entries()]]);
  return createHash('sha256').update(canonicalJson({ input: inputs.input, terms, payments: inputs.input.phase === 'final' ? inputs.payments : [] })).digest('hex');
}

/** Launches a run: computes, then writes it as a new draft version pointing to the previous one. */
export async function runCharging(db: Database, ctx: TerritoryContext, year: number, phase: Phase, onProgress?: (done: number, total: number) => void): Promise<store.RunRow> {
  const inputs = await loadRunInputs(db, ctx, year, phase);
  if (inputs.services.length === 0) throw new UserError(`Aucun service n'a de clé de répartition en vigueur en ${year}.`, 409, 'year');
  const result = computeCharging(inputs.input);
  if (result.problems.length > 0) throw new ChargingInputError(result.problems);
  const runId = newId();
  const lines: store.RunLineRow[] = result.lines.map((l) => ({
    id: newId(),
    serviceId: l.serviceId,
    collectivityId: l.collectivityId,
    costLineId: l.costLineId,
    category: l.category,
    label: l.label,
    sourceCents: l.sourceCents,
    componentIndex: l.component?.index ?? null,
    componentPercent: l.component?.percent ?? null,
    explanation: l.explanation,
    amountCents: l.amountCents,
  }));
  const statement = statementLines(inputs, lines);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const previous = await store.latestRun(tx, ctx.territoryId, year, phase, false);
    const run: Omit<store.RunRow, 'createdAt'> = {
      id: runId,
      year,
      phase,
      version: (previous?.version ?? 0) + 1,
      status: 'draft',
      supportMethod: result.supportMethod,
      inputsDigest: inputsDigest(inputs),
      services: result.services,
      totalCents: lines.reduce((a, l) => a + l.amountCents, 0),
      previousRunId: previous?.id ?? null,
      validatedAt: null,
      validatedBy: null,
    };
    await store.insertRun(tx, ctx.territoryId, run);
    const chunk = 2000;
    for (let i = 0; i < lines.length; i += chunk) {
      await store.insertRunLines(tx, ctx.territoryId, runId, lines.slice(i, i + chunk));
      onProgress?.(Math.min(i + chunk, lines.length), lines.length);
    }
    await store.insertStatementLines(tx, ctx.territoryId, runId, statement);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'calcul', entity: 'charging_runs', entityId: runId, before: null, after: { ...run, lines: lines.length, statementLines: statement.length } }]);
    return { ...run, createdAt: new Date().toISOString() };
  });
}

/** Per participant and service: the charge, then installments (provisional) or installments paid and settlement (final). */
function statementLines(inputs: RunInputs, lines: readonly store.RunLineRow[]): store.StatementLineRow[] {
  const { year, phase } = inputs.input;
  const charged = new Map<string, number>();
  for (const l of lines) charged.set(`${l.serviceId}|${l.collectivityId}`, (charged.get(`${l.serviceId}|${l.collectivityId}`) ?? 0) + l.amountCents);
  const rows: store.StatementLineRow[] = [];
  for (const service of inputs.services) {
    for (const participant of [...service.participants].sort((a, b) => (a.tieKey < b.tieKey ? -1 : 1))) {
      const terms = service.terms.get(participant.collectivityId);
      const route = terms?.paymentRoute ?? 'invoice';
      const charge = Cents.of(charged.get(`${service.id}|${participant.collectivityId}`) ?? 0);
      const base = { collectivityId: participant.collectivityId, serviceId: service.id, paymentRoute: route };
      rows.push({ ...base, id: newId(), kind: 'charge', dueOn: null, amountCents: charge, label: `${service.name} : ${phase === 'provisional' ? 'charge prévisionnelle' : 'charge définitive'} ${year}` });
      if (phase === 'provisional') {
        const plan = (terms?.installments ?? []).map((i) => ({ dueOn: `${year}-${i.dueOn}`, percent: i.percent }));
        scheduleInstallments(charge, plan).forEach((inst, n) => {
          rows.push({ ...base, id: newId(), kind: 'installment', dueOn: inst.dueOn || null, amountCents: inst.amountCents, label: `${service.name} : acompte ${n + 1} ${year}` });
        });
      } else {
        const paid = inputs.payments.filter((p) => p.serviceId === service.id && p.collectivityId === participant.collectivityId).map((p) => Cents.of(p.amountCents));
        const s = settle(charge, paid);
        rows.push({ ...base, id: newId(), kind: 'paid', dueOn: null, amountCents: s.paidCents, label: `${service.name} : acomptes versés` });
        rows.push({ ...base, id: newId(), kind: 'settlement', dueOn: null, amountCents: s.settlementCents, label: `${service.name} : ${s.kind === 'refund' ? 'trop-perçu à rembourser' : s.kind === 'receivable' ? 'solde à régler' : 'soldé'} ${year}` });
      }
    }
  }
  return rows;
}

/** Validates a draft run (the latest version): immutable from then on; AC deductions go to the agreements' register. */
export async function validateRun(db: Database, ctx: TerritoryContext, runId: string, at: string): Promise<store.RunRow> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const run = await store.findRun(tx, ctx.territoryId, runId);
    if (!run) throw new NotFoundError("Ce calcul n'existe pas dans le territoire.");
    if (run.status === 'validated') throw new UserError('Ce calcul est déjà validé : il ne peut plus changer. Relancez un calcul pour une nouvelle version.', 409);
    const latest = await store.latestRun(tx, ctx.territoryId, run.year, run.phase, false);
    if (latest && latest.id !== run.id) throw new UserError(`Une version plus récente (v${latest.version}) existe : validez-la, ou relancez le calcul.`, 409);
    await store.markValidated(tx, ctx.territoryId, run.id, at, ctx.actor.label);
    const statement = await store.listStatementLines(tx, ctx.territoryId, run.id, null);
    for (const line of statement) {
      if (line.kind !== 'charge' || line.paymentRoute !== 'compensationDeduction') continue;
      await sources.deductFromCompensation(tx, ctx, {
        communeId: line.collectivityId,
        year: run.year,
        serviceId: line.serviceId,
        amountCents: line.amountCents,
        label: `${line.label} (calcul v${run.version})`,
      });
    }
    const after = { ...run, status: 'validated' as const, validatedAt: at, validatedBy: ctx.actor.label };
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'validation', entity: 'charging_runs', entityId: run.id, before: { status: run.status }, after: { status: 'validated', validatedAt: at } }]);
    return after;
  });
}

export async function listRuns(db: Database, ctx: TerritoryContext, year: number | null): Promise<store.RunRow[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listRuns(tx, ctx.territoryId, year));
}

export async function findRun(db: Database, ctx: TerritoryContext, runId: string): Promise<store.RunRow> {
  const run = await db.transaction(scopeOf(ctx), (tx) => store.findRun(tx, ctx.territoryId, runId));
  if (!run) throw new NotFoundError("Ce calcul n'existe pas dans le territoire.");
  return run;
}

export interface RunTotals {
  readonly run: store.RunRow;
  /** collectivityId → serviceId → cents */
  readonly byParticipant: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export async function runTotals(db: Database, ctx: TerritoryContext, runId: string, viewer: Viewer): Promise<RunTotals> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const run = await store.findRun(tx, ctx.territoryId, runId);
    if (!run) throw new NotFoundError("Ce calcul n'existe pas dans le territoire.");
    const statement = await store.listStatementLines(tx, ctx.territoryId, runId, viewer.communeIds);
    const byParticipant = new Map<string, Map<string, number>>();
    for (const l of statement) {
      if (l.kind !== 'charge' || !sees(viewer, l.collectivityId)) continue;
      const m = byParticipant.get(l.collectivityId) ?? new Map<string, number>();
      m.set(l.serviceId, l.amountCents);
      byParticipant.set(l.collectivityId, m);
    }
    return { run, byParticipant };
  });
}

export interface RunDiffLine {
  readonly collectivityId: string;
  readonly serviceId: string;
  readonly beforeCents: number;
  readonly afterCents: number;
  readonly deltaCents: number;
}

/** A version against the one before it: every participant and service whose charge moved (or all, with `all`). */
export async function compareRuns(db: Database, ctx: TerritoryContext, runId: string, viewer: Viewer, all = false): Promise<{ run: store.RunRow; previous: store.RunRow | null; lines: RunDiffLine[] }> {
  const current = await runTotals(db, ctx, runId, viewer);
  if (!current.run.previousRunId) return { run: current.run, previous: null, lines: [] };
  const previous = await runTotals(db, ctx, current.run.previousRunId, viewer);
  const keys = new Set<string>();
  for (const t of [current, previous]) for (const [c, m] of t.byParticipant) for (const s of m.keys()) keys.add(`${c}|${s}`);
  const lines = [...keys]
    .map((key) => {
      const [collectivityId, serviceId] = key.split('|') as [string, string];
      const beforeCents = previous.byParticipant.get(collectivityId)?.get(serviceId) ?? 0;
      const afterCents = current.byParticipant.get(collectivityId)?.get(serviceId) ?? 0;
      return { collectivityId, serviceId, beforeCents, afterCents, deltaCents: afterCents - beforeCents };
    })
    .filter((l) => all || l.deltaCents !== 0)
    .sort((a, b) => (a.collectivityId + a.serviceId < b.collectivityId + b.serviceId ? -1 : 1));
  return { run: current.run, previous: previous.run, lines };
}

export interface Statement {
  readonly run: store.RunRow;
  readonly collectivityId: string;
  readonly lines: readonly store.RunLineRow[];
  readonly statement: readonly store.StatementLineRow[];
  readonly workUnits: readonly store.WorkUnitRow[];
}

/** One participant's statement for a run: its lines with their explanation, its installments or settlement, its uses. */
export async function participantStatement(db: Database, ctx: TerritoryContext, runId: string, collectivityId: string, viewer: Viewer): Promise<Statement> {
  if (!sees(viewer, collectivityId)) throw new NotFoundError("Cet état n'existe pas dans le territoire.");
  return db.transaction(scopeOf(ctx), async (tx) => {
    const run = await store.findRun(tx, ctx.territoryId, runId);
    if (!run) throw new NotFoundError("Ce calcul n'existe pas dans le territoire.");
    const statement = await store.listStatementLines(tx, ctx.territoryId, runId, [collectivityId]);
    if (statement.length === 0) throw new NotFoundError("Cette collectivité ne participe à aucun service de ce calcul.");
    const lines = await store.listRunLines(tx, ctx.territoryId, runId, collectivityId);
    const unitServices = new Set(lines.filter((l) => l.category === 'units').map((l) => l.serviceId));
    const workUnits = (await store.listWorkUnits(tx, ctx.territoryId, run.year, run.phase === 'provisional')).filter((u) => u.collectivityId === collectivityId && unitServices.has(u.serviceId));
    return { run, collectivityId, lines, statement, workUnits };
  });
}

/** The chain behind one amount: the run line and the cost line it comes from (when it still exists). */
export async function explainLine(db: Database, ctx: TerritoryContext, runId: string, lineId: string, viewer: Viewer): Promise<{ run: store.RunRow; line: store.RunLineRow; costLine: store.CostLineRow | null }> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const run = await store.findRun(tx, ctx.territoryId, runId);
    const line = run ? (await store.listRunLines(tx, ctx.territoryId, runId, null)).find((l) => l.id === lineId) : undefined;
    if (!run || !line || !sees(viewer, line.collectivityId)) throw new NotFoundError("Ce montant n'existe pas dans le territoire.");
    const costLine = line.costLineId ? await store.findCostLine(tx, ctx.territoryId, line.costLineId) : null;
    return { run, line, costLine };
  });
}

export async function recordInstallmentPayment(db: Database, ctx: TerritoryContext, input: { collectivityId: string; serviceId: string; year: number; paidOn: string; amount: string; reference?: string | null }): Promise<store.PaymentRow> {
  const cents = Cents.parseEuros(input.amount);
  if (cents === null || cents <= 0) throw new UserError(`Montant « ${input.amount} » invalide (montant positif attendu).`, 400, 'amount');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.paidOn)) throw new UserError('Date de paiement invalide (AAAA-MM-JJ).', 400, 'paidOn');
  const services = new Set((await sources.serviceNames(db, ctx)).map((s) => s.id));
  if (!services.has(input.serviceId)) throw new UserError('Service inconnu dans le territoire.', 400, 'serviceId');
  const row: store.PaymentRow = { id: newId(), collectivityId: input.collectivityId, serviceId: input.serviceId, year: input.year, paidOn: input.paidOn, amountCents: cents, reference: input.reference?.trim() || null };
  await db.transaction(scopeOf(ctx), async (tx) => {
    await store.insertPayments(tx, ctx.territoryId, [row]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'installment_payments', entityId: row.id, before: null, after: row }]);
  });
  return row;
}

export interface AccountingLine {
  readonly kind: 'receivable' | 'payable' | 'compensationDeduction';
  readonly collectivityId: string;
  readonly serviceId: string;
  readonly category: BillingCategory | 'refund' | 'compensation';
  readonly account: string;
  readonly dueOn: string | null;
  readonly amountCents: number;
  readonly label: string;
}

/**
 * The accounting export of a run: one line per receivable (titre de recettes, per category and its M57 account),
 * payable (a refund) or AC deduction. Final runs bill the settlement, split over categories like the charge.
 */
export async function accountingLines(db: Database, ctx: TerritoryContext, runId: string): Promise<{ run: store.RunRow; lines: AccountingLine[] }> {
  const run = await findRun(db, ctx, runId);
  const settings = await db.transaction(scopeOf(ctx), (tx) => store.findYear(tx, ctx.territoryId, run.year));
  const accounts = settings?.accounts ?? DEFAULT_ACCOUNTS;
  const { runLines, statement } = await db.transaction(scopeOf(ctx), async (tx) => ({ runLines: await store.listRunLines(tx, ctx.territoryId, runId, null), statement: await store.listStatementLines(tx, ctx.territoryId, runId, null) }));
  const byCategory = new Map<string, Map<BillingCategory, number>>();
  for (const l of runLines) {
    const key = `${l.collectivityId}|${l.serviceId}`;
    const m = byCategory.get(key) ?? new Map<BillingCategory, number>();
    m.set(l.category, (m.get(l.category) ?? 0) + l.amountCents);
    byCategory.set(key, m);
  }
  // The managing collectivity bears its own share: it bills nobody for it (no receivable to itself).
  const managing = new Map((await sources.serviceNames(db, ctx)).map((s) => [s.id, s.managingCollectivityId]));
  const out: AccountingLine[] = [];
  for (const s of statement) {
    if (managing.get(s.serviceId) === s.collectivityId) continue;
    const base = { collectivityId: s.collectivityId, serviceId: s.serviceId };
    if (s.paymentRoute === 'compensationDeduction') {
      if (s.kind === 'charge' && s.amountCents !== 0) out.push({ ...base, kind: 'compensationDeduction', category: 'compensation', account: accounts.compensation, dueOn: null, amountCents: s.amountCents, label: s.label });
      continue;
    }
    const billed = run.phase === 'provisional' ? s.kind === 'installment' : s.kind === 'settlement';
    if (!billed || s.amountCents === 0) continue;
    if (s.amountCents < 0) {
      out.push({ ...base, kind: 'payable', category: 'refund', account: accounts.refund, dueOn: s.dueOn, amountCents: -s.amountCents, label: s.label });
      continue;
    }
    const categories = [...(byCategory.get(`${s.collectivityId}|${s.serviceId}`) ?? new Map<BillingCategory, number>()).entries()].filter(([, c]) => c > 0).sort(([a], [b]) => (a < b ? -1 : 1));
    if (categories.length === 0) continue;
    const parts = splitCents(Cents.of(s.amountCents), categories.map(([category, cents]) => ({ key: category, weight: cents })));
    for (const [category] of categories) {
      const cents = parts.get(category)!;
      if (cents !== 0) out.push({ ...base, kind: 'receivable', category, account: accounts[category], dueOn: s.dueOn, amountCents: cents, label: s.label });
    }
  }
  return { run, lines: out };
}

/** Every statement line of a run (finance staff: installments to bill, settlements). */
export async function runStatementLines(db: Database, ctx: TerritoryContext, runId: string): Promise<store.StatementLineRow[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listStatementLines(tx, ctx.territoryId, runId, null));
}
