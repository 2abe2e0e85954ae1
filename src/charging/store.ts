import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import { Cents } from '../platform/money.ts';
import { chargingRunLines, chargingRuns, chargingYears, costLines, driverValues, installmentPayments, statementLines, supportCentres, supportShares, workUnits } from './tables.ts';
import type { AccountKey, BillingCategory, CostCategory, CostLineInput, CostPhase, DriverValue, Explanation, Phase, RunStatus, ServiceSummary, SupportCentre, SupportMethod, WorkUnitInput } from './model.ts';

// All SQL of the charging module. Every query names its territory, inside a transaction scoped for RLS.

const BATCH = 500;
async function insertAll(tx: Tx, table: Parameters<Tx['insert']>[0], rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(table).values(rows.slice(i, i + BATCH) as never);
}

// ---------- year settings ----------
export interface YearSettings {
  readonly id: string;
  readonly year: number;
  readonly supportMethod: SupportMethod;
  readonly accounts: Record<AccountKey, string>;
}

export async function findYear(tx: Tx, territoryId: string, year: number): Promise<YearSettings | null> {
  const [r] = await tx.select().from(chargingYears).where(and(eq(chargingYears.territoryId, territoryId), eq(chargingYears.year, year)));
  return r ? { id: r.id, year: r.year, supportMethod: r.supportMethod as SupportMethod, accounts: r.accounts as Record<AccountKey, string> } : null;
}

export async function saveYear(tx: Tx, territoryId: string, settings: YearSettings, exists: boolean): Promise<void> {
  if (exists) {
    await tx
      .update(chargingYears)
      .set({ supportMethod: settings.supportMethod, accounts: settings.accounts, updatedAt: sql`now()` })
      .where(and(eq(chargingYears.territoryId, territoryId), eq(chargingYears.id, settings.id)));
  } else await tx.insert(chargingYears).values({ territoryId, ...settings });
}

// ---------- support centres ----------
export interface CentreRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly stepOrder: number;
}

export async function listCentres(tx: Tx, territoryId: string): Promise<CentreRow[]> {
  return tx
    .select({ id: supportCentres.id, code: supportCentres.code, name: supportCentres.name, stepOrder: supportCentres.stepOrder })
    .from(supportCentres)
    .where(eq(supportCentres.territoryId, territoryId))
    .orderBy(asc(supportCentres.stepOrder), asc(supportCentres.code));
}

export async function insertCentre(tx: Tx, territoryId: string, row: CentreRow): Promise<void> {
  await tx.insert(supportCentres).values({ territoryId, ...row });
}

export interface ShareRow {
  readonly id: string;
  readonly centreId: string;
  readonly year: number;
  readonly recipientCentreId: string | null;
  readonly recipientServiceId: string | null;
  readonly percent: string;
}

export async function listShares(tx: Tx, territoryId: string, year: number): Promise<ShareRow[]> {
  return tx
    .select({ id: supportShares.id, centreId: supportShares.centreId, year: supportShares.year, recipientCentreId: supportShares.recipientCentreId, recipientServiceId: supportShares.recipientServiceId, percent: supportShares.percent })
    .from(supportShares)
    .where(and(eq(supportShares.territoryId, territoryId), eq(supportShares.year, year)))
    .orderBy(asc(supportShares.centreId), asc(supportShares.id));
}

export async function replaceShares(tx: Tx, territoryId: string, centreId: string, year: number, rows: readonly ShareRow[]): Promise<void> {
  await tx.delete(supportShares).where(and(eq(supportShares.territoryId, territoryId), eq(supportShares.centreId, centreId), eq(supportShares.year, year)));
  await insertAll(tx, supportShares, rows.map((r) => ({ territoryId, ...r })));
}

export function toSupportCentres(centres: readonly CentreRow[], shares: readonly ShareRow[]): SupportCentre[] {
  return centres.map((c) => ({
    id: c.id,
    code: c.code,
    name: c.name,
    order: c.stepOrder,
    shares: shares
      .filter((s) => s.centreId === c.id)
      .map((s) => ({ recipient: s.recipientCentreId ? { kind: 'centre' as const, id: s.recipientCentreId } : { kind: 'service' as const, id: s.recipientServiceId! }, percent: s.percent })),
  }));
}

// ---------- cost lines ----------
export interface CostLineRow extends CostLineInput {
  readonly year: number;
  readonly phase: CostPhase;
}

