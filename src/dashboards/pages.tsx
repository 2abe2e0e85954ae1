import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { Field } from '../platform/http/forms.tsx';
import { NotFoundError } from '../platform/http/errors.ts';
import { renderBarChart } from '../platform/documents/charts.ts';
import { formatCell } from '../platform/documents/table.ts';
import { tableToCsv } from '../platform/documents/spreadsheets.ts';
import { fileSlug, sendDocument } from '../platform/documents/http.ts';
import { chartHeight, chartSpecOf, hasData, seriesTable, type Dashboard, type Series } from './model.ts';
import { communeDashboardOf, territoryOf, yearOf, YearQuery } from './http.ts';

const CHART_WIDTH = 640;
const Key = Type.String({ pattern: '^[a-z][a-z-]{1,40}$' });

const seriesOf = (d: Dashboard, key: string): Series => {
  const found = d.series.find((s) => s.key === key);
  if (!found) throw new NotFoundError("Cet indicateur n'existe pas dans le tableau de bord.");
  return found;
};

// A chart is an image of its own: the page's CSP forbids the SVG's inline styles, an <img> does not run them as the page.
const sendChart = (reply: FastifyReply, series: Series) =>
  reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'private, no-store').send(renderBarChart(chartSpecOf(series), { width: CHART_WIDTH, height: chartHeight(series) }).svg);

const sendCsv = (reply: FastifyReply, series: Series, who: string, year: number | null) =>
  sendDocument(reply, { filename: `${fileSlug(`tableau-de-bord-${who}-${series.key}${year === null ? '' : `-${year}`}`)}.csv`, type: 'csv', bytes: tableToCsv(seriesTable(series)) });

const query = (year: number | null) => (year === null ? '' : `?annee=${year}`);

/** The territory's dashboard and a commune's: charts drawn on the server, each with its table and its CSV. */
export function dashboardPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Tableau de bord', path: '/tableau-de-bord', action: 'dashboard.territory' });
  inTerritory(app, deps, '/t/:siren', (t) => {
    const Params = Type.Object({ siren: Type.String() });
    const CommuneParams = Type.Object({ siren: Type.String(), insee: Type.String({ pattern: '^(\\d{5}|2[AB]\\d{3})$' }) });

    t.get('/tableau-de-bord', { config: { access: 'dashboard.territory' }, schema: { hide: true, params: Params, querystring: YearQuery } }, async (request, reply) => {
      const h = here(request);
      const dashboard = await territoryOf(request, db, yearOf(request.query));
      const title = `Tableau de bord${dashboard.year === null ? '' : ` ${dashboard.year}`}`;
      return sendTerritoryPage(request, reply, title, <DashboardPage dashboard={dashboard} base={`${h.base}/tableau-de-bord`} trail={[{ href: h.base, label: 'Accueil' }]} heading={`Tableau de bord de ${h.territory.name}`} />);
    });
    t.get('/tableau-de-bord/:key/graphique.svg', { config: { access: 'dashboard.territory' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), key: Key }), querystring: YearQuery } }, async (request, reply) =>
      sendChart(reply, seriesOf(await territoryOf(request, db, yearOf(request.query)), request.params.key)),
    );
    t.get('/tableau-de-bord/:key/donnees.csv', { config: { access: 'dashboard.territory' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), key: Key }), querystring: YearQuery } }, async (request, reply) => {
      const year = yearOf(request.query);
      return sendCsv(reply, seriesOf(await territoryOf(request, db, year), request.params.key), here(request).territory.name, year);
    });

    t.get('/communes/:insee/tableau-de-bord', { config: { access: 'dashboard.commune' }, schema: { hide: true, params: CommuneParams, querystring: YearQuery } }, async (request, reply) => {
      const h = here(request);
      const { dashboard, base } = await communeDashboardOf(request, db, request.params.insee, yearOf(request.query));
      const title = `Tableau de bord de ${dashboard.communeName}${dashboard.year === null ? '' : ` ${dashboard.year}`}`;
      return sendTerritoryPage(
        request,
        reply,
        title,
        <DashboardPage dashboard={dashboard} base={base} trail={[{ href: h.base, label: 'Accueil' }, { href: `${h.base}/communes/${request.params.insee}`, label: dashboard.communeName ?? 'Commune' }]} heading={`Tableau de bord de ${dashboard.communeName}`} />,
      );
    });
    t.get('/communes/:insee/tableau-de-bord/:key/graphique.svg', { config: { access: 'dashboard.commune' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: CommuneParams.properties.insee, key: Key }), querystring: YearQuery } }, async (request, reply) =>
      sendChart(reply, seriesOf((await communeDashboardOf(request, db, request.params.insee, yearOf(request.query))).dashboard, request.params.key)),
    );
    t.get('/communes/:insee/tableau-de-bord/:key/donnees.csv', { config: { access: 'dashboard.commune' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: CommuneParams.properties.insee, key: Key }), querystring: YearQuery } }, async (request, reply) => {
      const year = yearOf(request.query);
      const { dashboard } = await communeDashboardOf(request, db, request.params.insee, year);
      return sendCsv(reply, seriesOf(dashboard, request.params.key), dashboard.communeName ?? request.params.insee, year);
    });
  });
}

