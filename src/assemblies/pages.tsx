import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { parisToday } from '../platform/clock.ts';
import { sendDocument } from '../platform/documents/http.ts';
import { formatTime, parisTimeOf } from './calendar.ts';
import { Calendar } from './calendar-view.tsx';
import { ITEM_KIND_LABELS, ITEM_KINDS, SITTING_STATUS_LABELS, type Body } from './model.ts';
import * as assemblies from './service.ts';
import { sittingOverview, type SittingOverview } from './live-service.ts';
import { attendanceSheet } from './documents.ts';
import { count, Fact, NameList, QuorumBadge, ResultBadge, shortDate, sittingWhen } from './components.tsx';

const UUID = Type.String({ format: 'uuid' });
const short = Type.String({ maxLength: 200 });
const SITTING_FIELDS = ['bodyId', 'date', 'time', 'place', 'convokedOn', 'urgency', 'urgencyReason', 'explanatoryNoteSent'];

const sittingForm = Type.Object({
  bodyId: Type.Optional(short),
  date: short,
  time: short,
  place: Type.String({ maxLength: 300 }),
  convokedOn: short,
  urgency: Type.Optional(short),
  urgencyReason: Type.Optional(Type.String({ maxLength: 3000 })),
  explanatoryNoteSent: Type.Optional(short),
  _csrf: Type.Optional(Type.String()),
});
type SittingForm = typeof sittingForm.static;
const sittingInput = (b: SittingForm) => ({ date: b.date, time: b.time, place: b.place, convokedOn: b.convokedOn, urgency: b.urgency === 'on', urgencyReason: b.urgencyReason ?? null, explanatoryNoteSent: b.explanatoryNoteSent === 'on' });

/** Sittings: the list and calendar, a sitting's page, its agenda, its second convocation, its attendance sheet. */
export function sittingPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Séances', path: '/seances', action: 'assembly.read' });

  const showList = async (request: FastifyRequest, reply: FastifyReply, month: string | null, error: FormError | null = null, values: Record<string, string> = {}) => {
    const h = here(request);
    const [all, bodies] = await Promise.all([assemblies.listSittings(db, h.ctx), assemblies.listBodies(db, h.ctx)]);
    const today = parisToday();
    const shown = month ?? (all.find((s) => s.date >= today) ?? all.at(-1))?.date.slice(0, 7) ?? today.slice(0, 7);
    return sendTerritoryPage(request, reply, error ? 'Erreur : Séances' : 'Séances', <SittingsPage sittings={all} bodies={bodies} month={shown} base={h.base} canManage={h.can('assembly.manage')} error={error} values={values} />, error ? 400 : 200);
  };

  const showSitting = async (request: FastifyRequest, reply: FastifyReply, sittingId: string, error: FormError | null = null, values: Record<string, string> = {}, form = '') => {
    const h = here(request);
    const overview = await sittingOverview(db, h.ctx, sittingId);
    const title = `${overview.state.body.name} du ${shortDate(overview.state.sitting.date)}`;
    return sendTerritoryPage(
      request,
      reply,
      `${error ? 'Erreur : ' : ''}${title}`,
      <SittingPage overview={overview} base={h.base} canManage={h.can('assembly.manage')} canRecord={h.can('sitting.record')} error={error} values={values} form={form} />,
      error ? 400 : 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/seances', { config: { access: 'assembly.read' }, schema: { hide: true, querystring: Type.Object({ mois: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) }) } }, async (request, reply) => {
      here(request).require('assembly.read');
      return showList(request, reply, request.query.mois ?? null);
    });

    t.post('/seances', { config: { access: 'assembly.manage' }, schema: { hide: true, body: sittingForm } }, async (request, reply) => {
      const h = here(request);
      h.require('assembly.manage');
      let id: string;
      try {
        id = (await assemblies.createSitting(db, h.ctx, { ...sittingInput(request.body), bodyId: request.body.bodyId ?? '' })).id;
      } catch (error) {
        return showList(request, reply, /^\d{4}-\d{2}/.test(request.body.date) ? request.body.date.slice(0, 7) : null, formErrorOf(error), request.body as Record<string, string>);
      }
      return reply.redirect(`${h.base}/seances/${id}`, 303);
    });

    const params = Type.Object({ siren: Type.String(), sittingId: UUID });
    t.get('/seances/:sittingId', { config: { access: 'assembly.read' }, schema: { hide: true, params } }, async (request, reply) => {
      here(request).require('assembly.read');
      return showSitting(request, reply, request.params.sittingId);
    });

    t.post(
      '/seances/:sittingId/points',
      { config: { access: 'assembly.manage' }, schema: { hide: true, params, body: Type.Object({ title: Type.String({ maxLength: 600 }), kind: short, rapporteurId: Type.Optional(short), report: Type.Optional(Type.String({ maxLength: 30000 })), _csrf: Type.Optional(Type.String()) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.manage');
        try {
          await assemblies.addAgendaItem(db, h.ctx, request.params.sittingId, { ...request.body, rapporteurId: request.body.rapporteurId || null });
        } catch (error) {
          return showSitting(request, reply, request.params.sittingId, formErrorOf(error), request.body, 'point');
        }
        return reply.redirect(`${h.base}/seances/${request.params.sittingId}#ordre-du-jour`, 303);
      },
    );

    t.post('/seances/:sittingId/seconde-convocation', { config: { access: 'assembly.manage' }, schema: { hide: true, params, body: sittingForm } }, async (request, reply) => {
      const h = here(request);
      h.require('assembly.manage');
      let id: string;
      try {
        id = (await assemblies.convokeSecondSitting(db, h.ctx, request.params.sittingId, sittingInput(request.body))).id;
      } catch (error) {
        return showSitting(request, reply, request.params.sittingId, formErrorOf(error), request.body as Record<string, string>, 'seconde');
      }
      return reply.redirect(`${h.base}/seances/${id}`, 303);
    });

    t.get('/seances/:sittingId/emargement.pdf', { config: { access: 'assembly.read' }, schema: { hide: true, params } }, async (request, reply) => {
      const h = here(request);
      h.require('assembly.read');
      return sendDocument(reply, await attendanceSheet(db, h.ctx, h.territory.name, request.params.sittingId));
    });
  });
}

