import { formatDate, formatLegalDate, formatLongDate } from '../platform/format.ts';
import { makeTable, renderPdf, tableForTypst, templatePath, type DocumentTable } from '../platform/documents/index.ts';
import { AGREEMENT_STATUS_LABELS, PAYMENT_ROUTE_LABELS, SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS, STAFF_STATUS_LABELS } from './model.ts';
import { describeInstallments, describeScheme } from './scheme-text.ts';
import type { AgreementDetail, RegisterView } from './view-service.ts';

type Row = RegisterView['services'][number];

/** The register as a table (CSV/XLSX): one line per service, its agreements and their state. */
export function registerTable(view: RegisterView): DocumentTable {
  return makeTable(
    'Services mutualisés',
    [
      { header: 'Code', kind: 'text', width: 'auto', value: (s: Row) => s.reference },
      { header: 'Service', kind: 'text', value: (s) => s.name },
      { header: 'Nature', kind: 'text', value: (s) => SERVICE_KIND_LABELS[s.kind] },
      { header: 'Thématique', kind: 'text', value: (s) => s.theme },
      { header: 'Géré par', kind: 'text', value: (s) => s.managingName },
      { header: 'Créé', kind: 'text', value: (s) => (s.createdOn && s.createdOnPrecision ? formatLegalDate({ value: s.createdOn.slice(0, s.createdOnPrecision === 'year' ? 4 : s.createdOnPrecision === 'month' ? 7 : 10), precision: s.createdOnPrecision }) : 'non précisé') },
      { header: 'Statut', kind: 'text', value: (s) => SERVICE_STATUS_LABELS[s.status] },
      { header: 'Participants', kind: 'text', value: (s) => s.participants.map((p) => `${p.name} (depuis le ${formatDate(p.validFrom)}${p.validTo ? `, jusqu'au ${formatDate(p.validTo)}` : ''})`).join(' ; ') },
      { header: 'Conventions', kind: 'text', value: (s) => s.agreements.map((a) => `${a.agreement.reference} : ${AGREEMENT_STATUS_LABELS[a.status]}`).join(' ; ') },
    ],
    view.services,
  );
}

/** The printable sheet of an agreement: parties and approvals, amendments and their schemes, committee, staff figures. */
export async function agreementSheetPdf(detail: AgreementDetail, territoryName: string, on: string): Promise<Uint8Array> {
  const name = (id: string) => detail.names.get(id) ?? '—';
  const a = detail.summary.agreement;
  const approvals = makeTable(
    'Approbations',
    [
      { header: 'Partie', kind: 'text', value: (p: AgreementDetail['approvalsByParty'][number]) => p.name },
      { header: 'Assemblée', kind: 'text', value: (p) => p.approval?.body ?? 'pas encore approuvée' },
      { header: 'Date', kind: 'date', value: (p) => p.approval?.approvedOn ?? null },
      { header: 'Délibération', kind: 'text', value: (p) => p.approval?.deliberationReference ?? '' },
    ],
    detail.approvalsByParty,
  );
  const staff = makeTable(
    'Agents (chiffres agrégés)',
    [
      { header: "Collectivité d'origine", kind: 'text', value: (t: AgreementDetail['staffTotals'][number]) => t.originName },
      { header: 'Situation', kind: 'text', value: (t) => STAFF_STATUS_LABELS[t.status] },
      { header: 'Agents', kind: 'integer', value: (t) => t.headcount },
      { header: 'ETP', kind: 'text', value: (t) => (t.fteHundredths / 100).toFixed(2).replace('.', ',') },
      { header: 'Coût annuel', kind: 'cents', value: (t) => t.yearlyCostCents },
    ],
    detail.staffTotals,
  );
  return renderPdf(
    templatePath(import.meta.url, 'agreement.typ'),
    {
      territoryName,
      title: `Convention ${a.reference}`,
      subtitle: a.object,
      dateText: `état au ${formatLongDate(on)}`,
      facts: [
        ['Service', detail.service ? `${detail.service.name} (${SERVICE_KIND_LABELS[detail.service.kind]}, géré par ${detail.service.managingName})` : 'Convention générale'],
        ['Parties', detail.summary.parties.map((p) => p.name).join(', ')],
        ['Signée le', a.signedOn ? formatDate(a.signedOn) : 'non renseigné'],
        ['État', AGREEMENT_STATUS_LABELS[detail.summary.status] + (detail.summary.inForceOn ? ` (en vigueur à partir du ${formatDate(detail.summary.inForceOn)})` : '')],
      ],
      approvals: tableForTypst(approvals),
      amendments: detail.amendments.map((m) => ({
        title: `Avenant n° ${m.amendment.number} — ${m.amendment.object}`,
        effect: `Prend effet le ${formatDate(m.amendment.effectiveFrom)}${m.state.completeOn ? `, approuvé par tous le ${formatDate(m.state.completeOn)}` : `, en attente de : ${m.state.missing.map(name).join(', ')}`}`,
        scheme: describeScheme(m.amendment.chargingScheme, name),
        payments: m.participants.map((p) => `${p.name} : ${PAYMENT_ROUTE_LABELS[p.paymentRoute]} ; ${describeInstallments(p.installments)}`),
      })),
      committee: detail.committee ? { name: detail.committee.name, members: detail.committee.members.map((m) => `${m.name}, ${m.role} (${m.collectivityName})`), meetings: detail.committee.meetings.map((m) => ({ heldOn: formatDate(m.heldOn), agenda: m.agenda, decisions: [...m.decisions] })) } : null,
      staff: detail.staffTotals.length > 0 ? tableForTypst(staff) : null,
    },
    { date: on },
  );
}
