import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { ScrollRegion } from '../platform/http/layout.tsx';
import { formatCents, formatLegalDate } from '../platform/format.ts';
import { renderBarChart } from '../platform/documents/charts.ts';
import { FUNDER_LEVEL_LABELS, FUNDING_STATUS_LABELS, type FunderLevel } from './model.ts';
import * as aids from './service.ts';
import type { ObtainedRow, ProjectView } from './service.ts';
import * as territory from '../territory/service.ts';

/** Funding obtained per year, as a bar chart (whole euros) and the same figures in a table. */
function yearChart(rows: readonly ObtainedRow[]) {
  const perYear = aids.obtainedPerYear(rows);
  return renderBarChart(
    { title: 'Aides obtenues par année de décision', categoryHeader: 'Année', categories: perYear.map((y) => String(y.year)), series: [{ name: 'Montant obtenu (euros)', values: perYear.map((y) => Math.floor(y.totalCents / 100)) }] },
    { width: 640, height: 280 },
  );
}

/** The EPCI's overview: every collectivity's projects, and the funding obtained per year. */
export function fundingOverviewPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Financements', path: '/financements', action: 'funding.overview' });
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/financements', { config: { access: 'funding.overview' }, schema: { hide: true, querystring: Type.Object({ annee: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('funding.overview');
      const [obtained, projects, all] = [await aids.obtainedAids(db, h.ctx), await aids.allProjects(db, h.ctx), await territory.listCollectivities(db, h.ctx)];
      const year = request.query.annee;
      const names = new Map(all.map((c) => [c.id, { name: c.name, insee: c.inseeCode }]));
      return sendTerritoryPage(request, reply, 'Projets et financements obtenus', <OverviewPage base={h.base} obtained={obtained} projects={projects} names={names} year={year ?? null} />);
    });

    t.get('/financements/graphique.svg', { config: { access: 'funding.overview' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('funding.overview');
      // An image of its own: the page's CSP forbids the chart's inline styles, an <img> does not run them as the page.
      return reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'private, no-store').send(yearChart(await aids.obtainedAids(db, h.ctx)).svg);
    });
  });
}

function OverviewPage(props: { base: string; obtained: ObtainedRow[]; projects: ProjectView[]; names: Map<string, { name: string; insee: string | null }>; year: number | null }) {
  const chart = yearChart(props.obtained);
  const perYear = aids.obtainedPerYear(props.obtained);
  const rows = props.year === null ? props.obtained : props.obtained.filter((r) => r.year === props.year);
  return (
    <section>
      <h1>Projets et financements obtenus</h1>
      <h2>Aides obtenues par année</h2>
      <figure class="chart">
        <img src={`${props.base}/financements/graphique.svg`} alt="Graphique en barres des aides obtenues par année ; les montants sont dans le tableau qui suit." width={640} height={280} />
        <figcaption>{chart.table.title}</figcaption>
      </figure>
      <ScrollRegion label="Aides obtenues par année">
        <table>
          <caption>Montants obtenus par année de décision</caption>
          <thead>
            <tr>
              <th scope="col">Année</th>
              <th scope="col" class="num">Aides obtenues</th>
              <th scope="col" class="num">Montant</th>
            </tr>
          </thead>
          <tbody>
            {perYear.map((y) => (
              <tr>
                <td>
                  <a href={`${props.base}/financements?annee=${y.year}`}>{y.year}</a>
                </td>
                <td class="num">{y.count}</td>
                <td class="num">{formatCents(y.totalCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>{props.year === null ? 'Toutes les aides obtenues' : `Aides obtenues en ${props.year}`}</h2>
      {props.year !== null ? (
        <p>
          <a href={`${props.base}/financements`}>Toutes les années</a>
        </p>
      ) : null}
      <ScrollRegion label="Détail des aides obtenues">
        <table>
          <caption>{`${rows.length} aide(s) obtenue(s)`}</caption>
          <thead>
            <tr>
              <th scope="col">Décision</th>
              <th scope="col">Collectivité</th>
              <th scope="col">Projet</th>
              <th scope="col">Aide</th>
              <th scope="col">Niveau</th>
              <th scope="col" class="num">Montant</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.decidedOn ? formatLegalDate(r.decidedOn) : '—'}</td>
                <td>{r.collectivityName}</td>
                <td>{r.inseeCode ? <a href={`${props.base}/communes/${r.inseeCode}/projets/${r.projectId}`}>{r.projectTitle}</a> : r.projectTitle}</td>
                <td>{r.schemeName}</td>
                <td>{FUNDER_LEVEL_LABELS[r.level as FunderLevel] ?? r.level}</td>
                <td class="num">{formatCents(r.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>Projets des communes</h2>
      <ScrollRegion label="Projets des communes">
        <table>
          <caption>{`${props.projects.length} projet(s)`}</caption>
          <thead>
            <tr>
              <th scope="col">Collectivité</th>
              <th scope="col">Projet</th>
              <th scope="col" class="num">Coût estimé</th>
              <th scope="col">Aides ciblées</th>
              <th scope="col" class="num">Obtenu</th>
            </tr>
          </thead>
          <tbody>
            {props.projects.map((v) => {
              const who = props.names.get(v.project.collectivityId);
              return (
                <tr>
                  <td>{who?.name ?? '—'}</td>
                  <td>{who?.insee ? <a href={`${props.base}/communes/${who.insee}/projets/${v.project.id}`}>{v.project.title}</a> : v.project.title}</td>
                  <td class="num">{formatCents(v.project.estimatedCostCents)}</td>
                  <td>{v.fundings.map((f) => `${f.scheme.name} (${FUNDING_STATUS_LABELS[f.status].toLowerCase()})`).join(' ; ') || '—'}</td>
                  <td class="num">{formatCents(v.obtainedCents)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
