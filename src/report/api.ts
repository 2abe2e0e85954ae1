import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { SirenParam, withErrors } from '../platform/http/schemas.ts';
import { formatCell } from '../platform/documents/index.ts';
import { SECTIONS } from './model.ts';
import { saveNarrative, yearReport, type YearReport } from './service.ts';

const tags = ['Rapport d’avancement'];
const Year = Type.String({ pattern: '^20\\d\\d$', description: 'année du rapport (il couvre les données jusqu’au 31 décembre de l’année précédente)' });
const P = Type.Object({ siren: SirenParam, annee: Year });
const PS = Type.Object({ siren: SirenParam, annee: Year, section: Type.Union(SECTIONS.map((s) => Type.Literal(s))) });

const NarrativeOut = Type.Object({ section: Type.String(), body: Type.String(), origin: Type.String(), fromYear: Type.Union([Type.Integer(), Type.Null()]) });
const TableOut = Type.Object({ title: Type.String(), columns: Type.Array(Type.String()), rows: Type.Array(Type.Array(Type.String())), footer: Type.Union([Type.Array(Type.String()), Type.Null()]) });
const FigureOut = Type.Object({ sentence: Type.String(), rows: Type.Array(Type.String()), rule: Type.Union([Type.String(), Type.Null()]), link: Type.Union([Type.String(), Type.Null()]) });
const BlockOut = Type.Object({ title: Type.String(), source: Type.String(), empty: Type.Boolean(), figures: Type.Array(FigureOut), tables: Type.Array(TableOut) });
const ReportOut = Type.Object({
  territoryName: Type.String(),
  year: Type.Integer(),
  coveredYear: Type.Integer(),
  sections: Type.Array(Type.Object({ section: Type.String(), number: Type.String(), title: Type.String(), narrative: NarrativeOut, blocks: Type.Array(BlockOut) })),
});

const present = (r: YearReport) => ({
  territoryName: r.territoryName,
  year: r.year,
  coveredYear: r.coveredYear,
  sections: r.sections.map((s) => ({
    section: s.section,
    number: s.number,
    title: s.title,
    narrative: { ...s.narrative },
    blocks: s.blocks.map((b) => ({
      title: b.title,
      source: b.source,
      empty: b.empty,
      figures: b.figures.map((f) => ({ sentence: f.sentence, rows: [...f.rows], rule: f.rule, link: f.link })),
      tables: b.tables.map((t) => ({
        title: t.title,
        columns: t.columns.map((c) => c.header),
        rows: t.rows.map((row) => row.map((cell, i) => formatCell(t.columns[i]?.kind ?? 'text', cell))),
        footer: t.footer ? t.footer.map((cell, i) => (cell === null ? '' : formatCell(t.columns[i]?.kind ?? 'text', cell))) : null,
      })),
    })),
  })),
});

/** The yearly progress report's JSON API: its computed content, and its narrative blocks. */
export function reportApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get('/rapport/:annee', { config: { access: 'report.read' }, schema: { tags, summary: 'Le rapport d’avancement de l’année : textes et blocs de données calculés, avec le détail de chaque chiffre', params: P, response: withErrors({ 200: ReportOut }) } }, async (request) => {
      const h = here(request);
      h.require('report.read');
      return present(await yearReport(db, h.ctx, Number(request.params.annee)));
    });

    t.put(
      '/rapport/:annee/textes/:section',
      {
        config: { access: 'report.edit' },
        schema: {
          tags,
          summary: 'Enregistre le texte d’une partie du rapport de l’année (mise en forme légère : paragraphes, « - » pour une liste, **gras**)',
          params: PS,
          body: Type.Object({ body: Type.String({ maxLength: 40_000 }) }, { additionalProperties: false }),
          response: withErrors({ 200: NarrativeOut }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('report.edit');
        return { ...(await saveNarrative(db, h.ctx, Number(request.params.annee), request.params.section, request.body.body)) };
      },
    );
  });
}
