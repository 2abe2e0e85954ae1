import { Type, type TProperties } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { UserError } from '../platform/http/errors.ts';
import { describeProblems, ImportError } from '../platform/imports.ts';
import { formatDate } from '../platform/format.ts';
import { parisToday } from '../platform/clock.ts';
import { isCalendarDate } from '../platform/format.ts';
import * as territory from '../territory/service.ts';
import type { MemberCommune } from '../territory/model.ts';
import { BODY_KIND_LABELS, BODY_KINDS, CIVILITIES, MANDATE_ROLE_LABELS, MANDATE_ROLES, memberName, SEAT_LABELS, SEATS, type Body } from './model.ts';
import { MANDATE_COLUMNS } from './mandate-import.ts';
import * as assemblies from './service.ts';
import { attendanceStats } from './stats.ts';
import { StatsPage } from './stats-page.tsx';
import { count, Fact } from './components.tsx';

const UUID = Type.String({ format: 'uuid' });
const form = <T extends TProperties>(fields: T) => Type.Object({ ...fields, _csrf: Type.Optional(Type.String()) });
const short = Type.String({ maxLength: 200 });

/** Bodies, their members and mandates, their rules, and yearly attendance. */
export function bodyPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Assemblées', path: '/instances', action: 'assembly.read' });

  const showBodies = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Record<string, string> = {}) => {
    const h = here(request);
    const [bodies, communes] = await Promise.all([assemblies.listBodies(db, h.ctx), territory.listCommunes(db, h.ctx, { on: parisToday() })]);
    return sendTerritoryPage(request, reply, error ? 'Erreur : Assemblées' : 'Assemblées', <BodiesPage bodies={bodies} communes={communes} base={h.base} canManage={h.can('assembly.manage')} error={error} values={values} />, error ? 400 : 200);
  };

  const showBody = async (request: FastifyRequest, reply: FastifyReply, bodyId: string, on: string, error: FormError | null = null, values: Record<string, string> = {}, form = '', pickDate = false) => {
    const h = here(request);
    const communes = await territory.listCommunes(db, h.ctx, { on: parisToday() });
    let detail = await assemblies.bodyDetail(db, h.ctx, bodyId, on);
    // No date asked and nobody in office today: the last composition is what the reader wants to see.
    if (pickDate && detail.mandates.length === 0 && detail.latestEnd && detail.latestEnd < on) {
      on = detail.latestEnd;
      detail = await assemblies.bodyDetail(db, h.ctx, bodyId, on);
    }
    const status = error ? (form === 'import' ? 422 : 400) : 200;
    return sendTerritoryPage(request, reply, `${error ? 'Erreur : ' : ''}${detail.body.name}`, <BodyPage detail={detail} communes={communes} on={on} base={h.base} canManage={h.can('assembly.manage')} error={error} values={values} form={form} />, status);
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/instances', { config: { access: 'assembly.read' }, schema: { hide: true } }, async (request, reply) => {
      here(request).require('assembly.read');
      return showBodies(request, reply);
    });

    t.post('/instances', { config: { access: 'assembly.manage' }, schema: { hide: true, body: form({ kind: short, name: Type.String({ maxLength: 300 }), communeInsee: Type.Optional(short), seats: Type.Optional(short), note: Type.Optional(Type.String({ maxLength: 3000 })) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('assembly.manage');
      const { seats, ...rest } = request.body;
      let body: Body;
      try {
        const n = seats?.trim() ? Number(seats) : null;
        if (n !== null && !Number.isInteger(n)) throw new UserError('Le champ « sièges » doit être un nombre entier.', 400, 'seats');
        body = await assemblies.createBody(db, h.ctx, { ...rest, seats: n }, parisToday());
      } catch (error) {
        return showBodies(request, reply, formErrorOf(error), request.body);
      }
      return reply.redirect(`${h.base}/instances/${body.id}`, 303);
    });

    t.get(
      '/instances/:bodyId',
      { config: { access: 'assembly.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), bodyId: UUID }), querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10 })), import: Type.Optional(Type.String({ maxLength: 40 })) }) } },
      async (request, reply) => {
        here(request).require('assembly.read');
        const on = request.query.date && isCalendarDate(request.query.date) ? request.query.date : parisToday();
        return showBody(request, reply, request.params.bodyId, on, null, request.query.import ? { imported: request.query.import } : {}, '', !request.query.date);
      },
    );

    t.post(
      '/instances/:bodyId/mandats',
      {
        config: { access: 'assembly.manage' },
        schema: {
          hide: true,
          params: Type.Object({ siren: Type.String(), bodyId: UUID }),
          body: form({ civility: short, firstName: short, lastName: short, communeInsee: Type.Optional(short), role: short, seat: short, validFrom: short, validTo: Type.Optional(short), rank: Type.Optional(short) }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.manage');
        const { rank, validTo, ...rest } = request.body;
        let on = parisToday();
        try {
          const n = rank?.trim() ? Number(rank) : null;
          if (n !== null && !Number.isInteger(n)) throw new UserError('Le champ « rang » doit être un nombre entier.', 400, 'rank');
          const created = await assemblies.addMandate(db, h.ctx, request.params.bodyId, { ...rest, validTo: validTo || null, rank: n });
          on = created.validFrom > on || (created.validTo && created.validTo < on) ? created.validFrom : on;
        } catch (error) {
          return showBody(request, reply, request.params.bodyId, on, formErrorOf(error), request.body, 'mandat');
        }
        return reply.redirect(`${h.base}/instances/${request.params.bodyId}?date=${on}`, 303);
      },
    );

    t.post('/instances/:bodyId/import', { config: { access: 'assembly.manage' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), bodyId: UUID }) } }, async (request, reply) => {
      const h = here(request);
      h.require('assembly.manage');
      const bodyId = request.params.bodyId;
      try {
        const file = (request.body as Record<string, unknown> | undefined)?.fichier as MultipartFile | undefined;
        if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) throw new UserError('Choisissez un fichier CSV ou XLSX à importer.', 400, 'fichier');
        const result = await assemblies.importMandates(db, h.ctx, bodyId, new Uint8Array(await file.toBuffer()));
        return reply.redirect(`${h.base}/instances/${bodyId}?import=${result.mandates}-${result.members}`, 303);
      } catch (error) {
        if (error instanceof ImportError) {
          const message = `Import refusé, rien n'a été enregistré.\n${describeProblems(error.problems.slice(0, 50)).join('\n')}`;
          return showBody(request, reply, bodyId, parisToday(), { message, field: 'fichier' }, {}, 'import');
        }
        return showBody(request, reply, bodyId, parisToday(), formErrorOf(error), {}, 'import');
      }
    });

    t.get(
      '/instances/:bodyId/assiduite',
      { config: { access: 'assembly.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), bodyId: UUID }), querystring: Type.Object({ annee: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2200 })) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.read');
        const year = request.query.annee ?? Number(parisToday().slice(0, 4));
        const stats = await attendanceStats(db, h.ctx, request.params.bodyId, year);
        return sendTerritoryPage(request, reply, `Assiduité ${year} : ${stats.body.name}`, <StatsPage stats={stats} base={h.base} />);
      },
    );
  });
}

