import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage, type Here } from '../../access/guard.tsx';
import { CsrfField } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { formatInteger } from '../../platform/format.ts';
import { parisToday } from '../../platform/clock.ts';
import * as territory from '../../territory/service.ts';
import type { Collectivity } from '../../territory/model.ts';
import * as catalogue from '../service.ts';
import { describeEligibility, DOMAIN_LABELS, DOMAINS, OFFER_KIND_LABELS, OFFER_STATUS_LABELS, PRICING_LABELS, type Domain, type EligibilityVerdict, type SubscriptionState } from '../model.ts';
import { day, launchOf, ownCommunes, StateBadge } from './ui.tsx';

const Query = Type.Object({ domaine: Type.Optional(Type.String({ maxLength: 40 })), commune: Type.Optional(Type.String({ maxLength: 5 })) });

/** The catalogue as cards with filters, and each offer's page with who uses it (and, for a commune, a one-click request). */
export function cataloguePages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/catalogue', { config: { access: 'catalogue.read' }, schema: { hide: true, querystring: Query } }, async (request, reply) => {
      const h = here(request);
      h.require('catalogue.read');
      const today = parisToday();
      const communes = (await territory.listCollectivities(db, h.ctx)).filter((c) => c.kind === 'commune').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
      const domain = (DOMAINS as readonly string[]).includes(request.query.domaine ?? '') ? (request.query.domaine as Domain) : undefined;
      const chosen = communes.find((c) => c.inseeCode === request.query.commune) ?? null;
      const cards = await catalogue.listCatalogue(db, h.ctx, { domain, collectivityId: chosen?.id }, today);
      const mine = communes.filter((c) => ownCommunes(h).includes(c.id));
      return sendTerritoryPage(request, reply, 'Catalogue de services aux communes', <CataloguePage h={h} cards={cards} communes={communes} domain={domain ?? null} chosen={chosen} mine={mine} />);
    });

    t.get('/catalogue/offres/:offerId', { config: { access: 'catalogue.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), offerId: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('catalogue.read');
      const today = parisToday();
      const detail = await catalogue.offerDetail(db, h.ctx, request.params.offerId, today);
      const register = await territory.listCollectivities(db, h.ctx);
      const mine = register.filter((c) => ownCommunes(h).includes(c.id) && h.can('catalogue.request', { collectivityId: c.id }));
      const asks = await Promise.all(
        mine.map(async (c) => {
          const portal = await catalogue.communePortal(db, h.ctx, c.id, today);
          const sub = portal.subscriptions.find((s) => s.offer.id === detail.offer.id && s.state !== 'refused' && s.state !== 'ended');
          const verdict = [...portal.couldUse, ...portal.notEligible].find((l) => l.offer.id === detail.offer.id)?.verdict ?? null;
          return { commune: c, state: sub?.state ?? null, verdict };
        }),
      );
      return sendTerritoryPage(request, reply, detail.offer.title, <OfferPage h={h} detail={detail} asks={asks} />);
    });
  });
}

