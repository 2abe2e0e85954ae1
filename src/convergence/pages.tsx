import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { formErrorOf, type FormError } from '../platform/http/forms.tsx';

/** A refused form: its error beside the field, and the status the use case gave (400, 404, 409, 422). */
interface Failure extends FormError {
  readonly status: number;
}
const failed = (error: unknown): Failure => ({ ...formErrorOf(error), status: error instanceof UserError ? error.status : 400 });
import { UserError } from '../platform/http/errors.ts';
import { describeProblems, ImportError } from '../platform/imports.ts';
import { parisToday } from '../platform/clock.ts';
import { fileSlug, sendDocument } from '../platform/documents/index.ts';
import * as territory from '../territory/service.ts';
import { yearOf } from './model.ts';
import * as convergence from './service.ts';
import { convergenceFile } from './documents.ts';
import { ConvergencePage, ProjectPage, type Values } from './views.tsx';

const Id = Type.String({ format: 'uuid' });
const Text = (max: number) => Type.String({ maxLength: max });
const csrf = { _csrf: Type.Optional(Text(200)) };
const ProjectBody = { category: Text(60), title: Text(400), tool: Type.Optional(Text(120)), startedOn: Text(40), endedOn: Type.Optional(Text(40)), status: Text(40), note: Type.Optional(Text(1200)), ...csrf };
const YearQuery = Type.Object({ annee: Type.Optional(Type.String({ pattern: '^\\d{4}$' })) });
const P = Type.Object({ siren: Type.String(), convergenceProjectId: Id });
const PP = Type.Object({ siren: Type.String(), convergenceProjectId: Id, participantId: Id });

async function uploaded(request: FastifyRequest): Promise<Uint8Array> {
  const file = (request.body as Record<string, unknown> | undefined)?.fichier as MultipartFile | undefined;
  if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) throw new UserError('Choisissez un fichier à importer.', 400, 'fichier');
  return new Uint8Array(await file.toBuffer());
}

const many = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const confirmed = (body: { confirmer?: string }) => {
  if (body.confirmer !== 'oui') throw new UserError('Confirmez la suppression avec le bouton du formulaire.', 400, 'confirmer');
};

