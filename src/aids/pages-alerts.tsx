import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { CsrfField } from '../platform/http/forms.tsx';
import { formatInstant } from '../platform/format.ts';
import { queryOf } from './http.ts';
import * as aids from './service.ts';
import type { Notification, SavedSearch } from './service.ts';

/** The person's saved searches and the notifications they raised. */
export function alertPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/alertes', { config: { access: 'aid.read' }, schema: { hide: true, querystring: Type.Object({ enregistree: Type.Optional(Type.Literal('1')), lues: Type.Optional(Type.Literal('1')), supprimee: Type.Optional(Type.Literal('1')) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('aid.read');
      const [searches, notifications] = [await aids.mySearches(db, h.ctx), await aids.myNotifications(db, h.ctx)];
      const q = request.query;
      const notice = q.enregistree ? 'La recherche est enregistrée : les aides nouvelles ou modifiées qui y répondent apparaîtront ici.' : q.lues ? 'Les alertes sont marquées comme lues.' : q.supprimee ? 'La recherche est supprimée.' : null;
      return sendTerritoryPage(request, reply, 'Alertes', <AlertsPage base={h.base} searches={searches} notifications={notifications} notice={notice} />);
    });

    t.post('/alertes/lecture', { config: { access: 'aid.read' }, schema: { hide: true, body: Type.Object({ _csrf: Type.Optional(Type.String()) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('aid.read');
      await aids.markAllRead(db, h.ctx);
      return reply.redirect(`${h.base}/alertes?lues=1`, 303);
    });

    t.post(
      '/alertes/recherches/:searchId/suppression',
      // The confirmation field makes an empty post a 400 rather than a deletion.
      { config: { access: 'aid.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), searchId: Type.String({ maxLength: 40 }) }), body: Type.Object({ confirmer: Type.Literal('oui'), _csrf: Type.Optional(Type.String()) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('aid.read');
        await aids.deleteSearch(db, h.ctx, request.params.searchId);
        return reply.redirect(`${h.base}/alertes?supprimee=1`, 303);
      },
    );
  });
}

function AlertsPage(props: { base: string; searches: SavedSearch[]; notifications: Notification[]; notice: string | null }) {
  const unread = props.notifications.filter((n) => n.readAt === null);
  return (
    <section>
      <h1>Alertes</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <h2 id="nouvelles">{unread.length === 0 ? 'Aucune nouvelle alerte' : unread.length === 1 ? '1 nouvelle alerte' : `${unread.length} nouvelles alertes`}</h2>
      {props.notifications.length === 0 ? (
        <p>Quand une aide nouvelle ou modifiée répond à l’une de vos recherches enregistrées, elle apparaît ici.</p>
      ) : (
        <>
          <ul class="notifications" aria-labelledby="nouvelles">
            {props.notifications.map((n) => (
              <li class={n.readAt ? 'read' : 'unread'}>
                {n.readAt ? null : <span class="badge badge-eligible">Nouveau</span>} <a href={`${props.base}/aides/${n.schemeId}`}>{n.schemeName}</a>
                {` — ${n.reason === 'new' ? 'nouvelle aide' : 'aide modifiée'} pour « ${n.savedSearchName} », le ${formatInstant(n.createdAt)}`}
              </li>
            ))}
          </ul>
          {unread.length > 0 ? (
            <form method="post" action={`${props.base}/alertes/lecture`} class="inline">
              <CsrfField />
              <button type="submit" class="secondary">
                Tout marquer comme lu
              </button>
            </form>
          ) : null}
        </>
      )}
      <h2>Mes recherches enregistrées</h2>
      {props.searches.length === 0 ? (
        <p>
          Aucune : lancez une <a href={`${props.base}/aides`}>recherche d’aides</a> puis « Enregistrer la recherche ».
        </p>
      ) : (
        <ul class="plain saved">
          {props.searches.map((s) => (
            <li>
              <a href={`${props.base}/aides?${queryOf(s.criteria)}`}>{s.name}</a>{' '}
              <form method="post" action={`${props.base}/alertes/recherches/${s.id}/suppression`} class="inline-action">
                <CsrfField />
                <input type="hidden" name="confirmer" value="oui" />
                <button type="submit" class="secondary">
                  Supprimer<span class="visually-hidden">{` la recherche « ${s.name} »`}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
