import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage, type Here } from '../../access/guard.tsx';
import { CsrfField, FormAlert, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { UserError } from '../../platform/http/errors.ts';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { formatInteger } from '../../platform/format.ts';
import { parisToday } from '../../platform/clock.ts';
import * as catalogue from '../service.ts';
import { THEME_LABELS } from '../model.ts';
import { communeGate, communeOf } from '../viewer.ts';
import { day, FormBody, StateBadge, text, type Form } from './ui.tsx';

const Params = Type.Object({ siren: Type.String(), insee: Type.String({ maxLength: 5 }) });

/** The commune portal: what my commune uses, what it could use, with a one-click request. */
export function portalPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null) => {
    const h = here(request);
    const { insee } = request.params as { insee: string };
    const commune = await communeOf(db, h, insee, 'catalogue.readCommune');
    const portal = await catalogue.communePortal(db, h.ctx, commune.id, parisToday());
    const asked = error ? null : ((request.query as { demande?: string } | undefined)?.demande ?? null);
    const status = error ? (error.field === 'offerId' && /déjà/.test(error.message) ? 409 : 400) : 200;
    return sendTerritoryPage(request, reply, `Services de ${commune.name}`, <PortalPage h={h} insee={insee} portal={portal} error={error} asked={asked} />, status);
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/communes/:insee/services', { config: { access: 'catalogue.readCommune' }, preValidation: communeGate(db, 'catalogue.readCommune'), schema: { hide: true, params: Params, querystring: Type.Object({ demande: Type.Optional(Type.String({ maxLength: 200 })) }) } }, (request, reply) => show(request, reply));

    t.post('/communes/:insee/services/demandes', { config: { access: 'catalogue.request' }, preValidation: communeGate(db, 'catalogue.request'), schema: { hide: true, params: Params, body: FormBody } }, async (request, reply) => {
      const h = here(request);
      const commune = await communeOf(db, h, request.params.insee, 'catalogue.request');
      const b = request.body as Form;
      try {
        const offerId = text(b, 'offerId');
        if (!/^[0-9a-f-]{36}$/.test(offerId)) throw new UserError('Choisissez une offre du catalogue.', 400, 'offerId');
        const s = await catalogue.requestSubscription(db, h.ctx, commune.id, offerId, text(b, 'note') || null, parisToday());
        return reply.redirect(`${h.base}/communes/${request.params.insee}/services?demande=${s.offerId}#demandes`, 303);
      } catch (error) {
        return show(request, reply, formErrorOf(error));
      }
    });
  });
}

