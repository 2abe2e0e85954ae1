import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { formatDate, formatInteger } from '../platform/format.ts';
import { parisToday } from '../platform/clock.ts';
import { Breadcrumb, renderFragment, ScrollRegion } from '../platform/http/layout.tsx';
import * as access from '../access/service.ts';
import { COMMUNE_SORTS, EPCI_NATURE_LABELS, type Collectivity, type CommuneSort, type MemberCommune } from './model.ts';
import type { Person } from '../access/service.ts';
import * as territory from './service.ts';
import type { TerritoryOverview } from './service.ts';
import { COMMUNE_DOCUMENT_TYPES, communesDocument } from './documents.ts';
import { sendDocument } from '../platform/documents/http.ts';

export function territoryPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Accueil', path: '', action: 'territory.read' });
  addNav({ label: 'Communes', path: '/communes', action: 'collectivity.read' });
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('', { config: { access: 'territory.read' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('territory.read');
      const overview = await territory.territoryOverview(db, h.ctx, parisToday());
      return sendTerritoryPage(request, reply, h.territory.name, <Home overview={overview} base={h.base} />);
    });

    t.get(
      '/communes',
      {
        config: { access: 'collectivity.read' },
        schema: {
          hide: true,
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100 })),
            tri: Type.Optional(Type.Union(COMMUNE_SORTS.map((s) => Type.Literal(s)))),
            ordre: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
          }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('collectivity.read');
        const sort = request.query.tri ?? 'nom';
        const descending = request.query.ordre === 'desc';
        const communes = await territory.listCommunes(db, h.ctx, { on: parisToday(), search: request.query.q, sort, descending });
        const table = <CommunesTable communes={communes} base={h.base} sort={sort} descending={descending} q={request.query.q ?? ''} />;
        // The same address serves the whole page or, to htmx, the table alone; a history restore wants the whole page.
        reply.header('vary', 'HX-Request');
        if (request.headers['hx-request'] === 'true' && request.headers['hx-history-restore-request'] !== 'true') {
          // The count goes, out of band, into the live region above the table: a screen reader announces it.
          const status = (
            <p id="communes-statut" hx-swap-oob="innerHTML">
              {foundText(communes.length)}
            </p>
          );
          return reply.type('text/html; charset=utf-8').send(renderFragment(table) + renderFragment(status));
        }
        return sendTerritoryPage(
          request,
          reply,
          'Communes membres',
          <section>
            <h1>Communes membres</h1>
            <form method="get" action={`${h.base}/communes`} class="search" role="search">
              <label for="q">Rechercher une commune (nom, code INSEE ou postal)</label>
              <input
                id="q"
                name="q"
                type="search"
                value={request.query.q ?? ''}
                hx-get={`${h.base}/communes`}
                hx-trigger="input changed delay:250ms, search"
                hx-target="#communes"
                hx-select="#communes"
                hx-swap="outerHTML"
                hx-push-url="true"
                hx-include="closest form"
              />
              <input type="hidden" name="tri" value={sort} />
              <input type="hidden" name="ordre" value={descending ? 'desc' : 'asc'} />
              <button type="submit">Rechercher</button>
            </form>
            <p class="downloads">
              Télécharger la liste complète : <a href={`${h.base}/communes.pdf`}>PDF</a>, <a href={`${h.base}/communes.xlsx`}>tableur (XLSX)</a>,{' '}
              <a href={`${h.base}/communes.csv`}>CSV</a>
            </p>
            <p id="communes-statut" role="status" class="visually-hidden"></p>
            {table}
          </section>,
        );
      },
    );

    // The list as documents (PDF typeset off the request path, XLSX, CSV), on today's date.
    for (const type of COMMUNE_DOCUMENT_TYPES) {
      t.get(`/communes.${type}`, { config: { access: 'collectivity.read' }, schema: { hide: true } }, async (request, reply) => {
        const h = here(request);
        h.require('collectivity.read');
        return sendDocument(reply, await communesDocument(db, h.ctx, h.territory.name, parisToday(), type));
      });
    }

    t.get('/communes/:insee', { config: { access: 'collectivity.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: Type.String({ maxLength: 5 }) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('collectivity.read');
      const detail = await territory.communeDetail(db, h.ctx, request.params.insee);
      const restricted = h.can('collectivity.readRestricted', { collectivityId: detail.commune.id });
      return sendTerritoryPage(request, reply, detail.commune.name, <CommunePage detail={detail} base={h.base} restricted={restricted} />);
    });

    t.get(
      '/communes/:insee/acces',
      { config: { access: 'collectivity.readRestricted' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: Type.String({ maxLength: 5 }) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('collectivity.read');
        const detail = await territory.communeDetail(db, h.ctx, request.params.insee);
        h.require('collectivity.readRestricted', { collectivityId: detail.commune.id });
        const people = await access.communeUsers(db, h.ctx, detail.commune.id);
        return sendTerritoryPage(
          request,
          reply,
          `${detail.commune.name} : accès et contacts`,
          <CommuneAccessPage commune={detail.commune} people={people} base={h.base} canManageUsers={h.can('users.manage')} />,
        );
      },
    );
  });
}

