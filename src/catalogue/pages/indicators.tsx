import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage, type Here } from '../../access/guard.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { formatInteger } from '../../platform/format.ts';
import { renderBarChart } from '../../platform/documents/charts.ts';
import { FONT_FAMILY } from '../../platform/documents/fonts.ts';
import { parisToday } from '../../platform/clock.ts';
import { sendDocument } from '../../platform/documents/http.ts';
import { INDICATOR_DOCUMENT_TYPES, indicatorsDocument } from '../documents.ts';
import * as catalogue from '../service.ts';
import { evolutionText, INDICATOR_KEYS, INDICATOR_LABELS, INDICATOR_RULES, type IndicatorKey } from '../indicators.ts';

const CHART_KEYS: readonly IndicatorKey[] = ['subscribedCommunes', 'peopleTrained', 'meetingsHeld'];
const CHART_LABELS: Record<string, string> = { subscribedCommunes: 'Adhésions de communes', peopleTrained: 'Personnes formées', meetingsHeld: 'Réunions et événements' };

/** The catalogue's indicators of a year, per offer, with the year before, and their evolution over the years as a chart and a table. */
export function indicatorPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/catalogue/indicateurs', { config: { access: 'catalogue.indicators' }, schema: { hide: true, querystring: Type.Object({ annee: Type.Optional(Type.String({ pattern: '^\\d{4}$' })) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('catalogue.indicators');
      const current = Number(parisToday().slice(0, 4));
      const years = [...new Set([...(await catalogue.indicatorYears(db, h.ctx)), current])].sort((a, b) => a - b);
      const all = [];
      for (const y of years) all.push(await catalogue.catalogueYearIndicators(db, h.ctx, y));
      const wanted = request.query.annee ? Number(request.query.annee) : years.includes(2019) ? 2019 : current;
      const year = all.find((i) => i.year === wanted) ?? (await catalogue.catalogueYearIndicators(db, h.ctx, wanted));
      return sendTerritoryPage(request, reply, `Catalogue : indicateurs ${year.year}`, <IndicatorsPage h={h} all={all} year={year} />);
    });

    // The year's indicators as documents (PDF with the chart, XLSX, CSV), dated today.
    for (const type of INDICATOR_DOCUMENT_TYPES) {
      t.get(`/catalogue/indicateurs.${type}`, { config: { access: 'catalogue.indicators' }, schema: { hide: true, querystring: Type.Object({ annee: Type.String({ pattern: '^\\d{4}$' }) }) } }, async (request, reply) => {
        const h = here(request);
        h.require('catalogue.indicators');
        return sendDocument(reply, await indicatorsDocument(db, h.ctx, h.territory.name, Number(request.query.annee), parisToday(), type));
      });
    }
  });
}

/** In a page the SVG is an image, which cannot reach the documents' font: it falls back to the system's sans-serif. */
const forScreen = (svg: string) => svg.split(`font-family:${FONT_FAMILY}`).join(`font-family:'${FONT_FAMILY}', system-ui, Arial, sans-serif`);

function total(i: catalogue.CatalogueYearIndicators, key: IndicatorKey): number {
  return i.offers.reduce((n, o) => n + (o.figures.find((f) => f.key === key)?.value ?? 0), 0);
}

function IndicatorsPage(props: { h: Here; all: readonly catalogue.CatalogueYearIndicators[]; year: catalogue.CatalogueYearIndicators }) {
  const { h, year } = props;
  const chart = renderBarChart(
    { title: 'Évolution du catalogue par année', categoryHeader: 'Année', categories: props.all.map((i) => String(i.year)), series: CHART_KEYS.map((k) => ({ name: CHART_LABELS[k]!, values: props.all.map((i) => total(i, k)) })) },
    { width: 760, height: 320 },
  );
  const offers = year.offers.filter((o) => o.figures.length > 0);
  const used = INDICATOR_KEYS.filter((k) => offers.some((o) => o.figures.some((f) => f.key === k)));
  return (
    <section>
      <Breadcrumb trail={[{ href: `${h.base}/catalogue`, label: 'Catalogue de services' }]} />
      <h1>{`Catalogue : indicateurs ${year.year}`}</h1>
      <p class="prose">Chaque chiffre est calculé, au moment où la page s'affiche, à partir des adhésions, comptes, sessions de formation et réunions enregistrés ; il est comparé à l'année précédente.</p>
      <nav aria-label="Années" class="years">
        <ul>
          {props.all.map((i) => (
            <li>
              <a href={`${h.base}/catalogue/indicateurs?annee=${i.year}`} aria-current={i.year === year.year ? 'page' : undefined}>
                {i.year}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="downloads">
        {`Télécharger les chiffres de ${year.year} : `}
        <a href={`${h.base}/catalogue/indicateurs.pdf?annee=${year.year}`}>PDF</a>, <a href={`${h.base}/catalogue/indicateurs.xlsx?annee=${year.year}`}>tableur (XLSX)</a>,{' '}
        <a href={`${h.base}/catalogue/indicateurs.csv?annee=${year.year}`}>CSV</a>
      </p>
      {offers.length === 0 ? (
        <p>{`Rien à compter pour ${year.year}.`}</p>
      ) : (
        <ScrollRegion label={`Indicateurs ${year.year} par offre`}>
          <table class="catalogue-indicators">
            <caption>{`Indicateurs ${year.year} par offre (entre parenthèses : ${year.year - 1})`}</caption>
            <thead>
              <tr>
                <th scope="col">Offre</th>
                <th scope="col">Indicateur</th>
                <th scope="col" class="num">
                  {String(year.year)}
                </th>
                <th scope="col" class="num">
                  {String(year.year - 1)}
                </th>
                <th scope="col" class="num">
                  Évolution
                </th>
              </tr>
            </thead>
            <tbody>
              {offers.flatMap((o) =>
                o.figures.map((f, i) => (
                  <tr data-offer={o.code} data-figure={f.key}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={o.figures.length}>
                        <a href={`${h.base}/catalogue/offres/${o.offerId}`}>{o.title}</a>
                      </th>
                    ) : null}
                    <td>{f.label}</td>
                    <td class="num">{formatInteger(f.value)}</td>
                    <td class="num">{formatInteger(f.previous)}</td>
                    <td class="num">{evolutionText(f.value, f.previous)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {used.length > 0 ? (
        <>
          <h2>Règles de calcul</h2>
          <dl class="catalogue-rules">
            {used.map((k) => (
              <div>
                <dt>{INDICATOR_LABELS[k]}</dt>
                <dd>{INDICATOR_RULES[k]}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <h2>Évolution par année</h2>
      <figure class="chart">
        <img src={`data:image/svg+xml;base64,${Buffer.from(forScreen(chart.svg)).toString('base64')}`} alt="Diagramme en barres : adhésions, personnes formées et réunions par année ; les valeurs sont dans le tableau qui suit." width={760} height={320} />
      </figure>
      <ScrollRegion label="Évolution du catalogue par année">
        <table>
          <caption>{chart.table.title}</caption>
          <thead>
            <tr>
              {chart.table.columns.map((c, i) => (
                <th scope="col" class={i > 0 ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.table.rows.map((row) => (
              <tr>{row.map((cell, i) => (i === 0 ? <th scope="row">{String(cell)}</th> : <td class="num">{formatInteger(Number(cell ?? 0))}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
