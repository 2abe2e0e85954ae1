import type { ComponentChildren } from 'preact';
import { CsrfField, Field, FormAlert, type FormError } from '../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { formatCents, formatDate, formatInteger, formatLegalDate } from '../platform/format.ts';
import {
  AGREEMENT_STATUS_LABELS,
  PAYMENT_ROUTE_LABELS,
  SERVICE_KIND_LABELS,
  SERVICE_STATUS_LABELS,
  SERVICE_STATUSES,
  STAFF_STATUS_LABELS,
  type AgreementStatus,
  type SharedService,
} from './model.ts';
import { describeInstallments, describeScheme } from './scheme-text.ts';
import type { AgreementDetail, AgreementSummary, CompensationLine, RegisterView } from './view-service.ts';

const day = (date: string | null) => (date ? formatDate(date) : '—');

export function createdText(s: Pick<SharedService, 'createdOn' | 'createdOnPrecision'>): string {
  if (!s.createdOn || !s.createdOnPrecision) return 'non précisée';
  const value = s.createdOn.slice(0, s.createdOnPrecision === 'year' ? 4 : s.createdOnPrecision === 'month' ? 7 : 10);
  return formatLegalDate({ value, precision: s.createdOnPrecision });
}

export function AgreementBadge(props: { status: AgreementStatus }) {
  return <span class={`badge agreements-status-${props.status}`}>{AGREEMENT_STATUS_LABELS[props.status]}</span>;
}