/** The convergence projects' pages: the report's table by category and year, each project and its participants, import. */
export function convergencePages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Convergence', path: '/convergence', action: 'convergence.read' });

  /** The year the table stops at: the one asked, else the latest year a project started in (up to this year). */
  const tableYear = async (request: FastifyRequest, views: convergence.ProjectView[]) => {
    const asked = (request.query as { annee?: string }).annee;
    const thisYear = Number(parisToday().slice(0, 4));
    const starts = views.map((v) => yearOf(v.project.startedOn)).filter((y) => y <= thisYear);
    const year = asked ? Number(asked) : starts.length ? Math.max(...starts) : thisYear;
    const years = [...new Set([...starts, year, thisYear])].sort((a, b) => b - a);
    return { year, years };
  };

  const showList = async (request: FastifyRequest, reply: FastifyReply, error: Failure | null = null, form = '', values: Values = {}, notice: string | null = null) => {
    const h = here(request);
    const views = await convergence.listProjects(db, h.ctx);
    const { year, years } = await tableYear(request, views);
    const canManage = h.can('convergence.manage');
    const register = canManage ? await territory.listCollectivities(db, h.ctx) : [];
    const status = error?.status ?? 200;
    return sendTerritoryPage(
      request,
      reply,
      `${error ? 'Erreur : ' : ''}Projets de convergence`,
      <ConvergencePage base={h.base} table={await convergence.convergenceTable(db, h.ctx, year)} years={years} projects={views} canManage={canManage} register={register} error={error} form={form} values={values} notice={notice} />,
      status,
    );
  };

  const showProject = async (request: FastifyRequest, reply: FastifyReply, error: Failure | null = null, form = '', values: Values = {}) => {
    const h = here(request);
    const view = await convergence.projectDetail(db, h.ctx, (request.params as { convergenceProjectId: string }).convergenceProjectId);
    const canManage = h.can('convergence.manage');
    const register = canManage ? await territory.listCollectivities(db, h.ctx) : [];
    return sendTerritoryPage(
      request,
      reply,
      `${error ? 'Erreur : ' : ''}${view.project.title}`,
      <ProjectPage base={h.base} view={view} canManage={canManage} register={register} error={error} form={form} values={values} today={parisToday()} />,
      error?.status ?? 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/convergence', { config: { access: 'convergence.read' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
      here(request).require('convergence.read');
      return showList(request, reply);
    });

    for (const type of ['csv', 'xlsx'] as const) {
      t.get(`/convergence.${type}`, { config: { access: 'convergence.read' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
        const h = here(request);
        h.require('convergence.read');
        const { year } = await tableYear(request, await convergence.listProjects(db, h.ctx));
        const today = parisToday();
        const bytes = await convergenceFile(await convergence.convergenceTable(db, h.ctx, year), type, today);
        return sendDocument(reply, { filename: `convergence-${fileSlug(h.territory.name)}-${year}.${type}`, type, bytes });
      });
    }

    t.post(
      '/convergence/projets',
      { config: { access: 'convergence.manage' }, schema: { hide: true, body: Type.Object({ ...ProjectBody, participantIds: Type.Optional(Type.Union([Text(40), Type.Array(Text(40), { maxItems: 300 })])) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        const b = request.body;
        try {
          const created = await convergence.createProject(db, h.ctx, { ...b, participantIds: many(b.participantIds) });
          return reply.redirect(`${h.base}/convergence/projets/${created.id}`, 303);
        } catch (error) {
          return showList(request, reply, failed(error), 'nouveau', b);
        }
      },
    );

    t.post('/convergence/import', { config: { access: 'convergence.manage' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('convergence.manage');
      try {
        const r = await convergence.importProjects(db, h.ctx, await uploaded(request));
        return showList(request, reply, null, '', {}, `Import réussi : ${r.projects} projet(s) et ${r.participants} participation(s) enregistrés.`);
      } catch (error) {
        if (error instanceof ImportError) return showList(request, reply, { message: `Import refusé, rien n'a été enregistré.\n${describeProblems(error.problems.slice(0, 50)).join('\n')}`, field: 'fichier', status: 422 }, 'import');
        return showList(request, reply, { ...failed(error), field: 'fichier' }, 'import');
      }
    });

    t.get('/convergence/projets/:convergenceProjectId', { config: { access: 'convergence.read' }, schema: { hide: true, params: P } }, async (request, reply) => {
      here(request).require('convergence.read');
      return showProject(request, reply);
    });

    t.post('/convergence/projets/:convergenceProjectId', { config: { access: 'convergence.manage' }, schema: { hide: true, params: P, body: Type.Object(ProjectBody) } }, async (request, reply) => {
      const h = here(request);
      h.require('convergence.manage');
      try {
        await convergence.updateProject(db, h.ctx, request.params.convergenceProjectId, request.body);
      } catch (error) {
        return showProject(request, reply, failed(error), 'modifier', request.body);
      }
      return reply.redirect(`${h.base}/convergence/projets/${request.params.convergenceProjectId}`, 303);
    });

    t.post('/convergence/projets/:convergenceProjectId/suppression', { config: { access: 'convergence.manage' }, schema: { hide: true, params: P, body: Type.Object({ confirmer: Type.Optional(Text(10)), ...csrf }) } }, async (request, reply) => {
      const h = here(request);
      h.require('convergence.manage');
      try {
        confirmed(request.body);
        await convergence.deleteProject(db, h.ctx, request.params.convergenceProjectId);
      } catch (error) {
        return showProject(request, reply, failed(error), 'participation');
      }
      return reply.redirect(`${h.base}/convergence`, 303);
    });

    t.post(
      '/convergence/projets/:convergenceProjectId/participants',
      { config: { access: 'convergence.manage' }, schema: { hide: true, params: P, body: Type.Object({ collectivityId: Text(40), joinedOn: Type.Optional(Text(40)), leftOn: Type.Optional(Text(40)), ...csrf }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        const b = request.body;
        try {
          await convergence.addParticipant(db, h.ctx, request.params.convergenceProjectId, b.collectivityId, b);
        } catch (error) {
          return showProject(request, reply, failed(error), 'ajout', b);
        }
        return reply.redirect(`${h.base}/convergence/projets/${request.params.convergenceProjectId}#participants`, 303);
      },
    );

    t.post(
      '/convergence/projets/:convergenceProjectId/participants/:participantId',
      { config: { access: 'convergence.manage' }, schema: { hide: true, params: PP, body: Type.Object({ joinedOn: Text(40), leftOn: Text(40), ...csrf }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        try {
          await convergence.changeParticipant(db, h.ctx, request.params.convergenceProjectId, request.params.participantId, request.body);
        } catch (error) {
          return showProject(request, reply, failed(error), 'participation');
        }
        return reply.redirect(`${h.base}/convergence/projets/${request.params.convergenceProjectId}#participants`, 303);
      },
    );

    t.post(
      '/convergence/projets/:convergenceProjectId/participants/:participantId/retrait',
      { config: { access: 'convergence.manage' }, schema: { hide: true, params: PP, body: Type.Object({ confirmer: Type.Optional(Text(10)), ...csrf }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('convergence.manage');
        try {
          confirmed(request.body);
          await convergence.removeParticipant(db, h.ctx, request.params.convergenceProjectId, request.params.participantId);
        } catch (error) {
          return showProject(request, reply, failed(error), 'participation');
        }
        return reply.redirect(`${h.base}/convergence/projets/${request.params.convergenceProjectId}#participants`, 303);
      },
    );
  });
}
