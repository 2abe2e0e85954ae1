import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { UnauthenticatedError, UserError } from '../platform/http/errors.ts';
import { ErrorResponse, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { here, inTerritory } from './guard.tsx';
import { ROLES } from './model.ts';
import * as access from './service.ts';
import * as territory from '../territory/service.ts';

const Assignment = Type.Object({ id: Type.String({ format: 'uuid' }), role: Type.String({ enum: [...ROLES] }), communeInsee: Type.Union([Type.String(), Type.Null()]) });

const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), role: Type.String({ enum: [...ROLES] }), commune: Type.Union([Type.String(), Type.Null()]) })),
});

const Token = Type.Object({ id: Type.String({ format: 'uuid' }), label: Type.String(), createdAt: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]) });

function person(request: FastifyRequest) {
  if (!request.person) throw new UnauthenticatedError();
  return { ...request.person, actor: { personId: request.person.id, label: request.person.displayName } };
}

/** Users and roles of a territory, and each person's own API tokens. */
export function accessApi(app: App, deps: ServerDeps): void {
  const { db } = deps;

  app.get(
    '/api/moi',
    {
      config: { access: 'person' },
      schema: {
        tags: ['Compte'],
        summary: 'La personne connectée et ses territoires',
        response: { 200: Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String(), territories: Type.Array(Type.Object({ siren: Type.String(), name: Type.String() })) }), 401: ErrorResponse },
      },
    },
    async (request) => {
      const me = person(request);
      const territories = await access.territoriesOf(db, me.id);
      return { id: me.id, email: me.email, displayName: me.displayName, territories: territories.map((t) => ({ siren: t.siren, name: t.name })) };
    },
  );

  app.get(
    '/api/moi/jetons',
    { config: { access: 'person' }, schema: { tags: ['Compte'], summary: "Mes jetons d'API", response: { 200: Type.Array(Token), 401: ErrorResponse } } },
    async (request) => access.listApiTokens(db, person(request).id),
  );

  app.post(
    '/api/moi/jetons',
    {
      config: { access: 'person' },
      schema: {
        tags: ['Compte'],
        summary: "Crée un jeton d'API personnel (affiché une seule fois)",
        body: Type.Object({ label: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ token: Type.String({ description: 'à conserver : il ne sera plus affiché' }) }), 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const me = person(request);
      const token = await access.createApiToken(db, me.actor, request.body.label);
      return reply.status(201).send({ token });
    },
  );

  app.delete(
    '/api/moi/jetons/:id',
    {
      config: { access: 'person' },
      schema: { tags: ['Compte'], summary: "Révoque un de mes jetons d'API", params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), 401: ErrorResponse, 404: ErrorResponse } },
    },
    async (request, reply) => {
      await access.revokeApiToken(db, person(request).actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get(
      '/utilisateurs',
      { config: { access: 'users.read' }, schema: { tags: ['Utilisateurs'], summary: 'Les personnes qui ont un rôle dans le territoire', params: Type.Object({ siren: SirenParam }), response: withErrors({ 200: Type.Array(User) }) } },
      async (request) => {
        const h = here(request);
        h.require('users.read');
        const users = await access.listUsers(db, h.ctx);
        return users.map((u) => ({
          id: u.person.id,
          email: u.person.email,
          displayName: u.person.displayName,
          roles: u.assignments.map((a) => ({ id: a.id, role: a.role, commune: a.collectivityName })),
        }));
      },
    );

    t.post(
      '/utilisateurs',
      {
        config: { access: 'users.manage' },
        schema: {
          tags: ['Utilisateurs'],
          summary: 'Donne un rôle à une personne (créée si son adresse est nouvelle)',
          params: Type.Object({ siren: SirenParam }),
          body: Type.Object(
            {
              email: Type.String({ maxLength: 254 }),
              displayName: Type.String({ maxLength: 200 }),
              password: Type.Optional(Type.String({ maxLength: 200, description: 'obligatoire pour une nouvelle personne (12 caractères au moins)' })),
              role: Type.String({ enum: [...ROLES] }),
              communeInsee: Type.Optional(Type.String({ maxLength: 5, description: 'commune d’un utilisateur communal' })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Assignment, 409: ErrorResponse }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('users.manage');
        const { communeInsee, ...input } = request.body;
        if (input.role === 'commune' && !communeInsee) throw new UserError('Le champ « communeInsee » est obligatoire pour un utilisateur communal.', 400, 'communeInsee');
        const commune = communeInsee ? await territory.collectivityByInsee(db, h.ctx, communeInsee) : null;
        if (communeInsee && commune?.kind !== 'commune') throw new UserError(`Le champ « communeInsee » : ${communeInsee} n'est pas une commune membre du territoire.`, 400, 'communeInsee');
        const created = await access.addUser(db, h.ctx, { ...input, collectivityId: commune?.id ?? null }, await territory.communeIds(db, h.ctx));
        // Only a commune role is tied to a commune: the service ignores communeInsee for the others.
        return reply.status(201).send({ id: created.id, role: created.role, communeInsee: created.collectivityId ? (commune?.inseeCode ?? null) : null });
      },
    );

    t.delete(
      '/utilisateurs/roles/:assignmentId',
      {
        config: { access: 'users.manage' },
        schema: { tags: ['Utilisateurs'], summary: 'Retire un rôle', params: Type.Object({ siren: SirenParam, assignmentId: Type.String({ format: 'uuid' }) }), response: withErrors({ 204: Type.Null() }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('users.manage');
        await access.removeAssignment(db, h.ctx, request.params.assignmentId);
        return reply.status(204).send(null);
      },
    );
  });
}
