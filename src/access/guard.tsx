import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../platform/http/errors.ts';
import { Layout, renderPage, type NavItem } from '../platform/http/layout.tsx';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { findTerritoryBySiren, type TerritoryRef } from '../platform/tenants.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { can, mayEver, type Action, type RoleAssignment, type RouteAccess, type Target } from './model.ts';
import * as access from './service.ts';
import type { Person } from './service.ts';

export const SESSION_COOKIE = 'mutualis_session';

/** Where the signed-in person stands in the territory of the URL. */
export interface Here {
  readonly territory: TerritoryRef;
  readonly roles: readonly RoleAssignment[];
  readonly ctx: TerritoryContext;
  /** The territory's base path, e.g. /t/244200770. */
  readonly base: string;
  can(action: Action, target?: Target): boolean;
  /** Throws 403 unless allowed. */
  require(action: Action, target?: Target): void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (docs/permissions.md); every route declares it. */
    access?: RouteAccess;
    /** A write route that changes nothing the audit log keeps (signing in or out: sessions are not audited), with why. */
    notAudited?: string;
  }
  interface FastifyRequest {
    person: Person | null;
    sessionId: string | null;
    authMethod: 'session' | 'token' | null;
    here: Here | null;
  }
}

/** A link of the territory's navigation, shown to those who may take its action. */
export interface NavEntry {
  readonly label: string;
  /** Relative to the territory's base path ('' for its home). */
  readonly path: string;
  readonly action: Action;
}

const navEntries: NavEntry[] = [];
export function addNav(entry: NavEntry): void {
  if (!navEntries.some((e) => e.path === entry.path)) navEntries.push(entry);
}

/** Identifies the person (session cookie or bearer token) and applies CSRF to cookie-authenticated writes. */
export function identify(app: App, { db }: ServerDeps): void {
  app.decorateRequest('person', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('here', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const found = await access.personFromApiToken(db, header.slice(7).trim());
      if (!found || found.disabled) throw new UnauthenticatedError('Jeton d’API invalide ou révoqué.');
      request.person = found;
      request.authMethod = 'token';
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length < 200) {
      const found = await access.personFromSession(db, token);
      if (found && !found.disabled) {
        request.person = found;
        request.sessionId = found.sessionId;
        request.authMethod = 'session';
      }
    }
  });
  // Before validation: a forbidden caller learns nothing from validation messages.
  app.addHook('preValidation', (request, reply, done) => {
    const safe = request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS';
    // A bearer token is not sent by browsers on their own: no CSRF to fear there.
    if (safe || request.authMethod === 'token') return done();
    app.csrfProtection(request, reply, done);
  });
  // Routes for any signed-in person: authentication comes before validation too.
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.access !== 'person' || request.person) return;
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.redirect(`/connexion?retour=${encodeURIComponent(request.url)}`);
    throw new UnauthenticatedError();
  });
}

/** Registers routes under /t/:siren (pages) or /api/t/:siren (API), entered only by people with a role there. */
export function inTerritory(app: App, deps: ServerDeps, prefix: '/t/:siren' | '/api/t/:siren', routes: (scoped: App) => void): void {
  app.register(
    async (scoped) => {
      scoped.addHook('preValidation', async (request, reply) => {
        if (!request.person) {
          if (prefix === '/t/:siren' && (request.method === 'GET' || request.method === 'HEAD')) {
            return reply.redirect(`/connexion?retour=${encodeURIComponent(request.url)}`);
          }
          throw new UnauthenticatedError();
        }
        const siren = (request.params as { siren?: string }).siren ?? '';
        const territory = /^\d{9}$/.test(siren) ? await deps.db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren)) : null;
        // Another territory's things are not there at all for this person: 404, not 403.
        if (!territory) throw new NotFoundError();
        const roles = await access.rolesIn(deps.db, request.person.id, territory.id);
        if (roles.length === 0) throw new NotFoundError();
        // The route's declared action, checked before its input is even validated.
        const declared = request.routeOptions.config.access;
        if (declared && declared !== 'public' && declared !== 'person' && !mayEver(roles, declared)) throw new ForbiddenError();
        request.here = {
          territory,
          roles,
          base: `/t/${territory.siren}`,
          ctx: { territoryId: territory.id, actor: { personId: request.person.id, label: request.person.displayName } },
          can: (action, target) => can(roles, action, target),
          require: (action, target) => {
            if (!can(roles, action, target)) throw new ForbiddenError();
          },
        };
      });
      routes(scoped as unknown as App);
    },
    { prefix },
  );
}

export function here(request: FastifyRequest): Here {
  if (!request.here) throw new NotFoundError();
  return request.here;
}

/** Renders a page of the territory: layout, navigation allowed to the person, CSRF token for forms. */
export function sendTerritoryPage(request: FastifyRequest, reply: FastifyReply, title: string, body: ComponentChildren, status = 200) {
  const h = here(request);
  const nav: NavItem[] = navEntries.filter((e) => h.can(e.action)).map((e) => ({ href: h.base + e.path, label: e.label }));
  const csrfToken = reply.generateCsrf();
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(
      renderPage(
        <Layout title={title} personName={request.person?.displayName ?? null} territory={h.territory} nav={nav} path={request.url.split('?')[0]} csrfToken={csrfToken}>
          {body}
        </Layout>,
      ),
    );
}

/** Renders a page outside any territory (login, accessibility statement, territory choice). */
export function sendPublicPage(request: FastifyRequest, reply: FastifyReply, title: string, body: ComponentChildren, status = 200) {
  const csrfToken = request.person ? reply.generateCsrf() : null;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(
      renderPage(
        <Layout title={title} personName={request.person?.displayName ?? null} csrfToken={csrfToken}>
          {body}
        </Layout>,
      ),
    );
}
