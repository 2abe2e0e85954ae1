import { Type, type TSchema } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { UserError } from '../platform/http/errors.ts';
import { ImportError } from '../platform/imports.ts';
import { CATEGORIES, PROJECT_STATUSES, type Participant } from './model.ts';
import * as convergence from './service.ts';
import type { ConvergenceTableView, ProjectView } from './service.ts';

const tags = ['Convergence'];
/** Model values are deeply readonly; the serializer only reads them. */
type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;
const plain = <T>(value: T) => value as Plain<T>;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
export const LegalDateOut = Type.Object({ value: Type.String({ description: 'AAAA, AAAA-MM ou AAAA-MM-JJ selon la précision' }), precision: Type.String({ enum: ['year', 'month', 'day'] }) });
const DateIn = (description: string) => Type.String({ maxLength: 40, description: `${description} : AAAA, AAAA-MM, AAAA-MM-JJ, JJ/MM/AAAA ou « mars 2019 »` });

const ProjectOut = Type.Object({
  id: Uuid,
  category: Type.String({ enum: [...CATEGORIES], description: 'software : déploiement de logiciels ; partnership : convention de partenariat ; steering : outils de pilotage et de reporting' }),
  title: Type.String(),
  tool: Nullable(Type.String()),
  startedOn: LegalDateOut,
  endedOn: Nullable(LegalDateOut),
  status: Type.String({ enum: [...PROJECT_STATUSES] }),
  note: Nullable(Type.String()),
});
const ParticipantOut = Type.Object({ id: Uuid, collectivityId: Uuid, name: Type.String(), kind: Type.String(), joinedOn: Nullable(LegalDateOut), leftOn: Nullable(LegalDateOut) });
const ProjectViewOut = Type.Object({ project: ProjectOut, participants: Type.Array(ParticipantOut) });
const TableOut = Type.Object({
  throughYear: Type.Integer(),
  periods: Type.Array(Type.String(), { description: 'colonnes du tableau : « 2016/2017 », « 2018 »…' }),
  rows: Type.Array(Type.Object({ category: Type.String(), label: Type.String(), cells: Type.Array(Type.Object({ period: Type.String(), projects: Type.Array(ProjectOut) })) })),
  projectCount: Type.Integer(),
  participants: Type.Record(Type.String(), Type.Array(ParticipantOut), { description: 'participants de chaque projet, par identifiant de projet' }),
});

