import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage, type Here } from '../../access/guard.tsx';
import { CsrfField, Field, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { UserError } from '../../platform/http/errors.ts';
import { formatInteger } from '../../platform/format.ts';
import * as territory from '../../territory/service.ts';
import type { Collectivity } from '../../territory/model.ts';
import * as activity from '../activity-service.ts';
import { OFFER_KIND_LABELS, THEME_LABELS } from '../model.ts';
import { referentFor } from '../viewer.ts';
import { day, FormBody, many, text, type Form } from './ui.tsx';

/** Networks of referents (club DSI, club COM, DGS meetings) and events: members, meetings with attendance. */
export function networkPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, failed: { offerId: string; error: FormError; values: Form } | null = null) => {
    const h = here(request);
    h.require('catalogue.read');
    const networks = await activity.listNetworks(db, h.ctx);
    const register = h.can('catalogue.manage') ? (await territory.listCollectivities(db, h.ctx)).filter((c) => c.kind === 'commune' || c.kind === 'epci').sort((a, b) => a.name.localeCompare(b.name, 'fr')) : [];
    const recorded = !failed && (request.query as { enregistree?: string } | undefined)?.enregistree === '1';
    return sendTerritoryPage(request, reply, 'Réseaux et événements', <NetworksPage h={h} networks={networks} register={register} failed={failed} recorded={recorded} />, failed ? (failed.error.field ? 400 : 409) : 200);
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/catalogue/reseaux', { config: { access: 'catalogue.read' }, schema: { hide: true, querystring: Type.Object({ enregistree: Type.Optional(Type.String({ maxLength: 1 })) }) } }, (request, reply) => show(request, reply));
    t.post('/catalogue/offres/:offerId/reunions', { config: { access: 'catalogue.manage' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), offerId: Type.String({ format: 'uuid' }) }), body: FormBody } }, async (request, reply) => {
      const h = here(request);
      h.require('catalogue.manage');
      const b = request.body as Form;
      try {
        const outside = text(b, 'outsideAttendees');
        if (outside !== '' && !/^\d{1,6}$/.test(outside)) throw new UserError('Le champ « participants extérieurs au territoire » doit être un nombre entier.', 400, 'outsideAttendees');
        await activity.recordMeeting(db, h.ctx, request.params.offerId, {
          heldOn: text(b, 'heldOn'),
          topic: text(b, 'topic'),
          place: text(b, 'place') || null,
          outsideAttendees: outside === '' ? 0 : Number(outside),
          attendance: many(b, 'present').map((collectivityId) => ({ collectivityId, attendees: 1 })),
        });
      } catch (error) {
        return show(request, reply, { offerId: request.params.offerId, error: formErrorOf(error), values: b });
      }
      return reply.redirect(`${h.base}/catalogue/reseaux?enregistree=1`, 303);
    });
  });
}

function NetworksPage(props: { h: Here; networks: readonly activity.NetworkView[]; register: readonly Collectivity[]; failed: { offerId: string; error: FormError; values: Form } | null; recorded: boolean }) {
  const { h } = props;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${h.base}/catalogue`, label: 'Catalogue de services' }]} />
      <h1>Réseaux et événements</h1>
      <p class="lead">Les réseaux réunissent les référents des communes par thème ; leurs coordonnées ne sont visibles que de leur commune et de l'équipe de mutualisation.</p>
      {props.recorded ? (
        <p class="notice" role="status">
          Réunion enregistrée.
        </p>
      ) : null}
      {props.networks.map((n) => {
        const failed = props.failed?.offerId === n.offer.id ? props.failed : null;
        const key = n.offer.code;
        return (
          <article class="catalogue-network" aria-labelledby={`reseau-${key}`}>
            <h2 id={`reseau-${key}`}>{n.offer.title}</h2>
            <p class="meta">{`${OFFER_KIND_LABELS[n.offer.kind]}${n.offer.theme ? ` · ${THEME_LABELS[n.offer.theme]}` : ''}`}</p>
            {n.members.length > 0 ? (
              <details>
                <summary>{`${formatInteger(n.members.length)} référent(s) membres`}</summary>
                <ScrollRegion label={`Membres : ${n.offer.title}`}>
                  <table>
                    <caption>{`Référents membres : ${n.offer.title}`}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Commune</th>
                        <th scope="col">Nom</th>
                        <th scope="col">Fonction</th>
                        <th scope="col">Courriel</th>
                        <th scope="col">Téléphone</th>
                      </tr>
                    </thead>
                    <tbody>
                      {n.members.map((m) => {
                        const seen = referentFor(h, m);
                        return (
                          <tr>
                            <td>{m.communeName}</td>
                            <td>{m.name}</td>
                            <td>{m.position ?? '—'}</td>
                            <td>{seen.email ?? (m.email ? 'réservé à la commune' : '—')}</td>
                            <td>{seen.phone ?? (m.phone ? 'réservé à la commune' : '—')}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </ScrollRegion>
              </details>
            ) : null}
            {n.meetings.length === 0 ? (
              <p>Aucune réunion enregistrée.</p>
            ) : (
              <ScrollRegion label={`Réunions : ${n.offer.title}`}>
                <table>
                  <caption>{`Réunions et événements : ${n.offer.title}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Thème abordé</th>
                      <th scope="col">Lieu</th>
                      <th scope="col" class="num">
                        Collectivités présentes
                      </th>
                      <th scope="col" class="num">
                        Participants
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {n.meetings.map((m) => (
                      <tr>
                        <td>{day(m.heldOn)}</td>
                        <td>{m.topic}</td>
                        <td>{m.place ?? '—'}</td>
                        <td class="num">{formatInteger(m.attendance.length)}</td>
                        <td class="num">{`${formatInteger(m.total)}${m.outsideAttendees > 0 ? ` (dont ${formatInteger(m.outsideAttendees)} hors territoire)` : ''}`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
            {h.can('catalogue.manage') ? (
              <details open={failed !== null}>
                <summary>Enregistrer une réunion</summary>
                <form method="post" action={`${h.base}/catalogue/offres/${n.offer.id}/reunions`} class="stacked" aria-label={`Enregistrer une réunion : ${n.offer.title}`}>
                  <CsrfField />
                  {failed && !['heldOn', 'topic', 'place', 'outsideAttendees'].includes(failed.error.field ?? '') ? (
                    <p class="error" role="alert">
                      {failed.error.message}
                    </p>
                  ) : null}
                  <Field id={`date-${key}`} name="heldOn" label="Date" type="date" required value={failed ? text(failed.values, 'heldOn') : ''} error={failed?.error} />
                  <Field id={`theme-${key}`} name="topic" label="Thème abordé" required value={failed ? text(failed.values, 'topic') : ''} error={failed?.error} />
                  <Field id={`lieu-${key}`} name="place" label="Lieu" value={failed ? text(failed.values, 'place') : ''} error={failed?.error} />
                  <Field id={`exterieurs-${key}`} name="outsideAttendees" label="Participants extérieurs au territoire" inputmode="numeric" value={failed ? text(failed.values, 'outsideAttendees') : '0'} error={failed?.error} />
                  <fieldset>
                    <legend>Collectivités présentes (une personne chacune)</legend>
                    <div class="grid">
                      {props.register.map((c) => (
                        <label class="check">
                          <input type="checkbox" name="present" value={c.id} checked={failed ? many(failed.values, 'present').includes(c.id) : false} /> {c.name}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                  <button type="submit">Enregistrer la réunion</button>
                </form>
              </details>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