function DashboardPage(props: { dashboard: Dashboard; base: string; heading: string; trail: { href: string; label: string }[] }) {
  const d = props.dashboard;
  return (
    <section class="dashboards">
      <Breadcrumb trail={props.trail} />
      <h1>{d.year === null ? props.heading : `${props.heading} — ${d.year}`}</h1>
      <p class="lead">
        {d.scope === 'territory'
          ? 'Les indicateurs de chaque module au fil des années, calculés à partir des données de Mutualis au moment de l’affichage.'
          : 'Ce qui concerne la commune seulement : ses charges, ses adhésions, ses agents formés, ses achats groupés, les aides obtenues et les délibérations de son conseil.'}
      </p>
      <form method="get" action={props.base} class="inline dashboards-filter" aria-label="Filtrer par année">
        <Field id="annee" name="annee" label="Année">
          <select id="annee" name="annee">
            <option value="">Toutes les années</option>
            {d.years.map((y) => (
              <option value={String(y)} selected={d.year === y}>
                {String(y)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">Afficher</button>
      </form>
      <nav aria-label="Indicateurs du tableau de bord">
        <ul class="dashboards-toc">
          {d.series.map((s) => (
            <li>
              <a href={`#${s.key}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {d.series.map((s) => (
        <SeriesPanel series={s} base={props.base} year={d.year} />
      ))}
    </section>
  );
}

function SeriesPanel(props: { series: Series; base: string; year: number | null }) {
  const s = props.series;
  const table = seriesTable(s);
  const headingId = `${s.key}-titre`;
  return (
    <section id={s.key} class="dashboards-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{s.title}</h2>
      <p class="dashboards-source">{`Source : ${s.source}. ${s.note}`}</p>
      {!hasData(s) ? (
        <p class="dashboards-empty">Aucune donnée</p>
      ) : (
        <div class="dashboards-pair">
          <figure class="chart">
            <img src={`${props.base}/${s.key}/graphique.svg${query(props.year)}`} alt={`Graphique en barres : ${s.title} ; les chiffres sont dans le tableau à côté.`} loading="lazy" width={CHART_WIDTH} height={chartHeight(s)} />
            <figcaption>{s.title}</figcaption>
          </figure>
          <div>
            <ScrollRegion label={`Tableau : ${s.title}`}>
              <table>
                <caption>{s.title}</caption>
                <thead>
                  <tr>
                    {table.columns.map((c, i) => (
                      <th scope="col" class={i === 0 ? undefined : 'num'}>
                        {c.header}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row) => (
                    <tr>
                      {row.map((cell, i) => (i === 0 ? <th scope="row">{formatCell('text', cell)}</th> : <td class="num">{formatCell(table.columns[i]!.kind, cell)}</td>))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <p>
              <a href={`${props.base}/${s.key}/donnees.csv${query(props.year)}`} download>{`Télécharger les données « ${s.title} » (CSV)`}</a>
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