const ProjectIn = Type.Object(
  {
    category: Type.String({ maxLength: 60, description: 'code (software, partnership, steering) ou libellé' }),
    title: Type.String({ maxLength: 300 }),
    tool: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
    startedOn: DateIn('début'),
    endedOn: Type.Optional(Nullable(DateIn('fin'))),
    status: Type.String({ maxLength: 40, description: 'planned, inProgress, done, abandoned (ou leur libellé)' }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
const ParticipationIn = { joinedOn: Type.Optional(Nullable(DateIn('depuis'))), leftOn: Type.Optional(Nullable(DateIn('jusqu’à'))) };

const P = Type.Object({ siren: SirenParam });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ImportErrorOut = Type.Object({
  error: Type.String(),
  problems: Type.Array(Type.Object({ line: Type.Integer({ description: 'ligne du fichier (1 : les en-têtes)' }), column: Type.String(), message: Type.String() })),
});
const PP = Type.Object({ siren: SirenParam, convergenceProjectId: Uuid });
const PPP = Type.Object({ siren: SirenParam, convergenceProjectId: Uuid, participantId: Uuid });

const presentParticipant = (p: Participant) => ({ id: p.id, collectivityId: p.collectivityId, name: p.name, kind: p.kind, joinedOn: p.joinedOn, leftOn: p.leftOn });
const presentView = (v: ProjectView) => ({ project: plain(v.project), participants: v.participants.map(presentParticipant) });
const presentTable = (t: ConvergenceTableView) => ({ ...plain(t), participants: Object.fromEntries(Object.entries(t.participants).map(([id, list]) => [id, list.map(presentParticipant)])) });

/** Convergence projects' JSON API: validate → authorize → service → present. */
export function convergenceApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    // The import takes the file itself as the body: a CSV (text/csv) or an XLSX workbook.
    t.addContentTypeParser(['text/csv', XLSX_TYPE], { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    t.post(
      '/convergence/import',
      {
        config: { access: 'convergence.manage' },
        schema: {
          tags,
          summary: `Importe des projets depuis un CSV (text/csv) ou un XLSX (${XLSX_TYPE}) envoyé comme corps de la requête, tout ou rien ; colonnes categorie, intitule, outil, debut, fin, etat, participants, remarque`,
          params: P,
          response: withErrors({ 201: Type.Object({ projects: Type.Integer(), participants: Type.Integer() }), 415: ErrorResponse, 422: ImportErrorOut }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        if (!Buffer.isBuffer(request.body)) throw new UserError(`Envoyez le fichier comme corps de la requête, en text/csv ou en ${XLSX_TYPE}.`, 400);
        try {
          return reply.status(201).send(await convergence.importProjects(db, h.ctx, new Uint8Array(request.body)));
        } catch (error) {
          if (error instanceof ImportError) return reply.status(422).send({ error: error.message, problems: [...error.problems] });
          throw error;
        }
      },
    );

    t.get('/convergence/projets', { config: { access: 'convergence.read' }, schema: { tags, summary: 'Les projets de convergence (outils et règles partagés) et leurs participants', params: P, response: withErrors({ 200: Type.Array(ProjectViewOut) }) } }, async (request) => {
      const h = here(request);
      h.require('convergence.read');
      return (await convergence.listProjects(db, h.ctx)).map(presentView);
    });

    t.get(
      '/convergence/tableau/:year',
      {
        config: { access: 'convergence.read' },
        schema: {
          tags,
          summary: "Le tableau du rapport d'avancement (V.3) : projets commencés jusqu'à l'année donnée, par catégorie et période",
          params: Type.Object({ siren: SirenParam, year: Type.String({ pattern: '^(199\\d|20\\d\\d|2100)$', description: 'dernière année couverte (le rapport de l’année N passe N−1)' }) }),
          response: withErrors({ 200: TableOut }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('convergence.read');
        return presentTable(await convergence.convergenceTable(db, h.ctx, Number(request.params.year)));
      },
    );

    t.post(
      '/convergence/projets',
      {
        config: { access: 'convergence.manage' },
        schema: {
          tags,
          summary: 'Enregistre un projet de convergence, avec les collectivités qui y participent dès son début',
          params: P,
          body: Type.Object({ ...ProjectIn.properties, participantIds: Type.Optional(Type.Array(Uuid, { maxItems: 300 })) }, { additionalProperties: false }),
          response: withErrors({ 201: ProjectViewOut, 409: ErrorResponse }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        const created = await convergence.createProject(db, h.ctx, request.body);
        return reply.status(201).send(presentView(await convergence.projectDetail(db, h.ctx, created.id)));
      },
    );

    t.get('/convergence/projets/:convergenceProjectId', { config: { access: 'convergence.read' }, schema: { tags, summary: 'Un projet de convergence et ses participants', params: PP, response: withErrors({ 200: ProjectViewOut }) } }, async (request) => {
      const h = here(request);
      h.require('convergence.read');
      return presentView(await convergence.projectDetail(db, h.ctx, request.params.convergenceProjectId));
    });

    t.post(
      '/convergence/projets/:convergenceProjectId',
      { config: { access: 'convergence.manage' }, schema: { tags, summary: 'Modifie un projet : catégorie, intitulé, outil, années, état', params: PP, body: ProjectIn, response: withErrors({ 200: ProjectViewOut, 409: ErrorResponse }) } },
      async (request) => {
        const h = here(request);
        h.require('convergence.manage');
        await convergence.updateProject(db, h.ctx, request.params.convergenceProjectId, request.body);
        return presentView(await convergence.projectDetail(db, h.ctx, request.params.convergenceProjectId));
      },
    );

    t.delete('/convergence/projets/:convergenceProjectId', { config: { access: 'convergence.manage' }, schema: { tags, summary: 'Supprime un projet saisi par erreur (un projet abandonné garde sa ligne)', params: PP, response: withErrors({ 204: Type.Null() }) } }, async (request, reply) => {
      const h = here(request);
      h.require('convergence.manage');
      await convergence.deleteProject(db, h.ctx, request.params.convergenceProjectId);
      return reply.status(204).send(null);
    });

    t.post(
      '/convergence/projets/:convergenceProjectId/participants',
      {
        config: { access: 'convergence.manage' },
        schema: { tags, summary: 'Une collectivité rejoint le projet', params: PP, body: Type.Object({ collectivityId: Uuid, ...ParticipationIn }, { additionalProperties: false }), response: withErrors({ 201: ParticipantOut, 409: ErrorResponse }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        const { collectivityId, ...dates } = request.body;
        return reply.status(201).send(presentParticipant(await convergence.addParticipant(db, h.ctx, request.params.convergenceProjectId, collectivityId, dates)));
      },
    );

    t.post(
      '/convergence/projets/:convergenceProjectId/participants/:participantId',
      { config: { access: 'convergence.manage' }, schema: { tags, summary: "Change les dates d'une participation (arrivée, départ)", params: PPP, body: Type.Object(ParticipationIn, { additionalProperties: false }), response: withErrors({ 200: ProjectViewOut }) } },
      async (request) => {
        const h = here(request);
        h.require('convergence.manage');
        await convergence.changeParticipant(db, h.ctx, request.params.convergenceProjectId, request.params.participantId, request.body);
        return presentView(await convergence.projectDetail(db, h.ctx, request.params.convergenceProjectId));
      },
    );

    t.delete(
      '/convergence/projets/:convergenceProjectId/participants/:participantId',
      { config: { access: 'convergence.manage' }, schema: { tags, summary: 'Retire une participation saisie par erreur', params: PPP, response: withErrors({ 204: Type.Null() }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        await convergence.removeParticipant(db, h.ctx, request.params.convergenceProjectId, request.params.participantId);
        return reply.status(204).send(null);
      },
    );
  });
}
