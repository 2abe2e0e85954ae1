import { CsrfField, Field, FormAlert, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { COLLECTIVITY_KIND_LABELS, type Collectivity } from '../../territory/model.ts';
import { COORDINATOR_MISSION_LABELS, needsOpen, type GroupMember } from '../model.ts';
import type { ContractView, GroupDetail } from '../view-service.ts';
import { day, Facts, formatQuantity, money, plural, scopesText, StatusBadge } from './ui.tsx';
import { needsPath } from './needs.tsx';

interface Props {
  readonly detail: GroupDetail;
  readonly base: string;
  readonly canManage: boolean;
  readonly canConsume: boolean;
  /** Members whose needs form the person may open (its own commune, or every commune for the coordinator's team). */
  readonly needsLinks: readonly GroupMember[];
  readonly register: readonly Collectivity[];
  readonly error: FormError | null;
  readonly form: string;
  readonly values: Record<string, string>;
}

const kindLabel = (kind: string) => COLLECTIVITY_KIND_LABELS[kind as keyof typeof COLLECTIVITY_KIND_LABELS] ?? kind;

/** A group's page: what it is, who is in it and approved it, needs per lot, its contracts and their consumption. */
export function GroupDetailPage(props: Props) {
  const { group, members, coordinator, lots, missing, contracts } = props.detail;
  const errorFor = (form: string) => (props.form === form ? props.error : null);
  const open = needsOpen(group);
  const outside = props.register.filter((c) => !members.some((m) => m.collectivityId === c.id));
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/achats`, label: 'Groupements de commandes' }]} />
      <h1>{`Groupement ${group.reference}`}</h1>
      <p class="lead">{group.object}</p>
      {group.note ? <p class="hint">{group.note}</p> : null}
      <Facts
        items={[
          ['État', <StatusBadge status={group.status} />],
          ['Périmètre', scopesText(group)],
          ['Coordonnateur', coordinator?.name ?? '—'],
          ['Convention constitutive signée le', day(group.agreementSignedOn)],
          ['Durée de la convention', group.agreementDurationMonths ? plural(group.agreementDurationMonths, 'mois', 'mois') : 'non précisée'],
          ['Procédure lancée le', group.launchedOn ? day(group.launchedOn) : 'pas encore'],
        ]}
      />
      <p>
        <strong>Mission du coordonnateur : </strong>
        {COORDINATOR_MISSION_LABELS[group.coordinatorMission]}
      </p>

      <h2 id="membres">Membres et approbations</h2>
      <ScrollRegion label="Membres du groupement">
        <table>
          <caption>{`${plural(members.length, 'membre', 'membres')}, ${plural(members.filter((m) => m.approvalDate).length, 'approbation enregistrée', 'approbations enregistrées')}`}</caption>
          <thead>
            <tr>
              <th scope="col">Membre</th>
              <th scope="col">Nature</th>
              <th scope="col">Instance</th>
              <th scope="col">Délibération du</th>
              <th scope="col">Référence</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <td>
                  {m.name}
                  {m.collectivityId === group.coordinatorId ? <span class="badge">coordonnateur</span> : null}
                </td>
                <td>{kindLabel(m.kind)}</td>
                <td>{m.approvalBody ?? '—'}</td>
                <td>{m.approvalDate ? day(m.approvalDate) : <span class="warning">à délibérer</span>}</td>
                <td>{m.approvalReference ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {props.canManage && group.status !== 'closed' ? (
        <div class="forms">
          <form method="post" action={`${props.base}/achats/groupements/${group.id}/approbations`} class="stacked narrow" id="approbations" aria-label="Enregistrer une approbation">
            <h3>Enregistrer une approbation</h3>
            <CsrfField />
            <FormAlert error={errorFor('approbations')} fields={['memberId', 'approvalBody', 'approvalDate', 'approvalReference']} />
            <Field id="memberId" name="memberId" label="Membre" error={errorFor('approbations')}>
              <select id="memberId" name="memberId">
                {members.map((m) => (
                  <option value={m.id} selected={props.values.memberId === m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="approvalBody" name="approvalBody" label="Instance qui a délibéré" hint="Ex. Conseil municipal, Bureau métropolitain." required value={props.values.approvalBody ?? ''} error={errorFor('approbations')} />
            <Field id="approvalDate" name="approvalDate" label="Date de la délibération" type="date" required value={props.values.approvalDate ?? ''} error={errorFor('approbations')} />
            <Field id="approvalReference" name="approvalReference" label="Référence de la délibération" required value={props.values.approvalReference ?? ''} error={errorFor('approbations')} />
            <button type="submit">Enregistrer l'approbation</button>
          </form>
          {!group.launchedOn ? (
            <form method="post" action={`${props.base}/achats/groupements/${group.id}/membres`} class="stacked narrow" aria-label="Ajouter un membre">
              <h3>Ajouter un membre</h3>
              <CsrfField />
              <FormAlert error={errorFor('membres')} fields={['collectivityId']} />
              <Field id="collectivityId" name="collectivityId" label="Collectivité ou organisme" error={errorFor('membres')}>
                <select id="collectivityId" name="collectivityId">
                  {outside.map((c) => (
                    <option value={c.id}>{c.kind === 'commune' ? c.name : `${c.name} (${kindLabel(c.kind)})`}</option>
                  ))}
                </select>
              </Field>
              <button type="submit">Ajouter</button>
            </form>
          ) : null}
        </div>
      ) : null}

      <h2 id="besoins">Recensement des besoins</h2>
      <p>{open ? 'Le recensement est ouvert : chaque membre indique ses besoins par lot jusqu’au lancement de la procédure.' : `Recensement clos${group.launchedOn ? ` : procédure lancée le ${day(group.launchedOn)}` : ''}.`}</p>
      {lots.length === 0 ? <p>Aucun lot n'est encore défini.</p> : null}
      {lots.map((l) => (
        <ScrollRegion label={`Besoins du lot ${l.lot.number}`}>
          <table>
            <caption>{`Lot ${l.lot.number} : ${l.lot.title}${l.lot.unit ? ` (en ${l.lot.unit})` : ''}`}</caption>
            <thead>
              <tr>
                <th scope="col">Membre</th>
                <th scope="col" class="num">Quantité</th>
                <th scope="col" class="num">Montant estimé HT</th>
                <th scope="col">Commentaire</th>
              </tr>
            </thead>
            <tbody>
              {l.lines.map((line) => (
                <tr>
                  <td>{line.member.name}</td>
                  {line.hidden ? (
                    <td colSpan={3} class="hint">
                      réservé au membre et au coordonnateur
                    </td>
                  ) : (
                    <>
                      <td class="num">{line.need?.quantity ? formatQuantity(line.need.quantity) : '—'}</td>
                      <td class="num">{line.need?.estimatedCents != null ? money(line.need.estimatedCents) : '—'}</td>
                      <td>{line.need?.comment ?? ''}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{`Total (${plural(l.declared, 'déclaration', 'déclarations')})`}</th>
                <td class="num">{l.totalQuantity ? formatQuantity(l.totalQuantity) : '—'}</td>
                <td class="num">{money(l.totalCents)}</td>
                <td></td>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      ))}
      {lots.length > 0 ? (
        <p id="manquants" class={missing.length ? 'warning' : undefined}>
          {missing.length === 0 ? 'Tous les membres ont déclaré leurs besoins.' : `Besoins non déclarés : ${missing.map((m) => m.name).join(', ')}.`}
        </p>
      ) : null}
      {props.needsLinks.length > 0 ? (
        <ul class="links">
          {props.needsLinks.map((m) => (
            <li>
              <a href={needsPath(props.base, group.id, m)}>{open ? `Déclarer les besoins de ${m.name}` : `Besoins déclarés par ${m.name}`}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {props.canManage && open ? (
        <form method="post" action={`${props.base}/achats/groupements/${group.id}/lots`} class="inline" id="lots" aria-label="Ajouter un lot">
          <CsrfField />
          <FormAlert error={errorFor('lots')} fields={['title', 'unit']} />
          <Field id="title" name="title" label="Intitulé du nouveau lot" required value={props.values.title ?? ''} error={errorFor('lots')} />
          <Field id="unit" name="unit" label="Unité (facultatif)" value={props.values.unit ?? ''} error={errorFor('lots')} />
          <button type="submit">Ajouter le lot</button>
        </form>
      ) : null}

      {props.canManage && group.status !== 'closed' ? <Steps {...props} /> : null}

      <h2 id="marches">Marchés</h2>
      {contracts.length === 0 ? <p>Aucun marché enregistré pour ce groupement.</p> : <ContractsTable contracts={contracts} base={props.base} />}
      {props.canManage && group.launchedOn ? (
        <p>
          <a href={`${props.base}/achats/marches/nouveau?groupe=${group.id}`}>Enregistrer un marché de ce groupement</a>
        </p>
      ) : null}
    </section>
  );
}

function Steps(props: Props) {
  const { group } = props.detail;
  const error = props.form === 'etapes' ? props.error : null;
  return (
    <div id="etapes">
      <h2>Étapes du groupement</h2>
      <FormAlert error={error} fields={['agreementSignedOn', 'launchedOn', 'closedOn']} />
      {group.status === 'forming' ? (
        <form method="post" action={`${props.base}/achats/groupements/${group.id}/signature`} class="inline" aria-label="Signature de la convention">
          <CsrfField />
          <Field id="agreementSignedOn" name="agreementSignedOn" label="Signature de la convention constitutive le" type="date" required value={props.values.agreementSignedOn ?? ''} error={error} />
          <button type="submit">Enregistrer la signature</button>
        </form>
      ) : null}
      {group.status === 'active' && !group.launchedOn ? (
        <form method="post" action={`${props.base}/achats/groupements/${group.id}/lancement`} class="inline" aria-label="Lancement de la procédure">
          <CsrfField />
          <Field id="launchedOn" name="launchedOn" label="Lancement de la procédure le" hint="Clôt le recensement des besoins ; chaque membre doit avoir délibéré." type="date" required value={props.values.launchedOn ?? ''} error={error} />
          <button type="submit">Lancer la procédure</button>
        </form>
      ) : null}
      {group.status === 'active' ? (
        <form method="post" action={`${props.base}/achats/groupements/${group.id}/cloture`} class="inline" aria-label="Clôture du groupement">
          <CsrfField />
          <Field id="closedOn" name="closedOn" label="Clôture du groupement le" type="date" required value={props.values.closedOn ?? ''} error={error} />
          <button type="submit" class="secondary">Clore le groupement</button>
        </form>
      ) : null}
    </div>
  );
}

/** Contracts with their ceiling in force and consumption; past the ceiling is flagged in words, not only in colour. */
export function ContractsTable(props: { contracts: readonly ContractView[]; base: string }) {
  return (
    <ScrollRegion label="Marchés et consommation">
      <table>
        <caption>{plural(props.contracts.length, 'marché', 'marchés')}</caption>
        <thead>
          <tr>
            <th scope="col">Numéro</th>
            <th scope="col">Objet</th>
            <th scope="col">Notifié le</th>
            <th scope="col">Titulaire</th>
            <th scope="col" class="num">Montant HT en vigueur</th>
            <th scope="col" class="num">Consommé HT</th>
            <th scope="col">Plafond</th>
          </tr>
        </thead>
        <tbody>
          {props.contracts.map((v) => (
            <tr>
              <td class="nowrap">
                <a href={`${props.base}/achats/marches/${v.contract.id}`}>{v.contract.reference}</a>
              </td>
              <td>{v.contract.object}</td>
              <td>{day(v.contract.notifiedOn)}</td>
              <td>{v.contract.suppliers.map((s) => s.name ?? s.identifier).join(', ')}</td>
              <td class="num">{money(v.amountInForceCents)}</td>
              <td class="num">{money(v.consumption.totalCents)}</td>
              <td>{v.consumption.beyondCeiling ? <strong class="flag">dépassé de {money(-v.consumption.remainingCents)}</strong> : 'respecté'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