type CostRow = typeof costLines.$inferSelect;
const toCostLine = (r: CostRow): CostLineRow => ({
  id: r.id,
  year: r.year,
  phase: r.phase as CostPhase,
  serviceId: r.serviceId,
  centreId: r.centreId,
  category: r.category as CostCategory,
  label: r.label,
  amountCents: Cents.of(r.amountCents),
  sourceReference: r.sourceReference,
  attributedTo: r.attributedCollectivityId,
});

export async function listCostLines(tx: Tx, territoryId: string, year: number, phase: CostPhase): Promise<CostLineRow[]> {
  const rs = await tx
    .select()
    .from(costLines)
    .where(and(eq(costLines.territoryId, territoryId), eq(costLines.year, year), eq(costLines.phase, phase)))
    .orderBy(asc(costLines.category), asc(costLines.label), asc(costLines.id));
  return rs.map(toCostLine);
}

export async function findCostLine(tx: Tx, territoryId: string, id: string): Promise<CostLineRow | null> {
  const [r] = await tx.select().from(costLines).where(and(eq(costLines.territoryId, territoryId), eq(costLines.id, id)));
  return r ? toCostLine(r) : null;
}

export async function insertCostLines(tx: Tx, territoryId: string, rows: readonly CostLineRow[]): Promise<void> {
  await insertAll(
    tx,
    costLines,
    rows.map((r) => ({ territoryId, id: r.id, year: r.year, phase: r.phase, serviceId: r.serviceId, centreId: r.centreId, category: r.category, label: r.label, amountCents: r.amountCents, sourceReference: r.sourceReference, attributedCollectivityId: r.attributedTo })),
  );
}

export async function deleteCostLine(tx: Tx, territoryId: string, id: string): Promise<void> {
  await tx.delete(costLines).where(and(eq(costLines.territoryId, territoryId), eq(costLines.id, id)));
}

// ---------- driver values ----------
export interface DriverRow extends DriverValue {
  readonly id: string;
  readonly year: number;
  readonly source: string | null;
}

export async function listDrivers(tx: Tx, territoryId: string, year: number): Promise<DriverRow[]> {
  const rs = await tx
    .select({ id: driverValues.id, collectivityId: driverValues.collectivityId, year: driverValues.year, driver: driverValues.driver, value: driverValues.value, source: driverValues.source })
    .from(driverValues)
    .where(and(eq(driverValues.territoryId, territoryId), eq(driverValues.year, year)))
    .orderBy(asc(driverValues.driver), asc(driverValues.collectivityId));
  return rs.map((r) => ({ ...r, value: canonicalDecimal(r.value) }));
}

/** numeric as PostgreSQL prints it ("12.50") → the shortest exact decimal ("12.5"): the same text on both databases. */
export function canonicalDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

export async function upsertDrivers(tx: Tx, territoryId: string, rows: readonly DriverRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx
      .insert(driverValues)
      .values(rows.slice(i, i + BATCH).map((r) => ({ territoryId, ...r })))
      .onConflictDoUpdate({ target: [driverValues.territoryId, driverValues.year, driverValues.collectivityId, driverValues.driver], set: { value: sql`excluded.value`, source: sql`excluded.source`, updatedAt: sql`now()` } });
  }
}

// ---------- units of work ----------
export interface WorkUnitRow extends WorkUnitInput {
  readonly forecast: boolean;
}

export async function listWorkUnits(tx: Tx, territoryId: string, year: number, forecast: boolean | null): Promise<WorkUnitRow[]> {
  const rs = await tx
    .select({ id: workUnits.id, serviceId: workUnits.serviceId, collectivityId: workUnits.collectivityId, on: workUnits.usedOn, units: workUnits.units, description: workUnits.description, forecast: workUnits.forecast })
    .from(workUnits)
    .where(
      and(
        eq(workUnits.territoryId, territoryId),
        sql`${workUnits.usedOn} >= ${`${year}-01-01`} AND ${workUnits.usedOn} <= ${`${year}-12-31`}`,
        forecast === null ? undefined : eq(workUnits.forecast, forecast),
      ),
    )
    .orderBy(asc(workUnits.usedOn), asc(workUnits.id));
  return rs.map((r) => ({ ...r, units: canonicalDecimal(r.units) }));
}

