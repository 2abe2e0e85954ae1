import { CsrfField, Field, FormAlert, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { CONSUMPTION_COLUMNS } from '../contract-service.ts';
import { CONSUMPTION_KIND_LABELS, CONSUMPTION_KINDS, type ConsumptionKind } from '../model.ts';
import type { ContractDetail } from '../view-service.ts';
import { day, Facts, money, plural } from './ui.tsx';

interface Props {
  readonly detail: ContractDetail;
  readonly base: string;
  readonly canManage: boolean;
  /** Who may be entered as consuming (empty when the person may not record consumption). */
  readonly consumers: readonly { id: string; name: string }[];
  readonly error: FormError | null;
  readonly form: string;
  readonly values: Record<string, string>;
}

/** A contract: its essential data, its modifications, and what each member consumed against needs and ceiling. */
export function ContractDetailPage(props: Props) {
  const d = props.detail;
  const c = d.contract;
  const errorFor = (form: string) => (props.form === form ? props.error : null);
  return (
    <section>
      <Breadcrumb
        trail={[
          { href: `${props.base}/achats`, label: 'Groupements de commandes' },
          d.group ? { href: `${props.base}/achats/groupements/${d.group.id}`, label: `Groupement ${d.group.reference}` } : { href: `${props.base}/achats/marches`, label: 'Marchés' },
        ]}
      />
      <h1>{`Marché ${c.reference}`}</h1>
      <p class="lead">{c.object}</p>
      <Facts
        items={[
          ['Acheteur (signataire)', d.buyerName],
          ['Origine', d.group ? `Groupement ${d.group.reference}${d.lot ? `, lot ${d.lot.number}` : ''}` : (c.sharedDirection ?? 'Marché propre')],
          ['Notifié le', day(c.notifiedOn)],
          ['Montant HT initial', money(c.amountCents)],
          ['Montant HT en vigueur', money(d.amountInForceCents)],
          ['Durée en vigueur', plural(d.durationInForceMonths, 'mois', 'mois')],
        ]}
      />
      <h2>Données essentielles</h2>
      <dl class="decp">
        {(
          [
            ['Nature', c.nature],
            ['Procédure', c.procedure],
            ['Code CPV', c.cpvCode],
            ["Techniques d'achat", c.techniques.join(', ')],
            ["Modalités d'exécution", c.executionMethods.join(', ')],
            ['CCAG', c.ccag],
            ['Offres reçues', String(c.offersReceived)],
            ['Forme et types de prix', `${c.priceForm} ; ${c.priceTypes.join(', ')}`],
            ["Lieu d'exécution", `${c.placeCode} (${c.placeCodeType})`],
            ["Groupement d'opérateurs", c.operatorGrouping],
            ['Considérations sociales', c.socialConsiderations.join(', ')],
            ['Considérations environnementales', c.environmentalConsiderations.join(', ')],
            ['Avance', c.advancePaid ? `oui${c.advanceRate ? ` (taux ${c.advanceRate.replace('.', ',')})` : ''}` : 'non'],
            ['Marché innovant', c.innovative ? 'oui' : 'non'],
            ['Sous-traitance déclarée', c.subcontractingDeclared ? 'oui' : 'non'],
            ['Titulaires', c.suppliers.map((s) => `${s.name ?? 'nom non renseigné'} (${s.identifierType} ${s.identifier})`).join(' ; ')],
            ['Publication (DECP)', d.published.must ? `à publier par ${d.buyerName}` : d.published.thresholdCents === null ? `non publié : ${d.published.basis}` : `non publié : sous le seuil de publication (${d.published.basis})`],
            ['Source', c.source],
          ] as const
        ).map(([term, value]) => (
          <div>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <h2 id="modifications">Modifications</h2>
      {c.modifications.length === 0 ? (
        <p>Aucune modification.</p>
      ) : (
        <ScrollRegion label="Modifications du marché">
          <table>
            <caption>{plural(c.modifications.length, 'modification', 'modifications')}</caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Notifiée le</th>
                <th scope="col" class="num">Nouveau montant HT</th>
                <th scope="col" class="num">Nouvelle durée</th>
                <th scope="col">Objet</th>
              </tr>
            </thead>
            <tbody>
              {c.modifications.map((m) => (
                <tr>
                  <td>{m.seq}</td>
                  <td>{day(m.notifiedOn)}</td>
                  <td class="num">{m.amountCents !== null ? money(m.amountCents) : 'inchangé'}</td>
                  <td class="num">{m.durationMonths !== null ? plural(m.durationMonths, 'mois', 'mois') : 'inchangée'}</td>
                  <td>{m.object ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canManage ? (
        <form method="post" action={`${props.base}/achats/marches/${c.id}/modifications`} class="inline" aria-label="Modification du marché">
          <CsrfField />
          <FormAlert error={errorFor('modification')} fields={['notifiedOn', 'amountCents', 'durationMonths', 'object']} />
          <Field id="mod-notifiedOn" name="notifiedOn" label="Modification notifiée le" type="date" required value={props.values.notifiedOn ?? ''} error={errorFor('modification')} />
          <Field id="mod-amountCents" name="amountCents" label="Nouveau montant HT (euros)" inputmode="decimal" value={props.values.amountCents ?? ''} error={errorFor('modification')} />
          <Field id="mod-durationMonths" name="durationMonths" label="Nouvelle durée (mois)" inputmode="numeric" value={props.values.durationMonths ?? ''} error={errorFor('modification')} />
          <Field id="mod-object" name="object" label="Objet de la modification" value={props.values.object ?? ''} error={errorFor('modification')} />
          <button type="submit">Enregistrer la modification</button>
        </form>
      ) : null}

      <h2 id="consommation">Consommation</h2>
      <p class={d.consumption.beyondCeiling ? 'flag' : undefined} role={d.consumption.beyondCeiling ? 'alert' : undefined}>
        {d.consumption.beyondCeiling
          ? `Plafond dépassé : ${money(d.consumption.totalCents)} consommés pour un montant HT en vigueur de ${money(d.consumption.ceilingCents)}, soit ${money(-d.consumption.remainingCents)} au-delà. Une modification du marché ou un nouveau marché est nécessaire.`
          : `${money(d.consumption.totalCents)} consommés sur ${money(d.consumption.ceilingCents)} (reste ${money(d.consumption.remainingCents)}).`}
      </p>
      {d.memberLines.length > 0 ? (
        <ScrollRegion label="Consommation par membre">
          <table>
            <caption>Consommation par membre, comparée aux besoins déclarés (le facturé prime sur le commandé)</caption>
            <thead>
              <tr>
                <th scope="col">Membre</th>
                <th scope="col" class="num">Consommé HT</th>
                <th scope="col" class="num">Besoin estimé HT</th>
                <th scope="col">Écart</th>
              </tr>
            </thead>
            <tbody>
              {d.memberLines.map((l) => (
                <tr>
                  <td>{l.name}</td>
                  {l.hidden ? (
                    <td colSpan={3} class="hint">
                      réservé au membre et au coordonnateur
                    </td>
                  ) : (
                    <>
                      <td class="num">{money(l.consumedCents ?? 0)}</td>
                      <td class="num">{l.neededCents !== null ? money(l.neededCents) : '—'}</td>
                      <td>{l.overNeed ? <strong class="flag">au-delà du besoin déclaré</strong> : l.neededCents !== null ? 'dans le besoin' : ''}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p>Aucune consommation enregistrée.</p>
      )}
      {d.consumptionRows.length > 0 ? (
        <ScrollRegion label="Détail des consommations">
          <table>
            <caption>Détail par période</caption>
            <thead>
              <tr>
                <th scope="col">Membre</th>
                <th scope="col">Période</th>
                <th scope="col">Nature</th>
                <th scope="col" class="num">Montant HT</th>
                <th scope="col">Référence</th>
              </tr>
            </thead>
            <tbody>
              {d.consumptionRows.map((r) => (
                <tr>
                  <td>{r.member}</td>
                  <td>{r.period}</td>
                  <td>{CONSUMPTION_KIND_LABELS[r.kind as ConsumptionKind]}</td>
                  <td class="num">{money(r.amountCents)}</td>
                  <td>{r.reference ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {props.consumers.length > 0 ? (
        <div class="forms">
          <form method="post" action={`${props.base}/achats/marches/${c.id}/consommations`} class="stacked narrow" id="saisie-consommation" aria-label="Saisir une consommation">
            <h3>Saisir une consommation</h3>
            <CsrfField />
            <FormAlert error={errorFor('consommation')} fields={['collectivityId', 'period', 'kind', 'amountCents', 'reference']} />
            <Field id="collectivityId" name="collectivityId" label="Membre" error={errorFor('consommation')}>
              <select id="collectivityId" name="collectivityId">
                {props.consumers.map((m) => (
                  <option value={m.id} selected={props.values.collectivityId === m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="period" name="period" label="Période" hint="Une année (2019) ou un mois (2019-03)." required value={props.values.period ?? ''} error={errorFor('consommation')} />
            <Field id="kind" name="kind" label="Nature" error={errorFor('consommation')}>
              <select id="kind" name="kind">
                {CONSUMPTION_KINDS.map((k) => (
                  <option value={k} selected={props.values.kind === k}>
                    {CONSUMPTION_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="amountCents" name="amountCents" label="Montant HT (euros)" inputmode="decimal" required value={props.values.amountCents ?? ''} error={errorFor('consommation')} />
            <Field id="reference" name="reference" label="Référence (bon de commande, facture)" value={props.values.reference ?? ''} error={errorFor('consommation')} />
            <button type="submit">Enregistrer</button>
          </form>
          <form method="post" action={`${props.base}/achats/marches/${c.id}/consommations/import`} enctype="multipart/form-data" class="stacked narrow" id="import" aria-label="Importer des consommations">
            <h3>Importer des consommations</h3>
            <p class="hint">
              CSV (UTF-8) ou XLSX avec les colonnes <code>{CONSUMPTION_COLUMNS.join(' ; ')}</code> : membre par code INSEE, SIREN ou SIRET ; nature « commandé » ou « facturé » ; montant en euros. Tout ou rien.
            </p>
            {props.form === 'import' && props.values.importResult ? (
              <p class="notice" role="status">
                {props.values.importResult}
              </p>
            ) : null}
            <CsrfField />
            <Field id="fichier" name="fichier" label="Fichier" type="file" accept=".csv,.xlsx,text/csv" required error={errorFor('import')} />
            <button type="submit">Importer</button>
          </form>
        </div>
      ) : null}
    </section>
  );
}
