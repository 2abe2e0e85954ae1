import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage, type Here } from '../../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { UserError } from '../../platform/http/errors.ts';
import { formatInteger } from '../../platform/format.ts';
import { parisToday } from '../../platform/clock.ts';
import * as territory from '../../territory/service.ts';
import type { Collectivity } from '../../territory/model.ts';
import * as activity from '../activity-service.ts';
import * as catalogue from '../service.ts';
import type { Offer } from '../model.ts';
import { day, FormBody, text, type Form } from './ui.tsx';

type Failed = { where: string; error: FormError; values: Form } | null;

/** Training sessions and trainees (personal data: the pooling team only), the retention period and the anonymisation. */
export function trainingPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, failed: Failed = null) => {
    const h = here(request);
    h.require('catalogue.manage');
    const trainings = await activity.listTrainings(db, h.ctx);
    const offers = (await catalogue.listCatalogue(db, h.ctx, {}, parisToday())).map((c) => c.offer);
    const register = (await territory.listCollectivities(db, h.ctx)).filter((c) => c.kind === 'commune' || c.kind === 'epci').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const done = failed ? null : ((request.query as { fait?: string } | undefined)?.fait ?? null);
    return sendTerritoryPage(request, reply, 'Formations', <TrainingsPage h={h} trainings={trainings} offers={offers} register={register} failed={failed} done={done} />, failed ? (failed.error.field && !/déjà/.test(failed.error.message) ? 400 : 409) : 200);
  };

  const post = (path: string, where: (params: Record<string, string>) => string, done: string | ((n: number) => string), run: (h: Here, params: Record<string, string>, b: Form) => Promise<number | void>, params: ReturnType<typeof Type.Object> = Type.Object({ siren: Type.String() })) =>
    inTerritory(app, deps, '/t/:siren', (t) =>
      t.post(path, { config: { access: 'catalogue.manage' }, schema: { hide: true, params, body: FormBody } }, async (request, reply) => {
        const h = here(request);
        h.require('catalogue.manage');
        const p = request.params as Record<string, string>;
        let result: number | void;
        try {
          result = await run(h, p, request.body as Form);
        } catch (error) {
          return show(request, reply, { where: where(p), error: formErrorOf(error), values: request.body as Form });
        }
        return reply.redirect(`${h.base}/catalogue/formations?fait=${typeof done === 'string' ? done : done(result ?? 0)}`, 303);
      }),
    );

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/catalogue/formations', { config: { access: 'catalogue.manage' }, schema: { hide: true, querystring: Type.Object({ fait: Type.Optional(Type.String({ maxLength: 40 })) }) } }, (request, reply) => show(request, reply));
  });
  post('/catalogue/formations', () => 'session', 'session', async (h, _p, b) => {
    await activity.createSession(db, h.ctx, { offerId: text(b, 'offerId'), reference: text(b, 'reference'), topic: text(b, 'topic'), heldOn: text(b, 'heldOn'), place: text(b, 'place') || null, trainer: text(b, 'trainer') || null });
  });
  post(
    '/catalogue/formations/:sessionId/stagiaires',
    (p) => p.sessionId!,
    'stagiaire',
    async (h, p, b) => {
      const collectivityId = text(b, 'collectivityId');
      if (collectivityId !== '' && !/^[0-9a-f-]{36}$/.test(collectivityId)) throw new UserError('Choisissez une collectivité de la liste.', 400, 'collectivityId');
      await activity.addTrainees(db, h.ctx, p.sessionId!, [{ name: text(b, 'name'), role: text(b, 'role') || null, collectivityId: collectivityId || null, outsideBody: text(b, 'outsideBody') || null }]);
    },
    Type.Object({ siren: Type.String(), sessionId: Type.String({ format: 'uuid' }) }),
  );
  post('/catalogue/conservation', () => 'conservation', 'conservation', async (h, _p, b) => {
    const months = text(b, 'retentionMonths');
    if (!/^\d{1,3}$/.test(months)) throw new UserError('Le champ « durée de conservation » doit être un nombre entier de mois entre 1 et 120.', 400, 'retentionMonths');
    await activity.setRetention(db, h.ctx, Number(months));
  });
  post('/catalogue/anonymisation', () => 'anonymisation', (n) => `anonymisation-${n}`, (h) => activity.anonymiseDueTrainees(db, h.ctx, parisToday()));
}

const DONE: Record<string, string> = { session: 'Session ajoutée.', stagiaire: 'Personne inscrite à la session.', conservation: 'Durée de conservation enregistrée.' };