function CataloguePage(props: { h: Here; cards: readonly catalogue.CatalogueCard[]; communes: readonly Collectivity[]; domain: Domain | null; chosen: Collectivity | null; mine: readonly Collectivity[] }) {
  const { h } = props;
  return (
    <section>
      <h1>Catalogue de services aux communes</h1>
      <p class="lead">Les services que la Métropole, ses directions mutualisées et la ville-centre offrent aux communes membres : outils, accompagnements, adhésions, réseaux, formations et événements.</p>
      {props.mine.length > 0 ? (
        <p>
          {props.mine.map((c) => (
            <a class="button-link" href={`${h.base}/communes/${c.inseeCode}/services`}>{`Ce que ${c.name} utilise et pourrait utiliser`}</a>
          ))}
        </p>
      ) : null}
      {h.can('catalogue.manage') ? (
        <ul class="links">
          <li>
            <a href={`${h.base}/catalogue/demandes`}>Demandes d'adhésion à traiter</a>
          </li>
          <li>
            <a href={`${h.base}/catalogue/gestion`}>Gestion des offres</a>
          </li>
          <li>
            <a href={`${h.base}/catalogue/formations`}>Formations et personnes formées</a>
          </li>
        </ul>
      ) : null}
      <ul class="links">
        <li>
          <a href={`${h.base}/catalogue/reseaux`}>Réseaux de référents et événements</a>
        </li>
        {h.can('catalogue.indicators') ? (
          <li>
            <a href={`${h.base}/catalogue/indicateurs`}>Indicateurs par année</a>
          </li>
        ) : null}
      </ul>
      <form method="get" action={`${h.base}/catalogue`} class="search catalogue-filters" aria-label="Filtrer le catalogue">
        <div class="field">
          <label for="domaine">Domaine</label>
          <select id="domaine" name="domaine">
            <option value="">Tous les domaines</option>
            {DOMAINS.map((d) => (
              <option value={d} selected={props.domain === d}>
                {DOMAIN_LABELS[d]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="commune">Accessible à la commune</label>
          <select id="commune" name="commune">
            <option value="">Toutes les offres</option>
            {props.communes.map((c) => (
              <option value={c.inseeCode ?? ''} selected={props.chosen?.id === c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filtrer</button>
      </form>
      <p role="status">{`${formatInteger(props.cards.length)} offre${props.cards.length > 1 ? 's' : ''}${props.chosen ? ` accessible${props.cards.length > 1 ? 's' : ''} à ${props.chosen.name} ou déjà utilisée${props.cards.length > 1 ? 's' : ''}` : ''}.`}</p>
      <ul class="catalogue-cards">
        {props.cards.map((card) => (
          <li class="catalogue-card">
            <h2>
              <a href={`${h.base}/catalogue/offres/${card.offer.id}`}>{card.offer.title}</a>
            </h2>
            <p class="meta">{`${DOMAIN_LABELS[card.offer.domain]} · ${OFFER_KIND_LABELS[card.offer.kind]}${card.offer.status === 'planned' ? ' · en préparation' : ''}`}</p>
            <p>{card.offer.description}</p>
            <p class="meta">{`Proposé par : ${card.provider}. ${describeEligibility(card.offer.eligibility)}.`}</p>
            {card.activeCommunes > 0 ? <p class="meta">{`${formatInteger(card.activeCommunes)} commune${card.activeCommunes > 1 ? 's' : ''} adhérente${card.activeCommunes > 1 ? 's' : ''}`}</p> : null}
            {card.state ? (
              <p>
                <StateBadge state={card.state} />
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OfferPage(props: { h: Here; detail: catalogue.OfferDetail; asks: readonly { commune: Collectivity; state: SubscriptionState | null; verdict: EligibilityVerdict | null }[] }) {
  const { h } = props;
  const { offer, users } = props.detail;
  const launch = launchOf(offer);
  return (
    <section>
      <Breadcrumb trail={[{ href: `${h.base}/catalogue`, label: 'Catalogue de services' }]} />
      <h1>{offer.title}</h1>
      <p class="lead">{offer.description}</p>
      <dl class="facts">
        <div>
          <dt>Domaine</dt>
          <dd>{DOMAIN_LABELS[offer.domain]}</dd>
        </div>
        <div>
          <dt>Nature</dt>
          <dd>{OFFER_KIND_LABELS[offer.kind]}</dd>
        </div>
        <div>
          <dt>Proposé par</dt>
          <dd>{props.detail.provider}</dd>
        </div>
        <div>
          <dt>Statut</dt>
          <dd>{OFFER_STATUS_LABELS[offer.status]}</dd>
        </div>
        {launch ? (
          <div>
            <dt>Mise en service</dt>
            <dd>{launch}</dd>
          </div>
        ) : null}
        <div>
          <dt>Éligibilité</dt>
          <dd>{describeEligibility(offer.eligibility)}</dd>
        </div>
        <div>
          <dt>Tarification</dt>
          <dd>{offer.pricing === 'charged' && offer.allocationKey ? `${PRICING_LABELS.charged} : ${offer.allocationKey}` : PRICING_LABELS[offer.pricing]}</dd>
        </div>
        {offer.contact ? (
          <div>
            <dt>Contact</dt>
            <dd>{offer.contact}</dd>
          </div>
        ) : null}
      </dl>
      {offer.subItems.length > 0 ? (
        <>
          <h2>Applications et services inclus</h2>
          <ul>
            {offer.subItems.map((i) => (
              <li>{`${i.title}${i.launchedOn ? ` (mise en service : ${launchOf({ launchedOn: i.launchedOn, launchPrecision: i.launchPrecision })})` : ''}`}</li>
            ))}
          </ul>
        </>
      ) : null}
      {props.asks.map((a) => (
        <div class="catalogue-ask">
          <h2>{`Pour ${a.commune.name}`}</h2>
          {a.state ? (
            <p>
              {'Adhésion : '}
              <StateBadge state={a.state} />
            </p>
          ) : a.verdict?.eligible ? (
            <form method="post" action={`${h.base}/communes/${a.commune.inseeCode}/services/demandes`} class="inline">
              <CsrfField />
              <input type="hidden" name="offerId" value={offer.id} />
              <p>{a.verdict.reason}</p>
              <button type="submit">{`Demander l'adhésion de ${a.commune.name}`}</button>
            </form>
          ) : (
            <p>{a.verdict?.reason ?? 'Offre close.'}</p>
          )}
        </div>
      ))}
      <h2>Qui l'utilise</h2>
      {users.length === 0 ? (
        <p>{offer.kind === 'network' ? 'Les membres du réseau sont ses référents : voir la page des réseaux.' : 'Aucune adhésion en cours.'}</p>
      ) : (
        <ScrollRegion label="Communes adhérentes">
          <table>
            <caption>{`Communes adhérentes : ${formatInteger(users.length)}`}</caption>
            <thead>
              <tr>
                <th scope="col">Commune</th>
                <th scope="col">Depuis le</th>
                <th scope="col" class="num">
                  Comptes d'accès
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <td>{u.name}</td>
                  <td>{day(u.since)}</td>
                  <td class="num">{formatInteger(u.accounts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.detail.sessions + props.detail.meetings > 0 ? <p>{`${formatInteger(props.detail.sessions)} session(s) de formation et ${formatInteger(props.detail.meetings)} réunion(s) ou événement(s) enregistrés pour cette offre.`}</p> : null}
    </section>
  );
}
