import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { UserError } from '../platform/http/errors.ts';
import { sendPublicPage, sendTerritoryPage, here, inTerritory, addNav, SESSION_COOKIE } from './guard.tsx';
import * as access from './service.ts';
import { ROLE_LABELS, ROLES, type Role } from './model.ts';

/** Only a local path may be a return address: no open redirect. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\r\n]/.test(value)) return '/';
  return value;
}

function LoginForm(props: { csrfToken: string; email?: string; error?: string | null; retour: string }) {
  return (
    <section class="narrow">
      <h1>Connexion</h1>
      {props.error ? (
        <p class="error" role="alert" id="erreur-connexion">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/connexion" class="stacked">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="retour" value={props.retour} />
        <label for="email">Adresse électronique</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} aria-describedby={props.error ? 'erreur-connexion' : undefined} />
        <label for="password">Mot de passe</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Se connecter</button>
      </form>
    </section>
  );
}

export function accessPages(app: App, deps: ServerDeps): void {
  const { db, config } = deps;
  app.get('/connexion', { schema: { hide: true, querystring: Type.Object({ retour: Type.Optional(Type.String({ maxLength: 500 })) }) } }, async (request, reply) => {
    if (request.person) return reply.redirect(safeReturnPath(request.query.retour));
    const csrfToken = reply.generateCsrf();
    return sendPublicPage(request, reply, 'Connexion', <LoginForm csrfToken={csrfToken} retour={safeReturnPath(request.query.retour)} />);
  });

  app.post(
    '/connexion',
    {
      schema: {
        hide: true,
        body: Type.Object({
          email: Type.String({ maxLength: 254 }),
          password: Type.String({ maxLength: 200 }),
          retour: Type.Optional(Type.String({ maxLength: 500 })),
          _csrf: Type.Optional(Type.String()),
        }),
      },
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const person = await access.authenticate(db, request.body.email, request.body.password);
      if (!person) {
        const csrfToken = reply.generateCsrf();
        return sendPublicPage(
          request,
          reply,
          'Connexion',
          <LoginForm csrfToken={csrfToken} email={request.body.email} error="Adresse électronique ou mot de passe incorrect." retour={safeReturnPath(request.body.retour)} />,
          401,
        );
      }
      if (request.sessionId && request.person) await access.closeSession(db, request.sessionId, request.person);
      const token = await access.openSession(db, person);
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 12 * 3600 });
      return reply.redirect(safeReturnPath(request.body.retour), 303);
    },
  );

  app.post('/deconnexion', { schema: { hide: true } }, async (request, reply) => {
    if (request.sessionId && request.person) await access.closeSession(db, request.sessionId, request.person);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/connexion', 303);
  });

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (!request.person) return reply.redirect('/connexion');
    const territories = await access.territoriesOf(db, request.person.id);
    if (territories.length === 1) return reply.redirect(`/t/${territories[0]!.siren}`);
    return sendPublicPage(
      request,
      reply,
      'Vos territoires',
      <section>
        <h1>Vos territoires</h1>
        {territories.length === 0 ? (
          <p>Aucun rôle ne vous est attribué pour l'instant. Demandez-en un à l'administrateur de votre territoire.</p>
        ) : (
          <ul>
            {territories.map((t) => (
              <li>
                <a href={`/t/${t.siren}`}>{t.name}</a>
              </li>
            ))}
          </ul>
        )}
      </section>,
    );
  });

  addNav({ label: 'Utilisateurs', path: '/utilisateurs', action: 'users.read' });
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/utilisateurs', { schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('users.read');
      const users = await access.listUsers(db, h.ctx);
      return sendTerritoryPage(request, reply, 'Utilisateurs', <UsersPage users={users} canManage={h.can('users.manage')} />);
    });
  });
}

function UsersPage(props: { users: Awaited<ReturnType<typeof access.listUsers>>; canManage: boolean }) {
  return (
    <section>
      <h1>Utilisateurs</h1>
      <table>
        <caption>{`${props.users.length} personne(s) ont un rôle dans ce territoire`}</caption>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Adresse électronique</th>
            <th scope="col">Rôles</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td>{u.person.displayName}</td>
              <td>{u.person.email}</td>
              <td>{u.assignments.map((a) => ROLE_LABELS[a.role] + (a.collectivityName ? ` (${a.collectivityName})` : '')).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export { ROLES, UserError };
export type { Role };