function PortalPage(props: { h: Here; insee: string; portal: catalogue.CommunePortal; error: FormError | null; asked: string | null }) {
  const { h, portal } = props;
  const name = portal.commune.name;
  const mayRequest = h.can('catalogue.request', { collectivityId: portal.commune.id });
  const askedOffer = props.asked ? portal.subscriptions.find((s) => s.offer.id === props.asked) : undefined;
  return (
    <section>
      <Breadcrumb
        trail={[
          { href: `${h.base}/catalogue`, label: 'Catalogue de services' },
          { href: `${h.base}/communes/${props.insee}`, label: name },
        ]}
      />
      <h1>{`Services de ${name}`}</h1>
      <p class="lead">{`Ce que ${name} utilise, et ce qu'elle pourrait utiliser${portal.commune.population !== null ? ` (${formatInteger(portal.commune.population)} habitants, population municipale)` : ''}.`}</p>
      {askedOffer ? (
        <p class="notice" role="status">
          {`Demande d'adhésion à « ${askedOffer.offer.title} » envoyée. L'équipe de mutualisation l'examinera ; sa décision apparaîtra ci-dessous.`}
        </p>
      ) : null}
      <FormAlert error={props.error} fields={[]} />

      <h2 id="demandes">Ce que la commune utilise</h2>
      {portal.subscriptions.length === 0 ? (
        <p>Aucune adhésion ni demande.</p>
      ) : (
        <ScrollRegion label={`Adhésions de ${name}`}>
          <table>
            <caption>{`Adhésions et demandes de ${name}`}</caption>
            <thead>
              <tr>
                <th scope="col">Offre</th>
                <th scope="col">État</th>
                <th scope="col">Demandée le</th>
                <th scope="col">Période</th>
                <th scope="col" class="num">
                  Comptes d'accès
                </th>
                <th scope="col">Titulaires ou motif</th>
              </tr>
            </thead>
            <tbody>
              {portal.subscriptions.map((s) => {
                const accounts = s.accounts.filter((a) => a.closedOn === null).reduce((n, a) => n + a.count, 0);
                const holders = s.accounts.filter((a) => a.holderName).map((a) => a.holderName!);
                return (
                  <tr>
                    <td>
                      <a href={`${h.base}/catalogue/offres/${s.offer.id}`}>{s.offer.title}</a>
                    </td>
                    <td>
                      <StateBadge state={s.state} />
                    </td>
                    <td>{day(s.subscription.requestedOn)}</td>
                    <td>{s.subscription.startsOn ? `du ${day(s.subscription.startsOn)}${s.subscription.endsOn ? ` au ${day(s.subscription.endsOn)}` : ''}` : '—'}</td>
                    <td class="num">{formatInteger(accounts)}</td>
                    <td>{s.subscription.refusalReason ? `Refus : ${s.subscription.refusalReason}` : holders.join(', ') || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>Ses référents</h2>
      {portal.referents.length === 0 ? (
        <p>Aucun référent désigné.</p>
      ) : (
        <ScrollRegion label={`Référents de ${name}`}>
          <table>
            <caption>{`Référents de ${name} par thème`}</caption>
            <thead>
              <tr>
                <th scope="col">Thème</th>
                <th scope="col">Nom</th>
                <th scope="col">Fonction</th>
                <th scope="col">Courriel</th>
                <th scope="col">Téléphone</th>
              </tr>
            </thead>
            <tbody>
              {portal.referents.map((r) => (
                <tr>
                  <td>{THEME_LABELS[r.theme]}</td>
                  <td>{r.name}</td>
                  <td>{r.position ?? '—'}</td>
                  <td>{r.email ?? '—'}</td>
                  <td>{r.phone ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>Formations suivies</h2>
      {portal.trainings.length === 0 ? (
        <p>Aucune personne de la commune n'a suivi de session.</p>
      ) : (
        <ScrollRegion label={`Formations suivies par ${name}`}>
          <table>
            <caption>{`Sessions suivies par des agents ou des élus de ${name}`}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Offre</th>
                <th scope="col">Thème</th>
                <th scope="col">Personnes formées</th>
              </tr>
            </thead>
            <tbody>
              {portal.trainings.map((tr) => (
                <tr>
                  <td>{day(tr.session.heldOn)}</td>
                  <td>{tr.offerTitle}</td>
                  <td>{tr.session.topic}</td>
                  <td>{tr.trainees.map((p) => p.name ?? 'personne anonymisée').join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>Ce qu'elle pourrait utiliser</h2>
      {portal.couldUse.length === 0 ? <p>La commune utilise ou a demandé toutes les offres auxquelles elle a accès.</p> : null}
      <ul class="catalogue-cards">
        {portal.couldUse.map(({ offer, verdict }) => (
          <li class="catalogue-card">
            <h3>
              <a href={`${h.base}/catalogue/offres/${offer.id}`}>{offer.title}</a>
            </h3>
            <p>{verdict.reason}</p>
            {mayRequest ? (
              <form method="post" action={`${h.base}/communes/${props.insee}/services/demandes`} class="inline" aria-label={`Demander l'adhésion à ${offer.title}`}>
                <CsrfField />
                <input type="hidden" name="offerId" value={offer.id} />
                <button type="submit">Demander l'adhésion</button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {portal.notEligible.length > 0 ? (
        <>
          <h2>Offres non accessibles à la commune</h2>
          <ul>
            {portal.notEligible.map(({ offer, verdict }) => (
              <li>
                <a href={`${h.base}/catalogue/offres/${offer.id}`}>{offer.title}</a>
                {` : ${verdict.reason}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
