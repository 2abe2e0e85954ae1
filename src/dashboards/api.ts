import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { inTerritory } from '../access/guard.tsx';
import { InseeParam, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { hasData, type Dashboard } from './model.ts';
import { communeDashboardOf, territoryOf, yearOf, YearQuery } from './http.ts';

const SeriesOut = Type.Object({
  key: Type.String({ description: 'identifiant de la série (CSV : …/tableau-de-bord/<clé>.csv)' }),
  title: Type.String(),
  source: Type.String({ description: 'module dont viennent les chiffres' }),
  categoryHeader: Type.String(),
  columns: Type.Array(Type.Object({ name: Type.String(), kind: Type.Union([Type.Literal('integer'), Type.Literal('cents')], { description: 'integer : nombre ; cents : montant en centimes' }) })),
  rows: Type.Array(Type.Object({ category: Type.String(), values: Type.Array(Type.Integer()) })),
  overYears: Type.Boolean({ description: 'une ligne par année (sinon : détail d’une année)' }),
  hasData: Type.Boolean({ description: 'faux : « Aucune donnée »' }),
  note: Type.String(),
});

const DashboardOut = Type.Object({
  scope: Type.Union([Type.Literal('territory'), Type.Literal('commune')]),
  communeName: Type.Union([Type.String(), Type.Null()]),
  years: Type.Array(Type.Integer(), { description: 'les années qui ont des données' }),
  year: Type.Union([Type.Integer(), Type.Null()], { description: 'l’année filtrée, ou null pour toutes' }),
  series: Type.Array(SeriesOut),
});

const present = (d: Dashboard) => ({
  scope: d.scope,
  communeName: d.communeName,
  years: [...d.years],
  year: d.year,
  series: d.series.map((s) => ({ ...s, columns: s.columns.map((c) => ({ ...c })), rows: s.rows.map((r) => ({ category: r.category, values: [...r.values] })), hasData: hasData(s) })),
});

/** The dashboards' series as JSON: the same figures as the pages' charts, tables and CSV files. */
export function dashboardsApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get(
      '/tableau-de-bord',
      { config: { access: 'dashboard.territory' }, schema: { tags: ['Tableaux de bord'], summary: 'Les indicateurs du territoire au fil des années (séries des graphiques)', params: Type.Object({ siren: SirenParam }), querystring: YearQuery, response: withErrors({ 200: DashboardOut }) } },
      async (request) => present(await territoryOf(request, db, yearOf(request.query))),
    );
    t.get(
      '/communes/:insee/tableau-de-bord',
      { config: { access: 'dashboard.commune' }, schema: { tags: ['Tableaux de bord'], summary: 'Les indicateurs d’une commune : ce qui la concerne seulement', params: Type.Object({ siren: SirenParam, insee: InseeParam }), querystring: YearQuery, response: withErrors({ 200: DashboardOut }) } },
      async (request) => present((await communeDashboardOf(request, db, request.params.insee, yearOf(request.query))).dashboard),
    );
  });
}
