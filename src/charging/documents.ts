import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { formatCents, formatDate, formatLongDate } from '../platform/format.ts';
import { makeTable, renderPdf, tableForTypst, tableToCsv, tableToXlsx, templatePath, type DocumentTable } from '../platform/documents/index.ts';
import * as territory from '../territory/service.ts';
import { BILLING_CATEGORY_LABELS, PAYMENT_ROUTE_LABELS, PHASE_LABELS, SUPPORT_METHOD_LABELS, type BillingCategory } from './model.ts';
import { explanationText } from './explain.ts';
import * as charging from './service.ts';
import * as sources from './sources.ts';
import type { RunRow } from './store.ts';

const NOTE = 'Montants en euros, calculés au centime : chaque ligne de coût est répartie par la méthode du plus fort reste, les égalités départagées par code INSEE ou SIREN.';

async function names(db: Database, ctx: TerritoryContext) {
  const collectivities = await territory.listCollectivities(db, ctx);
  const services = await sources.serviceNames(db, ctx);
  return {
    collectivity: new Map(collectivities.map((c) => [c.id, c])),
    service: new Map(services.map((s) => [s.id, s])),
  };
}

const ACCOUNTING_KIND_LABELS = { receivable: 'titre de recettes', payable: 'mandat (remboursement)', compensationDeduction: 'retenue AC' } as const;

/** The accounting export: one line per receivable, payable or AC deduction, sorted by code, service, account (deterministic). */
export async function accountingTable(db: Database, ctx: TerritoryContext, runId: string): Promise<{ run: RunRow; table: DocumentTable }> {
  const { run, lines } = await charging.accountingLines(db, ctx, runId);
  const n = await names(db, ctx);
  const rows = lines
    .map((l) => {
      const c = n.collectivity.get(l.collectivityId);
      return { ...l, name: c?.name ?? '—', code: c?.inseeCode ?? c?.siren ?? '', service: n.service.get(l.serviceId)?.reference ?? '' };
    })
    .sort((a, b) => cmp(a.code, b.code) || cmp(a.service, b.service) || cmp(a.kind, b.kind) || cmp(a.account, b.account) || cmp(a.dueOn ?? '', b.dueOn ?? '') || cmp(a.category, b.category));
  const table = makeTable(
    `Écritures ${run.year}`,
    [
      { header: 'collectivite', kind: 'text', value: (r: (typeof rows)[number]) => r.name },
      { header: 'code', kind: 'text', value: (r) => r.code },
      { header: 'service', kind: 'text', value: (r) => r.service },
      { header: 'nature', kind: 'text', value: (r) => ACCOUNTING_KIND_LABELS[r.kind] },
      { header: 'compte', kind: 'text', value: (r) => r.account },
      { header: 'echeance', kind: 'date', value: (r) => r.dueOn },
      { header: 'montant', kind: 'cents', value: (r) => r.amountCents },
      { header: 'libelle', kind: 'text', value: (r) => `${r.label} — ${r.category in BILLING_CATEGORY_LABELS ? BILLING_CATEGORY_LABELS[r.category as BillingCategory] : r.category === 'refund' ? 'remboursement' : 'attribution de compensation'}` },
    ],
    rows,
  );
  return { run, table };
}

export async function accountingCsv(db: Database, ctx: TerritoryContext, runId: string): Promise<string> {
  return new TextDecoder().decode(tableToCsv((await accountingTable(db, ctx, runId)).table)).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}

export async function accountingCsvBytes(db: Database, ctx: TerritoryContext, runId: string): Promise<{ filename: string; bytes: Uint8Array }> {
  const { run, table } = await accountingTable(db, ctx, runId);
  return { filename: `ecritures-${run.year}-${run.phase === 'final' ? 'definitif' : 'previsionnel'}-v${run.version}.csv`, bytes: tableToCsv(table) };
}

const runTitle = (run: RunRow) => `${PHASE_LABELS[run.phase]} ${run.year}, version ${run.version}${run.status === 'validated' ? ' (validée)' : ' (brouillon)'}`;
const documentDate = (run: RunRow) => (run.validatedAt ?? run.createdAt).slice(0, 10);