function SittingsPage(props: { sittings: assemblies.SittingListEntry[]; bodies: Body[]; month: string; base: string; canManage: boolean; error: FormError | null; values: Record<string, string> }) {
  const year = props.month.slice(0, 4);
  const ofYear = props.sittings.filter((s) => s.date.startsWith(year));
  return (
    <section>
      <h1>Séances</h1>
      <Calendar sittings={props.sittings} month={props.month} base={props.base} />
      <h2>{`Séances de ${year}`}</h2>
      {ofYear.length === 0 ? (
        <p>{`Aucune séance en ${year}.`}</p>
      ) : (
        <ScrollRegion label={`Séances de ${year}`}>
          <table>
            <caption>{count(ofYear.length, 'séance', 'séances')}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Assemblée</th>
                <th scope="col">Lieu</th>
                <th scope="col" class="num">Points</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {ofYear.map((s) => (
                <tr>
                  <td>
                    <a href={`${props.base}/seances/${s.id}`}>{`${shortDate(s.date)} à ${formatTime(parisTimeOf(s.startsAt))}`}</a>
                  </td>
                  <td>{`${s.bodyName}${s.convocation === 'second' ? ' (seconde convocation)' : ''}`}</td>
                  <td>{s.place}</td>
                  <td class="num">{s.itemCount}</td>
                  <td>{SITTING_STATUS_LABELS[s.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canManage && props.bodies.length > 0 ? <SittingForm action={`${props.base}/seances`} heading="Convoquer une séance" bodies={props.bodies} error={props.error} values={props.values} button="Convoquer" /> : null}
    </section>
  );
}

function SittingForm(props: { action: string; heading: string; bodies: Body[] | null; error: FormError | null; values: Record<string, string>; button: string }) {
  const { error, values } = props;
  const id = props.bodies ? 'convocation' : 'seconde';
  return (
    <>
      <h2 id={`${id}-titre`}>{props.heading}</h2>
      <form method="post" action={props.action} class="stacked narrow" aria-labelledby={`${id}-titre`}>
        <CsrfField />
        <FormAlert error={error} fields={SITTING_FIELDS} />
        {props.bodies ? (
          <Field id={`${id}-bodyId`} name="bodyId" label="Assemblée" error={error}>
            <select id={`${id}-bodyId`} name="bodyId">
              {props.bodies.map((b) => (
                <option value={b.id} selected={values.bodyId === b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field id={`${id}-date`} name="date" label="Date de la séance" type="date" required value={values.date ?? ''} error={error} />
        <Field id={`${id}-time`} name="time" label="Heure (heure de Paris)" type="time" required value={values.time ?? '18:00'} error={error} />
        <Field id={`${id}-place`} name="place" label="Lieu" required value={values.place ?? ''} error={error} />
        <Field id={`${id}-convokedOn`} name="convokedOn" label="Date d'envoi de la convocation" hint="Le délai se compte en jours francs : ni le jour d'envoi ni celui de la séance ne comptent ; week-ends et jours fériés comptent." type="date" required value={values.convokedOn ?? ''} error={error} />
        <div class="check">
          <input id={`${id}-explanatoryNoteSent`} name="explanatoryNoteSent" type="checkbox" checked={values.explanatoryNoteSent === undefined || values.explanatoryNoteSent === 'on'} />
          <label for={`${id}-explanatoryNoteSent`}>Note explicative de synthèse jointe à la convocation</label>
        </div>
        <div class="check">
          <input id={`${id}-urgency`} name="urgency" type="checkbox" checked={values.urgency === 'on'} />
          <label for={`${id}-urgency`}>Urgence (un jour franc au moins)</label>
        </div>
        <Field id={`${id}-urgencyReason`} name="urgencyReason" label="Motif de l'urgence" error={error}>
          <textarea id={`${id}-urgencyReason`} name="urgencyReason" rows={2}>
            {values.urgencyReason ?? ''}
          </textarea>
        </Field>
        <button type="submit">{props.button}</button>
      </form>
    </>
  );
}

function SittingPage(props: { overview: SittingOverview; base: string; canManage: boolean; canRecord: boolean; error: FormError | null; values: Record<string, string>; form: string }) {
  const { state, items, convocation, live } = props.overview;
  const s = state.sitting;
  const errorFor = (f: string) => (props.form === f ? props.error : null);
  const pending = items.filter((i) => !i.vote);
  const shown = items.find((i) => !i.vote) ?? items.at(-1) ?? live;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/seances`, label: 'Séances' }]} />
      <h1>{`${state.body.name} du ${shortDate(s.date)}`}</h1>
      <dl class="facts">
        <Fact label="Date">{sittingWhen(s.date, s.startsAt)}</Fact>
        <Fact label="Lieu">{s.place}</Fact>
        <Fact label="État">{`${SITTING_STATUS_LABELS[s.status]}${s.convocation === 'second' ? ', seconde convocation' : ''}`}</Fact>
        <Fact label="Convoquée le">{shortDate(s.convokedOn)}</Fact>
      </dl>
      {convocation ? <p class={convocation.ok ? 'notice' : 'error'}>{`Délai de convocation : ${convocation.text}.${s.urgency ? ` Urgence : ${s.urgencyReason ?? ''}` : ''}`}</p> : null}
      {s.firstSittingId ? (
        <p>
          <a href={`${props.base}/seances/${s.firstSittingId}`}>Première séance (quorum non atteint)</a> : la présente séance délibère sans condition de quorum sur les points reportés (CGCT L2121-17).
        </p>
      ) : null}
      <p class="downloads">
        {props.canRecord && s.status !== 'closed' ? (
          <>
            <a href={`${props.base}/seances/${s.id}/direct`} class="button-link">Séance en direct (présences, pouvoirs, votes)</a>{' '}
          </>
        ) : null}
        <a href={`${props.base}/seances/${s.id}/emargement.pdf`}>Feuille d'émargement (PDF)</a>
      </p>
      <h2 id="ordre-du-jour">Ordre du jour</h2>
      {items.length === 0 ? (
        <p>Aucun point à l'ordre du jour.</p>
      ) : (
        <ScrollRegion label="Ordre du jour">
          <table>
            <caption>{count(items.length, 'point', 'points')}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">N°</th>
                <th scope="col">Point</th>
                <th scope="col">Quorum</th>
                <th scope="col">Décision</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr>
                  <td class="num">{i.position}</td>
                  <td>
                    {i.title}
                    <span class="email">{ITEM_KIND_LABELS[i.kind]}</span>
                  </td>
                  <td>
                    <QuorumBadge quorum={i.vote ? { required: i.vote.quorumRequired, counted: i.vote.present, reached: true, text: i.vote.quorumText } : i.quorum} />
                  </td>
                  <td>
                    <ResultBadge result={i.vote?.result ?? null} />
                    {i.vote ? <span class="email">{i.vote.resultText}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {shown ? (
        <>
          <h2>{shown.title ? `Présence au point n° ${shown.position}` : 'Présence'}</h2>
          <dl class="facts">
            <Fact label="Membres en exercice">{shown.counts.inOffice}</Fact>
            <Fact label="Présents">{shown.counts.present}</Fact>
            <Fact label="Pouvoirs">{shown.counts.represented}</Fact>
            <Fact label="Nombre de voix">{shown.counts.votingPower}</Fact>
          </dl>
          <h3>Membres présents</h3>
          <NameList members={shown.present} empty="Aucun membre présent." />
          <h3>Pouvoirs</h3>
          {shown.proxies.length === 0 ? <p class="hint">Aucun pouvoir.</p> : <ul class="proxies">
              {shown.proxies.map((p) => (
                <li>
                  <span class="name">{p.giver.name}</span> donne pouvoir à <span class="name">{p.holder.name}</span>
                </li>
              ))}
            </ul>}
          <h3>Membres absents excusés</h3>
          <NameList members={shown.excused} empty="Aucun membre excusé." />
          {shown.withdrawn.length > 0 ? (
            <>
              <h3>Ne prennent pas part au point (intérêt personnel)</h3>
              <NameList members={shown.withdrawn} empty="" />
            </>
          ) : null}
          <h3>Secrétaire de séance</h3>
          <p>{shown.secretary?.name ?? 'pas encore désigné'}</p>
          <h3>Président de séance</h3>
          <p>{shown.president?.name ?? 'pas encore désigné'}</p>
        </>
      ) : null}
      {props.canManage && s.status !== 'closed' && s.convocation === 'first' ? <ItemForm sittingId={s.id} members={state.titular.map((m) => state.members.get(m.memberId)!)} base={props.base} error={errorFor('point')} values={props.values} /> : null}
      {props.canManage && s.convocation === 'first' && pending.length > 0 && pending.some((i) => i.quorum && !i.quorum.reached) ? (
        <SittingForm
          action={`${props.base}/seances/${s.id}/seconde-convocation`}
          heading="Seconde convocation (quorum non atteint)"
          bodies={null}
          error={errorFor('seconde')}
          values={props.values}
          button={`Convoquer la seconde séance (${count(pending.length, 'point reporté', 'points reportés')})`}
        />
      ) : null}
    </section>
  );
}

function ItemForm(props: { sittingId: string; members: { id: string; civility: string; firstName: string; lastName: string }[]; base: string; error: FormError | null; values: Record<string, string> }) {
  const { error, values } = props;
  return (
    <>
      <h2 id="ajout-point">Ajouter un point à l'ordre du jour</h2>
      <form method="post" action={`${props.base}/seances/${props.sittingId}/points`} class="stacked narrow" aria-labelledby="ajout-point">
        <CsrfField />
        <FormAlert error={error} fields={['title', 'kind', 'rapporteurId', 'report']} />
        <Field id="title" name="title" label="Titre" required value={values.title ?? ''} error={error} />
        <Field id="kind" name="kind" label="Nature" error={error}>
          <select id="kind" name="kind">
            {ITEM_KINDS.map((k) => (
              <option value={k} selected={values.kind === k}>
                {ITEM_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rapporteurId" name="rapporteurId" label="Rapporteur" error={error}>
          <select id="rapporteurId" name="rapporteurId">
            <option value="">— Aucun —</option>
            {props.members.map((m) => (
              <option value={m.id} selected={values.rapporteurId === m.id}>{`${m.civility} ${m.firstName} ${m.lastName.toLocaleUpperCase('fr-FR')}`}</option>
            ))}
          </select>
        </Field>
        <Field id="report" name="report" label="Rapport (note explicative)" error={error}>
          <textarea id="report" name="report" rows={3}>
            {values.report ?? ''}
          </textarea>
        </Field>
        <button type="submit">Ajouter le point</button>
      </form>
    </>
  );
}