function Home(props: { overview: TerritoryOverview; base: string }) {
  const o = props.overview;
  return (
    <section>
      <h1>{o.epci.name}</h1>
      <dl class="facts">
        <div>
          <dt>Nature juridique</dt>
          <dd>{o.nature ? (EPCI_NATURE_LABELS[o.nature] ?? o.nature) : 'non renseignée'}</dd>
        </div>
        <div>
          <dt>Régime fiscal</dt>
          <dd>{o.fundingMode === 'FPU' ? 'Fiscalité professionnelle unique (FPU)' : (o.fundingMode ?? 'non renseigné')}</dd>
        </div>
        <div>
          <dt>SIREN</dt>
          <dd>{o.epci.siren}</dd>
        </div>
        <div>
          <dt>Communes membres</dt>
          <dd>
            <a href={`${props.base}/communes`}>{formatInteger(o.communeCount)}</a>
          </dd>
        </div>
        <div>
          <dt>{`Population municipale (${o.populationYear})`}</dt>
          <dd>{`${formatInteger(o.population)} habitants`}</dd>
        </div>
      </dl>
    </section>
  );
}

/** "1 commune", "53 communes" (French: 0 and 1 take the singular), with French digit grouping. */
function countOf(count: number, singular: string, plural: string): string {
  return `${formatInteger(count)} ${count < 2 ? singular : plural}`;
}

function foundText(count: number): string {
  if (count === 0) return 'Aucune commune trouvée.';
  return count === 1 ? '1 commune trouvée.' : `${count} communes trouvées.`;
}

const SORT_LABELS: Record<CommuneSort, string> = { nom: 'Nom', insee: 'Code INSEE', population: 'Population' };