/** The summary table: each participant, each service, its charge. */
async function summaryTables(db: Database, ctx: TerritoryContext, runId: string) {
  const totals = await charging.runTotals(db, ctx, runId, charging.EVERYONE);
  const n = await names(db, ctx);
  const rows = [...totals.byParticipant.entries()].flatMap(([collectivityId, m]) =>
    [...m.entries()].map(([serviceId, cents]) => ({ name: n.collectivity.get(collectivityId)?.name ?? '—', code: n.collectivity.get(collectivityId)?.inseeCode ?? n.collectivity.get(collectivityId)?.siren ?? '', service: n.service.get(serviceId)?.name ?? '—', cents })),
  );
  rows.sort((a, b) => cmp(a.code, b.code) || cmp(a.service, b.service));
  const total = rows.reduce((a, r) => a + r.cents, 0);
  const table = makeTable(
    `Refacturation ${totals.run.year}`,
    [
      { header: 'Collectivité', kind: 'text', value: (r: (typeof rows)[number]) => r.name },
      { header: 'Code', kind: 'text', width: 'auto', value: (r) => r.code },
      { header: 'Service', kind: 'text', value: (r) => r.service },
      { header: 'Montant', kind: 'cents', value: (r) => r.cents },
    ],
    rows,
    ['Total', null, null, total],
  );
  const services = makeTable(
    'Services',
    [
      { header: 'Service', kind: 'text', value: (s: RunRow['services'][number]) => n.service.get(s.serviceId)?.name ?? '—' },
      { header: 'Coût total', kind: 'cents', value: (s) => s.totalCostCents },
      { header: 'Refacturé', kind: 'cents', value: (s) => s.chargedCents },
      { header: 'Écart supporté par le prestataire', kind: 'cents', value: (s) => s.units.reduce((a, u) => a + u.providerGapCents, 0) },
    ],
    totals.run.services,
  );
  return { run: totals.run, table, services };
}

export async function summaryXlsx(db: Database, ctx: TerritoryContext, runId: string): Promise<{ filename: string; bytes: Uint8Array }> {
  const { run, table } = await summaryTables(db, ctx, runId);
  return { filename: `refacturation-${run.year}-${run.phase}-v${run.version}.xlsx`, bytes: await tableToXlsx(table, { date: documentDate(run) }) };
}

export async function summaryPdf(db: Database, ctx: TerritoryContext, territoryName: string, runId: string): Promise<{ filename: string; bytes: Uint8Array }> {
  const { run, table, services } = await summaryTables(db, ctx, runId);
  const date = documentDate(run);
  const bytes = await renderPdf(
    templatePath(import.meta.url, 'summary.typ'),
    {
      territoryName,
      title: 'Synthèse de la refacturation des services mutualisés',
      subtitle: runTitle(run),
      documentDate: date,
      dateText: `édité le ${formatLongDate(date)}`,
      summary: `Montant total refacturé : ${formatCents(run.totalCents)}.`,
      table: tableForTypst(table),
      services: tableForTypst(services),
      method: `Fonctions support : ${SUPPORT_METHOD_LABELS[run.supportMethod]}. ${NOTE}`,
    },
    { date },
  );
  return { filename: `refacturation-${run.year}-${run.phase}-v${run.version}.pdf`, bytes };
}

/** A participant's yearly statement, as PDF (Typst). */
export async function statementPdf(db: Database, ctx: TerritoryContext, territoryName: string, runId: string, collectivityId: string, viewer: charging.Viewer): Promise<{ filename: string; bytes: Uint8Array }> {
  const s = await charging.participantStatement(db, ctx, runId, collectivityId, viewer);
  const n = await names(db, ctx);
  const who = n.collectivity.get(collectivityId);
  const serviceIds = [...new Set(s.statement.map((l) => l.serviceId))].sort((a, b) => cmp(n.service.get(a)?.reference ?? '', n.service.get(b)?.reference ?? ''));
  const services = serviceIds.map((serviceId) => {
    const lines = s.lines.filter((l) => l.serviceId === serviceId);
    const table = makeTable(
      'Détail',
      [
        { header: 'Catégorie', kind: 'text', value: (l: (typeof lines)[number]) => BILLING_CATEGORY_LABELS[l.category] },
        { header: 'Ligne de coût', kind: 'text', value: (l) => l.label },
        { header: 'Règle et part', kind: 'text', value: (l) => explanationText(l) },
        { header: 'Montant', kind: 'cents', value: (l) => l.amountCents },
      ],
      lines,
      ['Total', null, null, lines.reduce((a, l) => a + l.amountCents, 0)],
    );
    const uses = s.workUnits.filter((u) => u.serviceId === serviceId);
    const usesTable =
      uses.length === 0
        ? null
        : tableForTypst(
            makeTable(
              'Utilisations',
              [
                { header: 'Date', kind: 'date', value: (u: (typeof uses)[number]) => u.on },
                { header: 'Ce qui a été fait', kind: 'text', value: (u) => u.description },
                { header: 'Unités', kind: 'text', width: 'auto', value: (u) => u.units.replace('.', ',') },
              ],
              uses,
            ),
          );
    const payments = s.statement.filter((l) => l.serviceId === serviceId);
    const paymentsTable = makeTable(
      'Paiement',
      [
        { header: 'Ligne', kind: 'text', value: (l: (typeof payments)[number]) => l.label },
        { header: 'Échéance', kind: 'date', value: (l) => l.dueOn },
        { header: 'Mode de paiement', kind: 'text', value: (l) => PAYMENT_ROUTE_LABELS[l.paymentRoute] },
        { header: 'Montant', kind: 'cents', value: (l) => l.amountCents },
      ],
      payments,
    );
    const summary = s.run.services.find((x) => x.serviceId === serviceId);
    return {
      name: n.service.get(serviceId)?.name ?? '—',
      basis: summary ? `Coût total du service : ${formatCents(summary.totalCostCents)} ; refacturé à l’ensemble des participants : ${formatCents(summary.chargedCents)}.` : '',
      table: tableForTypst(table),
      uses: usesTable,
      payments: tableForTypst(paymentsTable),
    };
  });
  const total = s.statement.filter((l) => l.kind === 'charge').reduce((a, l) => a + l.amountCents, 0);
  const date = documentDate(s.run);
  const bytes = await renderPdf(
    templatePath(import.meta.url, 'statement.typ'),
    {
      territoryName,
      title: `État de refacturation ${s.run.year} — ${who?.name ?? ''}`,
      subtitle: runTitle(s.run),
      documentDate: date,
      dateText: `édité le ${formatLongDate(date)}`,
      summary: `${who?.name ?? ''} : ${formatCents(total)} pour ${services.length} service(s) mutualisé(s) en ${s.run.year}.`,
      services,
      method: `Fonctions support : ${SUPPORT_METHOD_LABELS[s.run.supportMethod]}.`,
      note: NOTE,
    },
    { date },
  );
  return { filename: `etat-${s.run.year}-${who?.inseeCode ?? who?.siren ?? 'collectivite'}-v${s.run.version}.pdf`, bytes };
}