function TrainingsPage(props: { h: Here; trainings: { sessions: readonly activity.SessionView[]; retentionMonths: number }; offers: readonly Offer[]; register: readonly Collectivity[]; failed: Failed; done: string | null }) {
  const { h, failed } = props;
  const err = (where: string) => (failed?.where === where ? failed.error : null);
  const val = (where: string, name: string, fallback = '') => (failed?.where === where ? text(failed.values, name) : fallback);
  const total = props.trainings.sessions.reduce((n, s) => n + s.trainees.length, 0);
  const named = props.trainings.sessions.reduce((n, s) => n + s.trainees.filter((t) => t.name !== null).length, 0);
  return (
    <section>
      <Breadcrumb trail={[{ href: `${h.base}/catalogue`, label: 'Catalogue de services' }]} />
      <h1>Formations</h1>
      {props.done ? (
        <p class="notice" role="status">
          {props.done.startsWith('anonymisation-') ? `${props.done.slice(14)} personne(s) anonymisée(s) ; les nombres de personnes formées et de communes représentées sont conservés.` : (DONE[props.done] ?? 'Enregistré.')}
        </p>
      ) : null}
      <p>{`${formatInteger(props.trainings.sessions.length)} session(s), ${formatInteger(total)} inscription(s), dont ${formatInteger(named)} avec le nom de la personne. Les noms et fonctions sont conservés ${props.trainings.retentionMonths} mois après la session, puis anonymisés (RGPD, article 5) : les nombres restent.`}</p>
      <div class="forms">
        <form method="post" action={`${h.base}/catalogue/conservation`} class="stacked" aria-label="Durée de conservation">
          <CsrfField />
          <h2>Conservation des données</h2>
          <FormAlert error={err('conservation')} fields={['retentionMonths']} />
          <Field id="retentionMonths" name="retentionMonths" label="Durée de conservation des noms (mois)" inputmode="numeric" required value={val('conservation', 'retentionMonths', String(props.trainings.retentionMonths))} error={err('conservation')} />
          <button type="submit">Enregistrer la durée</button>
        </form>
        <form method="post" action={`${h.base}/catalogue/anonymisation`} class="stacked" aria-label="Anonymiser les personnes formées">
          <CsrfField />
          <h2>Anonymisation</h2>
          <FormAlert error={err('anonymisation')} fields={[]} />
          <p>Efface les noms et fonctions des personnes dont la durée de conservation est échue.</p>
          <button type="submit">Anonymiser les données échues</button>
        </form>
      </div>
      <h2>Sessions</h2>
      {props.trainings.sessions.map((s) => {
        const key = s.session.id;
        const e = err(key);
        return (
          <details class="catalogue-session" open={e !== null}>
            <summary>{`${day(s.session.heldOn)} · ${s.session.reference} · ${s.offerTitle} : ${formatInteger(s.trainees.length)} personne(s)`}</summary>
            <p class="meta">{`${s.session.topic}${s.session.place ? ` · ${s.session.place}` : ''}${s.session.trainer ? ` · ${s.session.trainer}` : ''} · anonymisation le ${day(s.anonymisedFrom)}`}</p>
            <ScrollRegion label={`Personnes formées, session ${s.session.reference}`}>
              <table>
                <caption>{`Personnes formées, session ${s.session.reference}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Fonction</th>
                    <th scope="col">Collectivité</th>
                  </tr>
                </thead>
                <tbody>
                  {s.trainees.map((t) => (
                    <tr>
                      <td>{t.name ?? `anonymisée le ${day(t.anonymisedOn)}`}</td>
                      <td>{t.role ?? '—'}</td>
                      <td>{t.collectivityId ? t.body : `${t.body} (hors territoire)`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <form method="post" action={`${h.base}/catalogue/formations/${key}/stagiaires`} class="stacked" aria-label={`Inscrire une personne à la session ${s.session.reference}`}>
              <CsrfField />
              <FormAlert error={e} fields={['name', 'role', 'collectivityId', 'outsideBody']} />
              <Field id={`nom-${key}`} name="name" label="Nom de la personne" required value={val(key, 'name')} error={e} />
              <Field id={`fonction-${key}`} name="role" label="Fonction" value={val(key, 'role')} error={e} />
              <Field id={`collectivite-${key}`} name="collectivityId" label="Collectivité du territoire" error={e}>
                <select id={`collectivite-${key}`} name="collectivityId">
                  <option value="">Organisme extérieur (ci-dessous)</option>
                  {props.register.map((c) => (
                    <option value={c.id} selected={val(key, 'collectivityId') === c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`exterieur-${key}`} name="outsideBody" label="Ou organisme extérieur au territoire" value={val(key, 'outsideBody')} error={e} />
              <button type="submit">Inscrire</button>
            </form>
          </details>
        );
      })}
      <h2>Ajouter une session</h2>
      <form method="post" action={`${h.base}/catalogue/formations`} class="stacked prose" aria-label="Ajouter une session de formation">
        <CsrfField />
        <FormAlert error={err('session')} fields={['offerId', 'reference', 'topic', 'heldOn', 'place', 'trainer']} />
        <Field id="offerId" name="offerId" label="Offre" error={err('session')}>
          <select id="offerId" name="offerId">
            {props.offers.map((o) => (
              <option value={o.id} selected={val('session', 'offerId') === o.id}>
                {o.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="reference" name="reference" label="Référence (ex. SIG-2020-01)" required value={val('session', 'reference')} error={err('session')} />
        <Field id="topic" name="topic" label="Thème de la formation" required value={val('session', 'topic')} error={err('session')} />
        <Field id="heldOn" name="heldOn" label="Date" type="date" required value={val('session', 'heldOn')} error={err('session')} />
        <Field id="place" name="place" label="Lieu" value={val('session', 'place')} error={err('session')} />
        <Field id="trainer" name="trainer" label="Formateur" value={val('session', 'trainer')} error={err('session')} />
        <button type="submit">Ajouter la session</button>
      </form>
    </section>
  );
}