function CommunesTable(props: { communes: MemberCommune[]; base: string; sort: CommuneSort; descending: boolean; q: string }) {
  const header = (key: CommuneSort) => {
    const active = props.sort === key;
    const next = active && !props.descending ? 'desc' : 'asc';
    const params = new URLSearchParams({ ...(props.q ? { q: props.q } : {}), tri: key, ordre: next });
    return (
      <th scope="col" class={key === 'population' ? 'num' : undefined} aria-sort={active ? (props.descending ? 'descending' : 'ascending') : undefined}>
        <a href={`${props.base}/communes?${params.toString()}`} class="sort">
          {SORT_LABELS[key]}
          <span aria-hidden="true" class={active ? 'sort-mark active' : 'sort-mark'}>
            {active ? (props.descending ? '▼' : '▲') : '↕'}
          </span>
        </a>
      </th>
    );
  };
  const total = props.communes.reduce((a, c) => a + (c.population ?? 0), 0);
  if (props.communes.length === 0) {
    return (
      <div id="communes">
        <p>{`Aucune commune ne correspond à « ${props.q} ».`}</p>
      </div>
    );
  }
  return (
    <ScrollRegion id="communes" label="Liste des communes">
      <table>
        <caption>{`${countOf(props.communes.length, 'commune', 'communes')}, ${countOf(total, 'habitant', 'habitants')}`}</caption>
        <thead>
          <tr>
            {header('insee')}
            {header('nom')}
            {header('population')}
          </tr>
        </thead>
        <tbody>
          {props.communes.map((c) => (
            <tr>
              <td>{c.inseeCode}</td>
              <td>
                <a href={`${props.base}/communes/${c.inseeCode}`}>{c.name}</a>
              </td>
              <td class="num">{c.population === null ? '—' : formatInteger(c.population)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function CommunePage(props: { detail: territory.CommuneDetail; base: string; restricted: boolean }) {
  const { commune, populations, memberships } = props.detail;
  // One source for every figure (the usual case) is said once, under the table, instead of on each row.
  const sources = [...new Set(populations.map((p) => p.source))];
  const oneSource = sources.length === 1 ? sources[0] : null;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/communes`, label: 'Communes membres' }]} />
      <h1>{commune.name}</h1>
      <dl class="facts">
        <div>
          <dt>Code INSEE</dt>
          <dd>{commune.inseeCode}</dd>
        </div>
        <div>
          <dt>SIREN</dt>
          <dd>{commune.siren ?? 'non renseigné'}</dd>
        </div>
        <div>
          <dt>Code postal</dt>
          <dd>{commune.postalCode ?? 'non renseigné'}</dd>
        </div>
        <div>
          <dt>Membre depuis</dt>
          <dd>{memberships.map((m) => (m.validTo ? `du ${formatDate(m.validFrom)} au ${formatDate(m.validTo)}` : `le ${formatDate(m.validFrom)}`)).join(' ; ')}</dd>
        </div>
      </dl>
      <h2>Populations légales</h2>
      <ScrollRegion label="Populations légales">
        <table>
          <caption class="visually-hidden">Populations légales par année et par type</caption>
          <thead>
            <tr>
              <th scope="col">Année</th>
              <th scope="col">Type</th>
              <th scope="col" class="num">Habitants</th>
              {oneSource ? null : <th scope="col">Source</th>}
            </tr>
          </thead>
          <tbody>
            {populations.map((p) => (
              <tr>
                <td>{p.year}</td>
                <td>{p.kind}</td>
                <td class="num">{formatInteger(p.value)}</td>
                {oneSource ? null : <td class="source">{p.source}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {oneSource ? <p class="hint">{`Source : ${oneSource}`}</p> : null}
      {props.restricted ? (
        <p>
          <a href={`${props.base}/communes/${commune.inseeCode}/acces`}>Accès et contacts de la commune</a>
        </p>
      ) : null}
    </section>
  );
}

function CommuneAccessPage(props: { commune: Collectivity; people: Person[]; base: string; canManageUsers: boolean }) {
  const { commune } = props;
  return (
    <section>
      <Breadcrumb
        trail={[
          { href: `${props.base}/communes`, label: 'Communes membres' },
          { href: `${props.base}/communes/${commune.inseeCode}`, label: commune.name },
        ]}
      />
      <h1>{`${commune.name} : accès et contacts`}</h1>
      <p>Cette page n'est visible que par la mission mutualisation, les finances et les utilisateurs de la commune.</p>
      {props.people.length === 0 ? (
        <p>Aucune personne n'a encore de rôle communal pour cette commune.</p>
      ) : (
        <ScrollRegion label="Personnes agissant pour la commune">
          <table>
            <caption>{`${countOf(props.people.length, 'personne agit', 'personnes agissent')} pour ${commune.name}`}</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Adresse électronique</th>
              </tr>
            </thead>
            <tbody>
              {props.people.map((p) => (
                <tr>
                  <td>{p.displayName}</td>
                  <td class="email">
                    <a href={`mailto:${p.email}`}>{p.email}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canManageUsers ? (
        <p>
          <a href={`${props.base}/utilisateurs#ajout`}>Donner un rôle communal à une autre personne</a>
        </p>
      ) : null}
    </section>
  );
}