/** The unit-cost notification letters (CGCT D5211-16) to one beneficiary: one per service provision it uses in the year. */
export async function notificationLetters(db: Database, ctx: TerritoryContext, territoryName: string, year: number, collectivityId: string): Promise<{ filename: string; bytes: Uint8Array }> {
  const services = (await sources.servicesForRun(db, ctx, `${year}-12-31`)).filter((s) => s.participants.some((p) => p.collectivityId === collectivityId) && s.scheme.components.some((c) => c.rule.kind === 'units'));
  if (services.length === 0) throw new charging.NotFound('Aucun coût unitaire notifié à cette collectivité pour cette année.');
  const n = await names(db, ctx);
  const who = n.collectivity.get(collectivityId);
  const units = (await charging.listWorkUnits(db, ctx, year)).filter((u) => u.collectivityId === collectivityId && u.forecast);
  const letters = services.flatMap((service) =>
    service.scheme.components.flatMap((component) => {
      const rule = component.rule;
      if (rule.kind !== 'units') return [];
      const forecast = units.filter((u) => u.serviceId === service.id).reduce((a, u) => a + Number(u.units), 0);
      const table = makeTable(
        'Coût unitaire',
        [
          { header: 'Unité de fonctionnement', kind: 'text', value: (r: { unit: string }) => r.unit },
          { header: 'Coût unitaire notifié', kind: 'cents', value: () => rule.notifiedUnitCents },
          { header: 'Prévision d’utilisation', kind: 'text', value: () => (forecast > 0 ? String(forecast).replace('.', ',') : '—') },
        ],
        [{ unit: rule.unit }],
      );
      return [
        {
          service: service.name,
          notifiedOn: rule.notifiedOn,
          recipient: `À l’attention de ${who?.name ?? ''}`,
          paragraphs: [
            `En application de l’article D5211-16 du code général des collectivités territoriales, nous vous notifions le coût unitaire de fonctionnement du service « ${service.name} » pour l’année ${year}, fixé avant le vote de votre budget.`,
            'Le remboursement sera égal à ce coût unitaire multiplié par le nombre d’unités de fonctionnement effectivement utilisées, constaté dans un état annuel. L’écart entre ce coût notifié et le coût réel reste à la charge du service prestataire.',
            `Notifié le ${formatDate(rule.notifiedOn)} (${service.amendmentLabel}).`,
          ],
          table: tableForTypst(table),
          signature: `Pour ${n.collectivity.get(service.managingCollectivityId)?.name ?? 'le prestataire'}, prestataire du service`,
        },
      ];
    }),
  );
  const date = letters.map((l) => l.notifiedOn).sort()[0]!;
  const bytes = await renderPdf(
    templatePath(import.meta.url, 'notification.typ'),
    { territoryName, title: `Notification du coût unitaire de fonctionnement ${year}`, subtitle: who?.name ?? '', documentDate: date, dateText: `le ${formatLongDate(date)}`, letters },
    { date },
  );
  return { filename: `notification-cout-unitaire-${year}-${who?.inseeCode ?? who?.siren ?? 'collectivite'}.pdf`, bytes };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
