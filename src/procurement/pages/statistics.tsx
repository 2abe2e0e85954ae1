import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../../access/guard.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { formatInteger } from '../../platform/format.ts';
import { renderBarChart } from '../../platform/documents/charts.ts';
import { FONT_FAMILY } from '../../platform/documents/fonts.ts';
import { COLLECTIVITY_KIND_LABELS } from '../../territory/model.ts';
import { procurementStatisticsByYear, type ProcurementYearStatistics } from '../statistics-service.ts';
import { FIGURE_KEYS, FIGURE_LABELS, type ContractRow, type EntityRow, type FigureKey, type GroupRow } from '../statistics.ts';
import { day, money } from './ui.tsx';
import { STATISTICS_DOCUMENT_TYPES, statisticsDocument } from '../documents.ts';
import { sendDocument } from '../../platform/documents/http.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { parisToday } from '../../platform/clock.ts';

const Query = Type.Object({ annee: Type.Optional(Type.String({ pattern: '^\\d{4}$' })), detail: Type.Optional(Type.Union(FIGURE_KEYS.map((k) => Type.Literal(k)))) });

/** The yearly figures of joint purchasing, each with its counting rule and the rows it counts, and a chart over the years. */
export function statisticsPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/achats/statistiques', { config: { access: 'procurement.statistics' }, schema: { hide: true, querystring: Query } }, async (request, reply) => {
      const h = here(request);
      h.require('procurement.statistics');
      const all = await procurementStatisticsByYear(db, h.ctx);
      const wanted = request.query.annee ? Number(request.query.annee) : (all.at(-1)?.year ?? null);
      const year = all.find((s) => s.year === wanted) ?? null;
      return sendTerritoryPage(request, reply, year ? `Achats groupés : statistiques ${year.year}` : 'Achats groupés : statistiques', <StatisticsPage all={all} year={year} wanted={wanted} detail={request.query.detail ?? null} base={h.base} />);
    });

    // The year's figures as documents (PDF with chart and groups, XLSX, CSV), dated today.
    for (const type of STATISTICS_DOCUMENT_TYPES) {
      t.get(`/achats/statistiques.${type}`, { config: { access: 'procurement.statistics' }, schema: { hide: true, querystring: Type.Object({ annee: Type.String({ pattern: '^\\d{4}$' }) }) } }, async (request, reply) => {
        const h = here(request);
        h.require('procurement.statistics');
        const file = await statisticsDocument(db, h.ctx, h.territory.name, Number(request.query.annee), parisToday(), type);
        if (!file) throw new NotFoundError(`Rien à compter pour ${request.query.annee}.`);
        return sendDocument(reply, file);
      });
    }
  });
}

/** In a page the SVG is an image, which cannot reach the documents' font: it falls back to the system's sans-serif. */
function forScreen(svg: string): string {
  // ECharts writes the family unquoted ("Source Sans 3" is then invalid CSS): quoted, with fallbacks.
  return svg.split(`font-family:${FONT_FAMILY}`).join(`font-family:'${FONT_FAMILY}', system-ui, Arial, sans-serif`);
}

function chartOf(all: readonly ProcurementYearStatistics[]) {
  return renderBarChart(
    {
      title: 'Groupements conclus et marchés par année',
      categoryHeader: 'Année',
      categories: all.map((s) => String(s.year)),
      series: [
        { name: 'Groupements conclus', values: all.map((s) => s.groupsConcluded.value) },
        { name: 'Marchés issus des groupements', values: all.map((s) => s.contractsFromGroups.value) },
        { name: 'Marchés des directions mutualisées', values: all.map((s) => s.contractsBySharedDirections.value) },
      ],
    },
    { width: 760, height: 320 },
  );
}