function BodiesPage(props: { bodies: Body[]; communes: MemberCommune[]; base: string; canManage: boolean; error: FormError | null; values: Record<string, string> }) {
  const { error, values } = props;
  return (
    <section>
      <h1>Assemblées</h1>
      {props.bodies.length === 0 ? (
        <p>Aucune assemblée n'est encore enregistrée.</p>
      ) : (
        <ul class="choices">
          {props.bodies.map((b) => (
            <li>
              <a href={`${props.base}/instances/${b.id}`}>
                {b.name} <span class="hint">{`— ${BODY_KIND_LABELS[b.kind]}${b.seats ? `, ${b.seats} sièges` : ''}`}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`${props.base}/seances`}>Séances et calendrier</a>
      </p>
      {props.canManage ? (
        <>
          <h2 id="nouvelle-instance">Créer une assemblée</h2>
          <p class="hint">Ses règles de fonctionnement (quorum, pouvoirs, délais de convocation) sont créées avec elle : le droit commun et les périodes dérogatoires de 2020 à 2022.</p>
          <form method="post" action={`${props.base}/instances`} class="stacked narrow" aria-labelledby="nouvelle-instance">
            <CsrfField />
            <FormAlert error={error} fields={['kind', 'name', 'communeInsee', 'seats', 'note']} />
            <Field id="kind" name="kind" label="Nature" error={error}>
              <select id="kind" name="kind">
                {BODY_KINDS.map((k) => (
                  <option value={k} selected={values.kind === k}>
                    {BODY_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="name" name="name" label="Nom" required value={values.name ?? ''} error={error} />
            <Field id="communeInsee" name="communeInsee" label="Commune (conseil municipal seulement)" error={error}>
              <select id="communeInsee" name="communeInsee">
                <option value="">— Aucune —</option>
                {props.communes.map((c) => (
                  <option value={c.inseeCode ?? ''} selected={values.communeInsee === c.inseeCode}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="seats" name="seats" label="Nombre de sièges (arrêté préfectoral)" inputmode="numeric" value={values.seats ?? ''} error={error} />
            <button type="submit">Créer l'assemblée</button>
          </form>
        </>
      ) : null}
    </section>
  );
}

function BodyPage(props: { detail: assemblies.BodyDetail; communes: MemberCommune[]; on: string; base: string; canManage: boolean; error: FormError | null; values: Record<string, string>; form: string }) {
  const { body, rules, mandates } = props.detail;
  const titular = mandates.filter((m) => m.seat === 'titular');
  const substitutes = mandates.filter((m) => m.seat === 'substitute');
  const errorFor = (f: string) => (props.form === f ? props.error : null);
  const imported = props.values.imported?.split('-');
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/instances`, label: 'Assemblées' }]} />
      <h1>{body.name}</h1>
      {imported ? (
        <p class="notice" role="status">{`Import enregistré : ${count(Number(imported[0]), 'mandat', 'mandats')}, ${count(Number(imported[1]), 'nouvel élu', 'nouveaux élus')}.`}</p>
      ) : null}
      <dl class="facts">
        <Fact label="Nature">{BODY_KIND_LABELS[body.kind]}</Fact>
        <Fact label="Sièges">{body.seats ?? 'non renseigné'}</Fact>
        <Fact label={`Membres en exercice au ${formatDate(props.on)}`}>{titular.length}</Fact>
      </dl>
      {body.note ? <p class="hint">{body.note}</p> : null}
      <form method="get" action={`${props.base}/instances/${body.id}`} class="search">
        <label for="date">Composition à la date du</label>
        <input id="date" name="date" type="date" value={props.on} />
        <button type="submit">Afficher</button>
      </form>
      <p>
        <a href={`${props.base}/instances/${body.id}/assiduite?annee=${props.on.slice(0, 4)}`}>{`Assiduité des membres en ${props.on.slice(0, 4)}`}</a>
      </p>
      <h2>Membres en exercice</h2>
      {titular.length === 0 ? (
        <p>{`Aucun mandat en cours au ${formatDate(props.on)} (${count(props.detail.allMandates, 'mandat enregistré', 'mandats enregistrés')} en tout : choisissez une autre date).`}</p>
      ) : (
        <MandatesTable label="Membres titulaires en exercice" mandates={titular} />
      )}
      {substitutes.length > 0 ? (
        <>
          <h2>Suppléants</h2>
          <MandatesTable label="Suppléants" mandates={substitutes} />
        </>
      ) : null}
      <h2>Règles de fonctionnement</h2>
      <ScrollRegion label="Règles de fonctionnement datées">
        <table>
          <caption>Choisies par la date de la séance</caption>
          <thead>
            <tr>
              <th scope="col">Période</th>
              <th scope="col">Régime</th>
              <th scope="col">Quorum</th>
              <th scope="col">Pouvoirs par membre</th>
              <th scope="col">Convocation</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr>
                <td>{r.validTo ? `du ${formatDate(r.validFrom)} au ${formatDate(r.validTo)}` : `depuis le ${formatDate(r.validFrom)}`}</td>
                <td>
                  {r.label}
                  <span class="email">{r.legalBasis}</span>
                </td>
                <td>{`${r.quorumComparison === 'moreThan' ? 'plus de' : 'au moins'} ${r.quorumNumerator === 1 && r.quorumDenominator === 2 ? 'la moitié' : r.quorumNumerator === 1 && r.quorumDenominator === 3 ? 'le tiers' : `${r.quorumNumerator}/${r.quorumDenominator}`} des membres en exercice${r.proxiesCountTowardQuorum ? ', présents ou représentés' : ', présents'}`}</td>
                <td class="num">{r.maxProxiesPerHolder}</td>
                <td>{`${r.convocationDays} jours francs (urgence : ${r.urgencyMinDays})${r.explanatoryNoteRequired ? ', note explicative' : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {props.canManage ? <ManageMandates body={body} communes={props.communes} base={props.base} error={errorFor('mandat')} importError={errorFor('import')} values={props.values} /> : null}
    </section>
  );
}

function MandatesTable(props: { label: string; mandates: assemblies.MandateView[] }) {
  return (
    <ScrollRegion label={props.label}>
      <table>
        <caption>{`${props.label} : ${props.mandates.length}`}</caption>
        <thead>
          <tr>
            <th scope="col">Élu</th>
            <th scope="col">Commune représentée</th>
            <th scope="col">Fonction</th>
            <th scope="col">Mandat</th>
          </tr>
        </thead>
        <tbody>
          {props.mandates.map((m) => (
            <tr>
              <td>{memberName(m.member)}</td>
              <td>{m.communeName ?? '—'}</td>
              <td>{`${MANDATE_ROLE_LABELS[m.role]}${m.seat === 'substitute' ? ` (${SEAT_LABELS.substitute})` : ''}`}</td>
              <td>{m.validTo ? `du ${formatDate(m.validFrom)} au ${formatDate(m.validTo)}` : `depuis le ${formatDate(m.validFrom)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function ManageMandates(props: { body: Body; communes: MemberCommune[]; base: string; error: FormError | null; importError: FormError | null; values: Record<string, string> }) {
  const { error, values } = props;
  const fields = ['civility', 'firstName', 'lastName', 'communeInsee', 'role', 'seat', 'validFrom', 'validTo', 'rank'];
  return (
    <>
      <h2 id="ajout-mandat">Ajouter un élu et son mandat</h2>
      <form method="post" action={`${props.base}/instances/${props.body.id}/mandats`} class="stacked narrow" aria-labelledby="ajout-mandat">
        <CsrfField />
        <FormAlert error={error} fields={fields} />
        <Field id="civility" name="civility" label="Civilité" error={error}>
          <select id="civility" name="civility">
            {CIVILITIES.map((c) => (
              <option value={c} selected={values.civility === c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <Field id="firstName" name="firstName" label="Prénom" required value={values.firstName ?? ''} error={error} />
        <Field id="lastName" name="lastName" label="Nom" required value={values.lastName ?? ''} error={error} />
        <Field id="communeInsee-mandat" name="communeInsee" label="Commune représentée" error={error}>
          <select id="communeInsee-mandat" name="communeInsee">
            <option value="">— Aucune —</option>
            {props.communes.map((c) => (
              <option value={c.inseeCode ?? ''} selected={values.communeInsee === c.inseeCode}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="role" name="role" label="Fonction" error={error}>
          <select id="role" name="role">
            {MANDATE_ROLES.map((r) => (
              <option value={r} selected={(values.role ?? 'councillor') === r}>
                {MANDATE_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="seat" name="seat" label="Siège" error={error}>
          <select id="seat" name="seat">
            {SEATS.map((s) => (
              <option value={s} selected={values.seat === s}>
                {SEAT_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="validFrom" name="validFrom" label="Début du mandat" type="date" required value={values.validFrom ?? ''} error={error} />
        <Field id="validTo" name="validTo" label="Fin du mandat (facultatif)" type="date" value={values.validTo ?? ''} error={error} />
        <Field id="rank" name="rank" label="Rang au tableau (facultatif)" inputmode="numeric" value={values.rank ?? ''} error={error} />
        <button type="submit">Ajouter le mandat</button>
      </form>
      <h2 id="import-mandats">Importer les élus et leurs mandats</h2>
      <p>
        Fichier CSV (UTF-8, séparateur point-virgule ou virgule) ou classeur XLSX (première feuille) avec les colonnes <code>{MANDATE_COLUMNS.join(' ; ')}</code> et, facultative,{' '}
        <code>rang</code>. Dates au format JJ/MM/AAAA. L'import est tout ou rien : au moindre défaut, rien n'est enregistré et chaque erreur est indiquée avec sa ligne et sa colonne.
      </p>
      <form method="post" action={`${props.base}/instances/${props.body.id}/import`} enctype="multipart/form-data" class="stacked narrow" aria-labelledby="import-mandats">
        <CsrfField />
        <Field id="fichier" name="fichier" label="Fichier CSV ou XLSX" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required error={props.importError} />
        <button type="submit">Importer</button>
      </form>
    </>
  );
}