function Facts(props: { items: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="facts">
      {props.items.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AgreementLinks(props: { base: string; list: readonly AgreementSummary[] }) {
  if (props.list.length === 0) return <>aucune convention enregistrée</>;
  return (
    <ul class="agreements-list">
      {props.list.map((a) => (
        <li>
          <a href={`${props.base}/conventions/${a.agreement.id}`}>{a.agreement.reference}</a> <AgreementBadge status={a.status} />
        </li>
      ))}
    </ul>
  );
}

export function RegisterPage(props: { view: RegisterView; base: string; on: string; filters: { theme: string; participant: string; status: string }; communeOnly: boolean; ownCommunes?: readonly { inseeCode: string; name: string }[] }) {
  const { view, base, filters } = props;
  return (
    <section>
      <h1>Services mutualisés et conventions</h1>
      <p class="prose">
        Services communs (CGCT L5211-4-2), mises à disposition de services (L5211-4-1) et prestations de services, avec les conventions qui les régissent, au {formatDate(props.on)}.
        {props.communeOnly ? ' Vous voyez les services et conventions auxquels votre commune participe.' : ''}
      </p>
      <form method="get" action={`${base}/conventions`} class="agreements-filters" aria-label="Filtrer le registre">
        <div class="field">
          <label for="theme">Thématique</label>
          <select id="theme" name="theme">
            <option value="">Toutes</option>
            {view.themes.map((t) => (
              <option value={t} selected={filters.theme === t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="participant">Participant</label>
          <select id="participant" name="participant">
            <option value="">Tous</option>
            {view.participantChoices.map((p) => (
              <option value={p.id} selected={filters.participant === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="statut">Statut</label>
          <select id="statut" name="statut">
            <option value="">Tous</option>
            {SERVICE_STATUSES.map((s) => (
              <option value={s} selected={filters.status === s}>
                {SERVICE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filtrer</button>
      </form>
      {(props.ownCommunes ?? []).map((c) => (
        <p>
          <a href={`${base}/communes/${c.inseeCode}/attribution-compensation`}>Attribution de compensation de {c.name}</a>
        </p>
      ))}
      <p class="downloads">
        Télécharger le registre : <a href={`${base}/conventions.csv`}>CSV</a> · <a href={`${base}/conventions.xlsx`}>XLSX</a>
      </p>
      {view.services.length === 0 ? (
        <p>Aucun service ne correspond à ces critères.</p>
      ) : (
        <ScrollRegion label="Services mutualisés" id="services">
          <table>
            <caption>
              {formatInteger(view.services.length)} service{view.services.length > 1 ? 's' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Nature</th>
                <th scope="col">Thématique</th>
                <th scope="col">Géré par</th>
                <th scope="col">Création</th>
                <th scope="col">Participants</th>
                <th scope="col">Statut</th>
                <th scope="col">Conventions</th>
              </tr>
            </thead>
            <tbody>
              {view.services.map((s) => (
                <tr>
                  <th scope="row">
                    {s.name} <span class="hint">({s.reference})</span>
                  </th>
                  <td>{SERVICE_KIND_LABELS[s.kind]}</td>
                  <td>{s.theme}</td>
                  <td>{s.managingName}</td>
                  <td>{createdText(s)}</td>
                  <td>
                    {s.participants.map((p) => (
                      <span class="agreements-participant">
                        {p.name}
                        {p.validFrom > (s.createdOn ?? '0000') ? ` (depuis le ${formatDate(p.validFrom)})` : ''}
                        {p.validTo ? ` (jusqu'au ${formatDate(p.validTo)})` : ''}
                      </span>
                    ))}
                  </td>
                  <td>{SERVICE_STATUS_LABELS[s.status]}</td>
                  <td>
                    <AgreementLinks base={base} list={s.agreements} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {view.general.length > 0 ? (
        <>
          <h2>Convention générale</h2>
          <ul class="agreements-list">
            {view.general.map((g) => (
              <li>
                <a href={`${base}/conventions/${g.agreement.id}`}>{g.agreement.reference}</a> — {g.agreement.object} <AgreementBadge status={g.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ApprovalsTable(props: { caption: string; rows: readonly { id: string; name: string; approval: { body: string; approvedOn: string; deliberationReference: string | null } | null }[] }) {
  return (
    <ScrollRegion label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Partie</th>
            <th scope="col">Assemblée</th>
            <th scope="col">Approuvé le</th>
            <th scope="col">Délibération</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.name}</th>
              {r.approval ? (
                <>
                  <td>{r.approval.body}</td>
                  <td>{formatDate(r.approval.approvedOn)}</td>
                  <td>{r.approval.deliberationReference ?? '—'}</td>
                </>
              ) : (
                <td colSpan={3}>
                  <span class="badge agreements-status-pending">Pas encore approuvé</span>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function AgreementPage(props: { detail: AgreementDetail; base: string; on: string; canApprove: boolean; communeOnly: boolean; error: FormError | null; values: Record<string, string> }) {
  const { detail, base } = props;
  const a = detail.summary.agreement;
  const name = (id: string) => detail.names.get(id) ?? '—';
  const pendingTargets = [
    ...(detail.summary.state.missing.length > 0 ? [{ value: 'agreement', label: `La convention ${a.reference}`, missing: detail.summary.state.missing }] : []),
    ...detail.amendments.filter((m) => m.state.missing.length > 0).map((m) => ({ value: m.amendment.id, label: `L'avenant n° ${m.amendment.number}`, missing: m.state.missing })),
  ];
  const v = props.values;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${base}/conventions`, label: 'Services mutualisés et conventions' }]} />
      <h1>
        Convention {a.reference} <AgreementBadge status={detail.summary.status} />
      </h1>
      <p class="lead">{a.object}</p>
      <Facts
        items={[
          ['Service', detail.service ? `${detail.service.name} — ${SERVICE_KIND_LABELS[detail.service.kind]}, géré par ${detail.service.managingName}, créé : ${createdText(detail.service)}` : 'Convention générale (toutes thématiques)'],
          ['Parties', detail.summary.parties.map((p) => p.name).join(', ')],
          ['Signée le', day(a.signedOn)],
          ['Prend effet le', a.inForceFrom ? formatDate(a.inForceFrom) : 'à la dernière approbation'],
          ['En vigueur', detail.summary.inForceOn ? `à partir du ${formatDate(detail.summary.inForceOn)}${a.endsOn ? `, jusqu'au ${formatDate(a.endsOn)}` : ''}` : 'non : toutes les parties n’ont pas approuvé'],
          ['Avenant en vigueur', detail.amendmentInForce ? `n° ${detail.amendmentInForce.number} (au ${formatDate(props.on)})` : 'aucun'],
        ]}
      />
      {detail.service?.activities ? <p class="prose">{detail.service.activities}</p> : null}
      {a.note ? <p class="hint">{a.note}</p> : null}
      <p class="downloads">
        <a href={`${base}/conventions/${a.id}/fiche.pdf`}>Fiche de la convention (PDF)</a>
      </p>

      <h2 id="approbations">Approbations</h2>
      <p class="prose">Les assemblées approuvent dans n'importe quel ordre ; la convention s'applique quand toutes les parties ont approuvé.</p>
      <ApprovalsTable caption={`Approbations de la convention ${a.reference}`} rows={detail.approvalsByParty} />
      {props.canApprove && pendingTargets.length > 0 ? (
        <form method="post" action={`${base}/conventions/${a.id}/approbations`} class="stacked prose" aria-label="Enregistrer une approbation">
          <h3>Enregistrer une approbation</h3>
          <CsrfField />
          <FormAlert error={props.error} fields={['target', 'collectivityId', 'body', 'approvedOn', 'deliberationReference']} />
          <Field id="target" name="target" label="Acte approuvé" error={props.error}>
            <select id="target" name="target">
              {pendingTargets.map((t) => (
                <option value={t.value} selected={v.target === t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="collectivityId" name="collectivityId" label="Partie qui approuve" error={props.error}>
            <select id="collectivityId" name="collectivityId">
              {[...new Set(pendingTargets.flatMap((t) => t.missing))].map((id) => (
                <option value={id} selected={v.collectivityId === id}>
                  {name(id)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="body" name="body" label="Assemblée" hint="Par exemple : Bureau métropolitain, Conseil municipal." required value={v.body ?? ''} error={props.error} />
          <Field id="approvedOn" name="approvedOn" label="Date de la délibération" type="date" required value={v.approvedOn ?? ''} error={props.error} />
          <Field id="deliberationReference" name="deliberationReference" label="Référence de la délibération" value={v.deliberationReference ?? ''} error={props.error} />
          <button type="submit">Enregistrer l'approbation</button>
        </form>
      ) : null}

      <h2 id="avenants">Avenants et annexes financières</h2>
      {detail.amendments.length === 0 ? <p>Aucun avenant.</p> : null}
      {detail.amendments.map((m) => (
        <article class="agreements-amendment" aria-labelledby={`avenant-${m.amendment.number}`}>
          <h3 id={`avenant-${m.amendment.number}`}>
            Avenant n° {m.amendment.number} — {m.amendment.object}
          </h3>
          <Facts
            items={[
              ['Prend effet le', formatDate(m.amendment.effectiveFrom)],
              ['Approbation', m.state.completeOn ? `approuvé par tous le ${formatDate(m.state.completeOn)}` : `en attente de : ${m.state.missing.map(name).join(', ')}`],
              ...(m.amendment.workUnit ? ([['Unité de fonctionnement (CGCT D5211-16)', `${m.amendment.workUnit} ; prévision : ${m.amendment.forecastUnits ?? '—'} unités par an`]] as const) : []),
              ...(m.amendment.staffCommitteeOpinionOn ? ([['Avis du comité social territorial', `${formatDate(m.amendment.staffCommitteeOpinionOn)} : ${m.amendment.staffCommitteeOpinion ?? ''}`]] as const) : []),
              ...(m.amendment.impactSheet ? ([["Fiche d'impact", m.amendment.impactSheet]] as const) : []),
            ]}
          />
          <h4>Schéma de refacturation</h4>
          <ul>
            {describeScheme(m.amendment.chargingScheme, name).map((line) => (
              <li>{line}</li>
            ))}
          </ul>
          <ScrollRegion label={`Paiement de l'avenant n° ${m.amendment.number}`}>
            <table>
              <caption>Mode de paiement et échéancier de chaque participant (avenant n° {m.amendment.number})</caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Mode de paiement</th>
                  <th scope="col">Échéancier</th>
                  <th scope="col">Approbation</th>
                </tr>
              </thead>
              <tbody>
                {m.participants.map((p) => {
                  const approval = m.state.approved.find((x) => x.collectivityId === p.collectivityId);
                  return (
                    <tr>
                      <th scope="row">{p.name}</th>
                      <td>{PAYMENT_ROUTE_LABELS[p.paymentRoute]}</td>
                      <td>{describeInstallments(p.installments)}</td>
                      <td>{approval ? `${approval.body}, ${formatDate(approval.approvedOn)}` : <span class="badge agreements-status-pending">Pas encore approuvé</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        </article>
      ))}

      <h2 id="pilotage">Comité de pilotage</h2>
      {detail.committee ? (
        <>
          <p>
            <strong>{detail.committee.name}</strong> : {detail.committee.members.map((m) => `${m.name}, ${m.role} (${m.collectivityName})`).join(' ; ')}.
          </p>
          {detail.committee.meetings.length === 0 ? (
            <p>Aucune réunion enregistrée.</p>
          ) : (
            detail.committee.meetings.map((meeting) => (
              <div class="agreements-meeting">
                <h3>Réunion du {formatDate(meeting.heldOn)}</h3>
                <p>{meeting.agenda}</p>
                {meeting.decisions.length > 0 ? (
                  <ul>
                    {meeting.decisions.map((d) => (
                      <li>{d}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ))
          )}
        </>
      ) : (
        <p>Aucun comité de pilotage enregistré.</p>
      )}

      {detail.service ? (
        <>
          <h2 id="agents">Agents du service</h2>
          <ScrollRegion label="Agents : chiffres agrégés">
            <table>
              <caption>Agents par collectivité d'origine et situation (chiffres agrégés)</caption>
              <thead>
                <tr>
                  <th scope="col">Collectivité d'origine</th>
                  <th scope="col">Situation</th>
                  <th scope="col" class="num">
                    Agents
                  </th>
                  <th scope="col" class="num">
                    ETP
                  </th>
                  <th scope="col" class="num">
                    Coût annuel
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.staffTotals.map((t) => (
                  <tr>
                    <th scope="row">{t.originName}</th>
                    <td>{STAFF_STATUS_LABELS[t.status]}</td>
                    <td class="num">{formatInteger(t.headcount)}</td>
                    <td class="num">{(t.fteHundredths / 100).toFixed(2).replace('.', ',')}</td>
                    <td class="num">{formatCents(t.yearlyCostCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {detail.staff ? (
            <ScrollRegion label="Agents : lignes individuelles">
              <table>
                <caption>Postes et agents (réservé aux finances, aux responsables de service et à la mission mutualisation)</caption>
                <thead>
                  <tr>
                    <th scope="col">Poste</th>
                    <th scope="col">Agent</th>
                    <th scope="col">Collectivité d'origine</th>
                    <th scope="col">Situation</th>
                    <th scope="col" class="num">
                      ETP
                    </th>
                    <th scope="col" class="num">
                      Coût annuel
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {detail.staff.map((s) => (
                    <tr>
                      <th scope="row">{s.post}</th>
                      <td>{s.agentName ?? 'poste vacant'}</td>
                      <td>{s.originName}</td>
                      <td>{STAFF_STATUS_LABELS[s.status]}</td>
                      <td class="num">{s.fte.replace('.', ',')}</td>
                      <td class="num">{formatCents(s.yearlyCostCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ) : (
            <p class="hint">Le détail par agent est réservé aux finances, aux responsables de service et à la mission mutualisation.</p>
          )}
        </>
      ) : null}
    </section>
  );
}

export function CompensationPage(props: {
  lines: readonly CompensationLine[];
  year: number;
  base: string;
  canManage: boolean;
  allCommunes: readonly { id: string; name: string }[];
  error: FormError | null;
  values: Record<string, string>;
}) {
  const { lines, year, base } = props;
  const v = props.values;
  return (
    <section>
      <h1>Attributions de compensation {year}</h1>
      <p class="prose">
        Montant fixé après le rapport de la CLECT, retenues au titre des services communs (CGI 1609 nonies C), montant net versé par douzièmes ; une attribution négative est due par la commune à l'EPCI.
      </p>
      <nav class="agreements-years" aria-label="Années">
        <ul>
          {[year - 2, year - 1, year, year + 1].map((y) => (
            <li>
              <a href={`${base}/attributions-compensation?annee=${y}`} aria-current={y === year ? 'page' : undefined}>
                {y}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {lines.length === 0 ? (
        <p>Aucune attribution de compensation enregistrée pour {year}.</p>
      ) : (
        <ScrollRegion label={`Attributions de compensation ${year}`} id="attributions">
          <table>
            <caption>Attributions de compensation {year} par commune</caption>
            <thead>
              <tr>
                <th scope="col">Commune</th>
                <th scope="col" class="num">
                  Après CLECT
                </th>
                <th scope="col" class="num">
                  Retenues services communs
                </th>
                <th scope="col" class="num">
                  Net
                </th>
                <th scope="col" class="num">
                  Douzième
                </th>
                <th scope="col" class="agreements-deductions">Détail des retenues</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr>
                  <th scope="row">{l.name}</th>
                  <td class="num">{formatCents(l.clectAmountCents)}</td>
                  <td class="num">{formatCents(l.deductionsCents)}</td>
                  <td class="num">
                    {formatCents(l.netCents)}
                    {l.dueByCommune ? <span class="badge agreements-due">due par la commune</span> : null}
                  </td>
                  <td class="num">{formatCents(l.monthlyCents[0]!)}</td>
                  <td class="agreements-deductions">{l.deductions.length === 0 ? '—' : l.deductions.map((d) => <span class="agreements-participant">{`${d.serviceName} : ${formatCents(d.amountCents)}`}</span>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canManage ? (
        <form method="post" action={`${base}/attributions-compensation?annee=${year}`} class="stacked prose" aria-label="Fixer une attribution de compensation">
          <h2>Fixer une attribution de compensation</h2>
          <CsrfField />
          <FormAlert error={props.error} fields={['communeId', 'year', 'clectAmount', 'clectAmountCents', 'clectReportOn']} />
          <Field id="communeId" name="communeId" label="Commune" error={props.error}>
            <select id="communeId" name="communeId">
              {props.allCommunes.map((c) => (
                <option value={c.id} selected={v.communeId === c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="year" name="year" label="Année" inputmode="numeric" required value={v.year ?? String(year)} error={props.error} />
          <Field id="clectAmount" name="clectAmount" label="Montant après CLECT (euros)" hint="Négatif si la commune doit l'attribution, ex. −12 500,00." required value={v.clectAmount ?? ''} error={props.error} />
          <Field id="clectReportOn" name="clectReportOn" label="Rapport de la CLECT du" type="date" value={v.clectReportOn ?? ''} error={props.error} />
          <button type="submit">Enregistrer</button>
        </form>
      ) : null}
    </section>
  );
}

/** One commune's AC, year by year, with the deductions and the monthly payment. */
export function CommuneCompensationPage(props: { name: string; lines: readonly CompensationLine[]; base: string; canRegister: boolean }) {
  return (
    <section>
      {props.canRegister ? <Breadcrumb trail={[{ href: `${props.base}/attributions-compensation`, label: 'Attributions de compensation' }]} /> : null}
      <h1>Attribution de compensation de {props.name}</h1>
      <p class="prose">Montant fixé après le rapport de la CLECT, retenues au titre des services communs (CGI 1609 nonies C) et montant net versé par douzièmes.</p>
      {props.lines.length === 0 ? (
        <p>Aucune attribution de compensation enregistrée.</p>
      ) : (
        <ScrollRegion label={`Attribution de compensation de ${props.name}`} id="attributions">
          <table>
            <caption>Attribution de compensation de {props.name}, par année</caption>
            <thead>
              <tr>
                <th scope="col">Année</th>
                <th scope="col" class="num">
                  Après CLECT
                </th>
                <th scope="col" class="num">
                  Retenues services communs
                </th>
                <th scope="col" class="num">
                  Net
                </th>
                <th scope="col" class="num">
                  Douzième
                </th>
                <th scope="col" class="agreements-deductions">Détail des retenues</th>
              </tr>
            </thead>
            <tbody>
              {props.lines.map((l) => (
                <tr>
                  <th scope="row">{l.year}</th>
                  <td class="num">{formatCents(l.clectAmountCents)}</td>
                  <td class="num">{formatCents(l.deductionsCents)}</td>
                  <td class="num">
                    {formatCents(l.netCents)}
                    {l.dueByCommune ? <span class="badge agreements-due">due par la commune</span> : null}
                  </td>
                  <td class="num">{formatCents(l.monthlyCents[0]!)}</td>
                  <td class="agreements-deductions">{l.deductions.length === 0 ? '—' : l.deductions.map((d) => <span class="agreements-participant">{`${d.serviceName} : ${formatCents(d.amountCents)}`}</span>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
