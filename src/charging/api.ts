import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, InseeParam, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import * as territory from '../territory/service.ts';
import * as charging from './service.ts';
import type { Phase } from './model.ts';

const tags = ['Refacturation'];
const Phase = Type.Union([Type.Literal('provisional'), Type.Literal('final')]);
const RunParams = Type.Object({ siren: SirenParam, annee: Type.String({ pattern: '^\\d{4}$' }), phase: Phase });
const StatementParams = Type.Object({ siren: SirenParam, annee: Type.String({ pattern: '^\\d{4}$' }), phase: Phase, insee: InseeParam });
const RunOut = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  phase: Phase,
  version: Type.Integer(),
  status: Type.String(),
  supportMethod: Type.String(),
  inputsDigest: Type.String(),
  totalCents: Type.Integer(),
  validatedAt: Type.Union([Type.String(), Type.Null()]),
  participants: Type.Array(Type.Object({ collectivityId: Type.String(), serviceId: Type.String(), amountCents: Type.Integer() })),
});
const StatementOut = Type.Object({
  runId: Type.String(),
  collectivityId: Type.String(),
  lines: Type.Array(Type.Object({ serviceId: Type.String(), category: Type.String(), label: Type.String(), sourceCents: Type.Integer(), componentPercent: Type.Union([Type.String(), Type.Null()]), explanation: Type.Unknown(), amountCents: Type.Integer() })),
  statement: Type.Array(Type.Object({ serviceId: Type.String(), kind: Type.String(), dueOn: Type.Union([Type.String(), Type.Null()]), paymentRoute: Type.String(), label: Type.String(), amountCents: Type.Integer() })),
});

const viewerOf = (h: ReturnType<typeof here>): charging.Viewer => ({
  communeIds: h.roles.some((r) => r.role !== 'commune') ? null : h.roles.map((r) => r.collectivityId).filter((id): id is string => id !== null),
});

async function latest(db: ServerDeps['db'], h: ReturnType<typeof here>, year: number, phase: Phase) {
  const run = (await charging.listRuns(db, h.ctx, year)).find((r) => r.phase === phase);
  if (!run) throw new UserError(`Aucun calcul ${phase === 'final' ? 'définitif' : 'prévisionnel'} n'a été lancé pour ${year}.`, 409);
  return run;
}

async function present(db: ServerDeps['db'], h: ReturnType<typeof here>, run: Awaited<ReturnType<typeof latest>>) {
  const totals = await charging.runTotals(db, h.ctx, run.id, viewerOf(h));
  return {
    id: run.id,
    year: run.year,
    phase: run.phase,
    version: run.version,
    status: run.status,
    supportMethod: run.supportMethod,
    inputsDigest: run.inputsDigest,
    totalCents: run.totalCents,
    validatedAt: run.validatedAt,
    participants: [...totals.byParticipant.entries()].flatMap(([collectivityId, m]) => [...m.entries()].map(([serviceId, amountCents]) => ({ collectivityId, serviceId, amountCents }))),
  };
}

/** Charging's JSON API: validate → authorize → service → present. */
export function chargingApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get('/refacturation/:annee/:phase', { config: { access: 'charging.read' }, schema: { tags, summary: 'Dernière version du calcul de l’année et de la phase', params: RunParams, response: withErrors({ 200: RunOut, 409: ErrorResponse }) } }, async (request) => {
      const h = here(request);
      h.require('charging.read');
      return present(db, h, await latest(db, h, Number(request.params.annee), request.params.phase));
    });

    t.post(
      '/refacturation/calculs',
      { config: { access: 'charging.run' }, schema: { tags, summary: 'Lancer un calcul (nouvelle version en brouillon)', body: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), phase: Phase }, { additionalProperties: false }), response: withErrors({ 201: RunOut, 409: ErrorResponse }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('charging.run');
        const run = await charging.runCharging(db, h.ctx, request.body.year, request.body.phase);
        return reply.code(201).send(await present(db, h, run));
      },
    );

    t.post('/refacturation/:annee/:phase/validation', { config: { access: 'charging.run' }, schema: { tags, summary: 'Valider la dernière version (immuable ensuite)', params: RunParams, response: withErrors({ 200: RunOut, 409: ErrorResponse }) } }, async (request) => {
      const h = here(request);
      h.require('charging.run');
      const run = await latest(db, h, Number(request.params.annee), request.params.phase);
      return present(db, h, await charging.validateRun(db, h.ctx, run.id, new Date().toISOString()));
    });

    t.get('/refacturation/:annee/:phase/communes/:insee', { config: { access: 'charging.readStatement' }, schema: { tags, summary: 'État de refacturation d’une commune, chaque montant expliqué', params: StatementParams, response: withErrors({ 200: StatementOut, 409: ErrorResponse }) } }, async (request) => {
      const h = here(request);
      const commune = await territory.collectivityByInsee(db, h.ctx, request.params.insee);
      if (!commune) throw new NotFoundError("Cette commune n'existe pas dans le territoire.");
      h.require('charging.readStatement', { collectivityId: commune.id });
      const run = await latest(db, h, Number(request.params.annee), request.params.phase);
      const s = await charging.participantStatement(db, h.ctx, run.id, commune.id, viewerOf(h));
      return {
        runId: run.id,
        collectivityId: commune.id,
        lines: s.lines.map((l) => ({ serviceId: l.serviceId, category: l.category, label: l.label, sourceCents: l.sourceCents, componentPercent: l.componentPercent, explanation: l.explanation, amountCents: l.amountCents })),
        statement: s.statement.map((l) => ({ serviceId: l.serviceId, kind: l.kind, dueOn: l.dueOn, paymentRoute: l.paymentRoute, label: l.label, amountCents: l.amountCents })),
      };
    });
  });
}