function StatisticsPage(props: { all: readonly ProcurementYearStatistics[]; year: ProcurementYearStatistics | null; wanted: number | null; detail: FigureKey | null; base: string }) {
  const { year } = props;
  const chart = props.all.length > 0 ? chartOf(props.all) : null;
  const link = (y: number, detail?: FigureKey) => `${props.base}/achats/statistiques?annee=${y}${detail ? `&detail=${detail}#detail` : ''}`;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/achats`, label: 'Groupements de commandes' }]} />
      <h1>{year ? `Achats groupés : statistiques ${year.year}` : 'Achats groupés : statistiques'}</h1>
      <p class="prose">Chaque chiffre est calculé à partir des groupements et des marchés enregistrés, au moment où la page s'affiche ; sa règle de compte figure à côté, et le détail montre les lignes comptées.</p>
      <nav aria-label="Années" class="years">
        <ul>
          {props.all.map((s) => (
            <li>
              <a href={link(s.year)} aria-current={s.year === year?.year ? 'page' : undefined}>
                {s.year}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!year ? <p>{props.wanted ? `Rien à compter pour ${props.wanted}.` : 'Aucun groupement ni marché enregistré.'}</p> : null}
      {year ? (
        <>
          <div class="figures">
            {FIGURE_KEYS.map((key) => {
              const figure = year[key];
              return (
                <div class="figure" data-figure={key}>
                  <span class="figure-value">{formatInteger(figure.value)}</span>
                  <span class="figure-label">{FIGURE_LABELS[key]}</span>
                  <p class="figure-rule">{figure.rule}</p>
                  {figure.value > 0 ? (
                    <a href={link(year.year, key)} aria-label={`Détail : ${FIGURE_LABELS[key]} en ${year.year}`}>
                      Voir le détail
                    </a>
                  ) : null}
                </div>
              );
            })}
          </div>
          <p class="downloads">
            {`Télécharger les chiffres de ${year.year} : `}
            <a href={`${props.base}/achats/statistiques.pdf?annee=${year.year}`}>PDF</a>, <a href={`${props.base}/achats/statistiques.xlsx?annee=${year.year}`}>tableur (XLSX)</a>,{' '}
            <a href={`${props.base}/achats/statistiques.csv?annee=${year.year}`}>CSV</a>
          </p>
          <dl class="facts">
            <div>
              <dt>Montant HT initial des marchés issus des groupements de l'année</dt>
              <dd>{money(year.amountFromGroupsCents)}</dd>
            </div>
            <div>
              <dt>Montant HT initial des marchés des directions mutualisées</dt>
              <dd>{money(year.amountBySharedDirectionsCents)}</dd>
            </div>
            <div>
              <dt>Montant HT initial de tous les marchés notifiés dans l'année</dt>
              <dd>{money(year.amountNotifiedCents)}</dd>
            </div>
          </dl>
          {props.detail ? <Detail year={year} figure={props.detail} base={props.base} /> : null}
        </>
      ) : null}
      {chart ? (
        <>
          <h2>Évolution par année</h2>
          <figure class="chart">
            <img src={`data:image/svg+xml;base64,${Buffer.from(forScreen(chart.svg)).toString('base64')}`} alt="Diagramme en barres : groupements conclus et marchés par année ; les valeurs sont dans le tableau qui suit." width={760} height={320} />
          </figure>
          <ScrollRegion label="Groupements et marchés par année">
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
                  <tr>
                    {row.map((cell, i) => (i === 0 ? <th scope="row">{String(cell)}</th> : <td class="num">{formatInteger(Number(cell ?? 0))}</td>))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      ) : null}
    </section>
  );
}

function Detail(props: { year: ProcurementYearStatistics; figure: FigureKey; base: string }) {
  const f = props.year[props.figure];
  const caption = `${FIGURE_LABELS[props.figure]} en ${props.year.year} : ${formatInteger(f.value)}`;
  const rows = f.rows as readonly (GroupRow | EntityRow | ContractRow)[];
  const first = rows[0];
  return (
    <div id="detail">
      <h2>Détail</h2>
      <p>{f.rule}</p>
      <ScrollRegion label={caption}>
        <table>
          <caption>{caption}</caption>
          {first && 'signedOn' in first ? (
            <>
              <thead>
                <tr>
                  <th scope="col">Référence</th>
                  <th scope="col">Objet</th>
                  <th scope="col">Convention signée le</th>
                  <th scope="col">Coordonnateur</th>
                  <th scope="col" class="num">Membres</th>
                </tr>
              </thead>
              <tbody>
                {(rows as GroupRow[]).map((r) => (
                  <tr>
                    <td>
                      <a href={`${props.base}/achats/groupements/${r.id}`}>{r.reference}</a>
                    </td>
                    <td>{r.object}</td>
                    <td>{day(r.signedOn)}</td>
                    <td>{r.coordinator}</td>
                    <td class="num">{r.members}</td>
                  </tr>
                ))}
              </tbody>
            </>
          ) : first && 'groups' in first ? (
            <>
              <thead>
                <tr>
                  <th scope="col">Entité</th>
                  <th scope="col">Nature</th>
                  <th scope="col" class="num">Groupements de l'année</th>
                </tr>
              </thead>
              <tbody>
                {(rows as EntityRow[]).map((r) => (
                  <tr>
                    <td>{r.name}</td>
                    <td>{COLLECTIVITY_KIND_LABELS[r.kind as keyof typeof COLLECTIVITY_KIND_LABELS] ?? r.kind}</td>
                    <td class="num">{r.groups}</td>
                  </tr>
                ))}
              </tbody>
            </>
          ) : (
            <>
              <thead>
                <tr>
                  <th scope="col">Numéro</th>
                  <th scope="col">Objet</th>
                  <th scope="col">Origine</th>
                  <th scope="col">Notifié le</th>
                  <th scope="col" class="num">Montant HT</th>
                </tr>
              </thead>
              <tbody>
                {(rows as ContractRow[]).map((r) => (
                  <tr>
                    <td>
                      <a href={`${props.base}/achats/marches/${r.id}`}>{r.reference}</a>
                    </td>
                    <td>{r.object}</td>
                    <td>{r.origin}</td>
                    <td>{day(r.notifiedOn)}</td>
                    <td class="num">{money(r.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </>
          )}
        </table>
      </ScrollRegion>
    </div>
  );
}