export async function insertWorkUnits(tx: Tx, territoryId: string, rows: readonly WorkUnitRow[]): Promise<void> {
  await insertAll(tx, workUnits, rows.map((r) => ({ territoryId, id: r.id, serviceId: r.serviceId, collectivityId: r.collectivityId, usedOn: r.on, units: r.units, description: r.description, forecast: r.forecast })));
}

// ---------- runs ----------
export interface RunRow {
  readonly id: string;
  readonly year: number;
  readonly phase: Phase;
  readonly version: number;
  readonly status: RunStatus;
  readonly supportMethod: SupportMethod;
  readonly inputsDigest: string;
  readonly services: readonly ServiceSummary[];
  readonly totalCents: number;
  readonly previousRunId: string | null;
  readonly validatedAt: string | null;
  readonly validatedBy: string | null;
  readonly createdAt: string;
}

type RunDbRow = typeof chargingRuns.$inferSelect;
const toRun = (r: RunDbRow): RunRow => ({
  id: r.id,
  year: r.year,
  phase: r.phase as Phase,
  version: r.version,
  status: r.status as RunStatus,
  supportMethod: r.supportMethod as SupportMethod,
  inputsDigest: r.inputsDigest,
  services: r.services as ServiceSummary[],
  totalCents: r.totalCents,
  previousRunId: r.previousRunId,
  validatedAt: r.validatedAt,
  validatedBy: r.validatedBy,
  createdAt: r.createdAt,
});

export async function listRuns(tx: Tx, territoryId: string, year: number | null): Promise<RunRow[]> {
  const rs = await tx
    .select()
    .from(chargingRuns)
    .where(and(eq(chargingRuns.territoryId, territoryId), year === null ? undefined : eq(chargingRuns.year, year)))
    .orderBy(desc(chargingRuns.year), asc(chargingRuns.phase), desc(chargingRuns.version));
  return rs.map(toRun);
}

export async function findRun(tx: Tx, territoryId: string, id: string): Promise<RunRow | null> {
  const [r] = await tx.select().from(chargingRuns).where(and(eq(chargingRuns.territoryId, territoryId), eq(chargingRuns.id, id)));
  return r ? toRun(r) : null;
}

export async function latestRun(tx: Tx, territoryId: string, year: number, phase: Phase, validatedOnly: boolean): Promise<RunRow | null> {
  const [r] = await tx
    .select()
    .from(chargingRuns)
    .where(and(eq(chargingRuns.territoryId, territoryId), eq(chargingRuns.year, year), eq(chargingRuns.phase, phase), validatedOnly ? eq(chargingRuns.status, 'validated') : undefined))
    .orderBy(desc(chargingRuns.version))
    .limit(1);
  return r ? toRun(r) : null;
}

export async function insertRun(tx: Tx, territoryId: string, run: Omit<RunRow, 'createdAt'>): Promise<void> {
  await tx.insert(chargingRuns).values({ territoryId, ...run, services: run.services as unknown as object });
}

export async function markValidated(tx: Tx, territoryId: string, id: string, at: string, by: string): Promise<void> {
  await tx.update(chargingRuns).set({ status: 'validated', validatedAt: at, validatedBy: by, updatedAt: sql`now()` }).where(and(eq(chargingRuns.territoryId, territoryId), eq(chargingRuns.id, id)));
}

export async function deleteDraftRun(tx: Tx, territoryId: string, id: string): Promise<void> {
  await tx.delete(statementLines).where(and(eq(statementLines.territoryId, territoryId), eq(statementLines.runId, id)));
  await tx.delete(chargingRunLines).where(and(eq(chargingRunLines.territoryId, territoryId), eq(chargingRunLines.runId, id)));
  await tx.delete(chargingRuns).where(and(eq(chargingRuns.territoryId, territoryId), eq(chargingRuns.id, id), eq(chargingRuns.status, 'draft')));
}

// ---------- run lines ----------
export interface RunLineRow {
  readonly id: string;
  readonly serviceId: string;
  readonly collectivityId: string;
  readonly costLineId: string | null;
  readonly category: BillingCategory;
  readonly label: string;
  readonly sourceCents: number;
  readonly componentIndex: number | null;
  readonly componentPercent: string | null;
  readonly explanation: Explanation;
  readonly amountCents: number;
}

export async function insertRunLines(tx: Tx, territoryId: string, runId: string, rows: readonly RunLineRow[]): Promise<void> {
  await insertAll(tx, chargingRunLines, rows.map((r) => ({ territoryId, runId, ...r })));
}

