import { Type } from '@sinclair/typebox';
import { ScrollRegion } from '../platform/http/layout.tsx';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { UserError } from '../platform/http/errors.ts';
import { LoginThrottle } from '../platform/auth/throttle.ts';
import { CsrfField, Field, FormAlert, type FormError } from '../platform/http/forms.tsx';
import { parisToday } from '../platform/clock.ts';
import { MIN_PASSWORD_LENGTH } from '../platform/auth/secrets.ts';
import * as territory from '../territory/service.ts';
import type { MemberCommune } from '../territory/model.ts';
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
        <input id="password" name="password" type="password" autocomplete="current-password" required autofocus={props.error ? true : undefined} />
        <button type="submit">Se connecter</button>
      </form>
    </section>
  );
}

export function accessPages(app: App, deps: ServerDeps): void {
  const { db, config } = deps;
  const throttle = new LoginThrottle();
  app.get('/connexion', { config: { access: 'public' }, schema: { hide: true, querystring: Type.Object({ retour: Type.Optional(Type.String({ maxLength: 500 })) }) } }, async (request, reply) => {
    if (request.person) return reply.redirect(safeReturnPath(request.query.retour));
    const csrfToken = reply.generateCsrf();
    return sendPublicPage(request, reply, 'Connexion', <LoginForm csrfToken={csrfToken} retour={safeReturnPath(request.query.retour)} />);
  });

  app.post(
    '/connexion',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        body: Type.Object({
          email: Type.String({ maxLength: 254 }),
          password: Type.String({ maxLength: 200 }),
          retour: Type.Optional(Type.String({ maxLength: 500 })),
          _csrf: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const account = access.normalizeEmail(request.body.email);
      if (!throttle.allowed(request.ip, account)) throw new UserError('Trop de tentatives : patientez quelques minutes avant de réessayer.', 429);
      const person = await access.authenticate(db, request.body.email, request.body.password);
      if (!person) {
        throttle.fail(request.ip, account);
        const csrfToken = reply.generateCsrf();
        return sendPublicPage(
          request,
          reply,
          'Erreur : Connexion',
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

  app.post('/deconnexion', { config: { access: 'person' }, schema: { hide: true } }, async (request, reply) => {
    if (request.sessionId && request.person) await access.closeSession(db, request.sessionId, request.person);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/connexion', 303);
  });

  app.get('/', { config: { access: 'person' }, schema: { hide: true } }, async (request, reply) => {
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
          <ul class="choices">
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


  const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

  const showUsers = async (request: FastifyRequest, reply: FastifyReply, form: UserFormState = {}, status = 200) => {
    const h = here(request);
    const canManage = h.can('users.manage');
    const users = await access.listUsers(db, h.ctx);
    const communes = canManage ? await territory.listCommunes(db, h.ctx, { on: parisToday() }) : [];
    const title = form.error ? 'Erreur : Utilisateurs' : 'Utilisateurs';
    return sendTerritoryPage(
      request,
      reply,
      title,
      <UsersPage users={users} communes={communes} base={h.base} canManage={canManage} ownAssignments={new Set(h.roles.map((r) => r.id))} form={form} />,
      status,
    );
  };

  addNav({ label: 'Utilisateurs', path: '/utilisateurs', action: 'users.read' });
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get(
      '/utilisateurs',
      { config: { access: 'users.read' }, schema: { hide: true, querystring: Type.Object({ ajout: Type.Optional(Type.String({ pattern: UUID })), retrait: Type.Optional(Type.Literal('1')) }) } },
      async (request, reply) => {
        here(request).require('users.read');
        return showUsers(request, reply, { added: request.query.ajout ?? null, removed: request.query.retrait === '1' });
      },
    );

    t.post(
      '/utilisateurs',
      {
        config: { access: 'users.manage' },
        schema: {
          hide: true,
          body: Type.Object({
            email: Type.String({ maxLength: 300 }),
            displayName: Type.String({ maxLength: 300 }),
            role: Type.String({ maxLength: 40 }),
            collectivityId: Type.Optional(Type.String({ maxLength: 40 })),
            password: Type.Optional(Type.String({ maxLength: 300 })),
            _csrf: Type.Optional(Type.String()),
          }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('users.manage');
        const { email, displayName, role, collectivityId, password } = request.body;
        let assignment;
        try {
          const communeIds = await territory.communeIds(db, h.ctx);
          assignment = await access.addUser(db, h.ctx, { email, displayName, role, collectivityId: collectivityId || null, password: password || undefined }, communeIds);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          const values = { email, displayName, role, collectivityId: collectivityId ?? '' };
          return showUsers(request, reply, { error: { message: error.message, field: error.field }, values }, error.status);
        }
        return reply.redirect(`${h.base}/utilisateurs?ajout=${assignment.id}`, 303);
      },
    );

    t.post(
      '/utilisateurs/roles/:assignmentId/retrait',
      { config: { access: 'users.manage' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), assignmentId: Type.String({ pattern: UUID }) }), body: Type.Object({ _csrf: Type.Optional(Type.String()) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('users.manage');
        // An administrator removing their own role could lock the territory out.
        if (h.roles.some((r) => r.id === request.params.assignmentId)) {
          throw new UserError('Vous ne pouvez pas retirer vos propres rôles : demandez-le à un autre administrateur.', 409);
        }
        await access.removeAssignment(db, h.ctx, request.params.assignmentId);
        return reply.redirect(`${h.base}/utilisateurs?retrait=1`, 303);
      },
    );
  });
}

interface UserFormState {
  readonly error?: FormError | null;
  readonly values?: Record<string, string>;
  /** The assignment just created, to confirm it. */
  readonly added?: string | null;
  readonly removed?: boolean;
}

type TerritoryUsers = Awaited<ReturnType<typeof access.listUsers>>;

function roleText(a: TerritoryUsers[number]['assignments'][number]): string {
  return ROLE_LABELS[a.role] + (a.collectivityName ? ` (${a.collectivityName})` : '');
}

function UsersPage(props: { users: TerritoryUsers; communes: MemberCommune[]; base: string; canManage: boolean; ownAssignments: ReadonlySet<string>; form: UserFormState }) {
  const added = props.form.added ? props.users.find((u) => u.assignments.some((a) => a.id === props.form.added)) : undefined;
  const addedRole = added?.assignments.find((a) => a.id === props.form.added);
  return (
    <section>
      <h1>Utilisateurs</h1>
      {added && addedRole ? (
        <p class="notice" role="status">
          {`${added.person.displayName} a reçu le rôle « ${roleText(addedRole)} ».`}
        </p>
      ) : null}
      {props.form.removed ? (
        <p class="notice" role="status">
          Le rôle a été retiré.
        </p>
      ) : null}
      <ScrollRegion label="Personnes ayant un rôle">
        <table>
          <caption>{props.users.length < 2 ? `${props.users.length} personne a un rôle dans ce territoire` : `${props.users.length} personnes ont un rôle dans ce territoire`}</caption>
          <thead>
            <tr>
              <th scope="col">Personne</th>
              <th scope="col">Rôles</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>
                  <span class="person-name">{u.person.displayName}</span>
                  <span class="email">{u.person.email}</span>
                </td>
                <td>
                  <ul class="roles">
                    {u.assignments.map((a) => (
                      <li>
                        <span>{roleText(a)}</span>
                        {props.canManage && !props.ownAssignments.has(a.id) ? (
                          <form method="post" action={`${props.base}/utilisateurs/roles/${a.id}/retrait`} class="inline-action">
                            <CsrfField />
                            <button type="submit" class="secondary">
                              Retirer<span class="visually-hidden">{` le rôle « ${roleText(a)} » de ${u.person.displayName}`}</span>
                            </button>
                          </form>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {props.canManage ? <AddUserForm base={props.base} communes={props.communes} error={props.form.error ?? null} values={props.form.values ?? {}} /> : null}
    </section>
  );
}

const FIELDS = ['email', 'displayName', 'role', 'collectivityId', 'password'];

function AddUserForm(props: { base: string; communes: MemberCommune[]; error: FormError | null; values: Record<string, string> }) {
  const { error, values } = props;
  const invalid = (field: string) => error?.field === field;
  // The invalid field takes the focus: the browser scrolls to it and a screen reader reads its error, without JavaScript.
  const focus = (field: string) => (invalid(field) ? true : undefined);
  const describedBy = (field: string, hint: boolean) => [hint ? `${field}-aide` : null, invalid(field) ? `${field}-erreur` : null].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <h2 id="ajout">Ajouter un utilisateur</h2>
      <p>Une personne déjà inscrite (dans ce territoire ou un autre) garde son mot de passe : elle reçoit seulement le nouveau rôle.</p>
      <form method="post" action={`${props.base}/utilisateurs`} class="stacked narrow user-form" aria-labelledby="ajout">
        <CsrfField />
        <FormAlert error={error} fields={FIELDS} />
        <Field id="email" name="email" label="Adresse électronique" type="email" autocomplete="off" required value={values.email ?? ''} error={error} autofocus={focus('email')} />
        <Field id="displayName" name="displayName" label="Nom et fonction" autocomplete="off" required value={values.displayName ?? ''} error={error} autofocus={focus('displayName')} />
        <Field id="role" name="role" label="Rôle" error={error}>
          <select id="role" name="role" required autofocus={focus('role')} aria-invalid={invalid('role') ? 'true' : undefined} aria-describedby={describedBy('role', false)}>
            <option value="">— Choisir un rôle —</option>
            {ROLES.map((r) => (
              <option value={r} selected={values.role === r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <div class="commune-field">
          <Field id="collectivityId" name="collectivityId" label="Commune" hint="Seulement pour un utilisateur communal (ignorée pour les autres rôles)." error={error}>
            <select id="collectivityId" name="collectivityId" autofocus={focus('collectivityId')} aria-invalid={invalid('collectivityId') ? 'true' : undefined} aria-describedby={describedBy('collectivityId', true)}>
              <option value="">— Choisir une commune —</option>
              {props.communes.map((c) => (
                <option value={c.id} selected={values.collectivityId === c.id}>
                  {`${c.name} (${c.inseeCode ?? ''})`}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field
          id="password"
          name="password"
          label="Mot de passe initial"
          hint={`Pour une nouvelle personne seulement : ${MIN_PASSWORD_LENGTH} caractères au moins. Transmettez-le-lui par un autre canal.`}
          type="password"
          autocomplete="new-password"
          error={error}
          autofocus={focus('password')}
        />
        <button type="submit">Ajouter l'utilisateur</button>
      </form>
    </>
  );
}

export { ROLES, UserError };
export type { Role };