export async function listRunLines(tx: Tx, territoryId: string, runId: string, collectivityId: string | null): Promise<RunLineRow[]> {
  const rs = await tx
    .select({
      id: chargingRunLines.id,
      serviceId: chargingRunLines.serviceId,
      collectivityId: chargingRunLines.collectivityId,
      costLineId: chargingRunLines.costLineId,
      category: chargingRunLines.category,
      label: chargingRunLines.label,
      sourceCents: chargingRunLines.sourceCents,
      componentIndex: chargingRunLines.componentIndex,
      componentPercent: chargingRunLines.componentPercent,
      explanation: chargingRunLines.explanation,
      amountCents: chargingRunLines.amountCents,
    })
    .from(chargingRunLines)
    .where(and(eq(chargingRunLines.territoryId, territoryId), eq(chargingRunLines.runId, runId), collectivityId === null ? undefined : eq(chargingRunLines.collectivityId, collectivityId)))
    .orderBy(asc(chargingRunLines.id));
  return rs.map((r) => ({ ...r, category: r.category as BillingCategory, explanation: r.explanation as Explanation }));
}

export async function findRunLine(tx: Tx, territoryId: string, runId: string, id: string): Promise<RunLineRow | null> {
  const all = await tx
    .select({ id: chargingRunLines.id })
    .from(chargingRunLines)
    .where(and(eq(chargingRunLines.territoryId, territoryId), eq(chargingRunLines.runId, runId), eq(chargingRunLines.id, id)));
  if (all.length === 0) return null;
  return (await listRunLines(tx, territoryId, runId, null)).find((l) => l.id === id) ?? null;
}

// ---------- statement lines ----------
export interface StatementLineRow {
  readonly id: string;
  readonly collectivityId: string;
  readonly serviceId: string;
  readonly kind: 'charge' | 'installment' | 'paid' | 'settlement';
  readonly dueOn: string | null;
  readonly amountCents: number;
  readonly paymentRoute: 'invoice' | 'compensationDeduction';
  readonly label: string;
}

export async function insertStatementLines(tx: Tx, territoryId: string, runId: string, rows: readonly StatementLineRow[]): Promise<void> {
  await insertAll(tx, statementLines, rows.map((r) => ({ territoryId, runId, ...r })));
}

export async function listStatementLines(tx: Tx, territoryId: string, runId: string, collectivityIds: readonly string[] | null): Promise<StatementLineRow[]> {
  const rs = await tx
    .select({ id: statementLines.id, collectivityId: statementLines.collectivityId, serviceId: statementLines.serviceId, kind: statementLines.kind, dueOn: statementLines.dueOn, amountCents: statementLines.amountCents, paymentRoute: statementLines.paymentRoute, label: statementLines.label })
    .from(statementLines)
    .where(and(eq(statementLines.territoryId, territoryId), eq(statementLines.runId, runId), collectivityIds === null ? undefined : inArray(statementLines.collectivityId, [...collectivityIds, '00000000-0000-0000-0000-000000000000'])))
    .orderBy(asc(statementLines.id));
  return rs.map((r) => ({ ...r, kind: r.kind as StatementLineRow['kind'], paymentRoute: r.paymentRoute as StatementLineRow['paymentRoute'] }));
}

// ---------- installment payments ----------
export interface PaymentRow {
  readonly id: string;
  readonly collectivityId: string;
  readonly serviceId: string;
  readonly year: number;
  readonly paidOn: string;
  readonly amountCents: number;
  readonly reference: string | null;
}

export async function listPayments(tx: Tx, territoryId: string, year: number): Promise<PaymentRow[]> {
  return tx
    .select({ id: installmentPayments.id, collectivityId: installmentPayments.collectivityId, serviceId: installmentPayments.serviceId, year: installmentPayments.year, paidOn: installmentPayments.paidOn, amountCents: installmentPayments.amountCents, reference: installmentPayments.reference })
    .from(installmentPayments)
    .where(and(eq(installmentPayments.territoryId, territoryId), eq(installmentPayments.year, year)))
    .orderBy(asc(installmentPayments.paidOn), asc(installmentPayments.id));
}

export async function insertPayments(tx: Tx, territoryId: string, rows: readonly PaymentRow[]): Promise<void> {
  await insertAll(tx, installmentPayments, rows.map((r) => ({ territoryId, ...r })));
}
