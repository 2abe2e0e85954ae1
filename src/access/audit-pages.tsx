import { Type } from '@sinclair/typebox';
import { ScrollRegion } from '../platform/http/layout.tsx';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from './guard.tsx';
import { CsrfField } from '../platform/http/forms.tsx';
import { formatInstant } from '../platform/format.ts';
import { listAuditEntries, type AuditRow } from '../platform/audit-read.ts';
import { verifyAuditChain, type ChainReport } from '../platform/audit-verify.ts';

const PAGE = 50;

/** What changed between before and after, field by field (the whole row for a creation or deletion). */
export function changedFields(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const show = (v: unknown) => (v === undefined ? '' : v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((field) => ({ field, before: show(b[field]), after: show(a[field]) }));
}

/** The audit log of the territory: who changed what, when, before and after; and its integrity check. */
export function auditPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: "Journal d'audit", path: '/journal', action: 'audit.read' });
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get(
      '/journal',
      {
        config: { access: 'audit.read' },
        schema: {
          hide: true,
          querystring: Type.Object({
            avant: Type.Optional(Type.Integer({ minimum: 1 })),
            table: Type.Optional(Type.String({ maxLength: 60 })),
            auteur: Type.Optional(Type.String({ maxLength: 200 })),
          }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('audit.read');
        const { avant, table, auteur } = request.query;
        const entries = await listAuditEntries(db, h.territory.id, { limit: PAGE, beforeSeq: avant, entity: table || undefined, actorLabel: auteur || undefined });
        return sendTerritoryPage(request, reply, "Journal d'audit", <AuditPage base={h.base} entries={entries} table={table ?? ''} auteur={auteur ?? ''} report={null} />);
      },
    );
    t.post('/journal/verification', { config: { access: 'audit.read', notAudited: 'vérifie la chaîne du journal sans rien modifier' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('audit.read');
      const report = await verifyAuditChain(db, h.territory.id);
      const entries = await listAuditEntries(db, h.territory.id, { limit: PAGE });
      return sendTerritoryPage(request, reply, "Journal d'audit", <AuditPage base={h.base} entries={entries} table="" auteur="" report={report} />);
    });
  });
}

function AuditPage(props: { base: string; entries: AuditRow[]; table: string; auteur: string; report: ChainReport | null }) {
  const last = props.entries.at(-1);
  const more = new URLSearchParams({ ...(props.table ? { table: props.table } : {}), ...(props.auteur ? { auteur: props.auteur } : {}), ...(last ? { avant: String(last.seq) } : {}) });
  return (
    <section>
      <h1>Journal d'audit</h1>
      <p>
        Chaque modification est enregistrée avec son auteur, sa date et les valeurs avant et après. Les entrées sont chaînées par empreintes : une entrée modifiée
        ou supprimée, même directement dans la base, est détectée par la vérification.
      </p>
      <form method="post" action={`${props.base}/journal/verification`}>
        <CsrfField />
        <button type="submit">Vérifier l'intégrité du journal</button>
      </form>
      {props.report ? (
        props.report.ok ? (
          <p class="notice" role="status">{`Journal intact : ${props.report.entries} entrées vérifiées, chaîne d'empreintes continue.`}</p>
        ) : (
          <div class="error" role="alert">
            <p>{`Journal ALTÉRÉ : ${props.report.problems.length} anomalie(s) sur ${props.report.entries} entrées.`}</p>
            <ul>
              {props.report.problems.slice(0, 20).map((p) => (
                <li>{`Entrée ${p.seq} : ${p.reason}`}</li>
              ))}
            </ul>
          </div>
        )
      ) : null}
      <form method="get" action={`${props.base}/journal`} class="search">
        <div class="field">
          <label for="table">Table</label>
          <input id="table" name="table" value={props.table} />
        </div>
        <div class="field">
          <label for="auteur">Auteur (libellé exact)</label>
          <input id="auteur" name="auteur" value={props.auteur} />
        </div>
        <button type="submit">Filtrer</button>
      </form>
      <ScrollRegion label="Journal d'audit">
        <table>
          <caption>{props.entries.length === 0 ? 'Aucune entrée' : `Entrées ${props.entries[0]!.seq} à ${last!.seq}, les plus récentes d'abord`}</caption>
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Date</th>
              <th scope="col">Auteur</th>
              <th scope="col">Action</th>
              <th scope="col">Modifications</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td class="num">{e.seq}</td>
                <td>{formatInstant(e.at)}</td>
                <td>{e.actorLabel}</td>
                <td>{`${e.action} · ${e.entity}`}</td>
                <td>
                  <ul class="changes">
                    {changedFields(e.before, e.after)
                      .slice(0, 12)
                      .map((c) => (
                        <li>
                          <code>{c.field}</code> {c.before ? <del>{c.before}</del> : null} {c.after ? <ins>{c.after}</ins> : null}
                        </li>
                      ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {props.entries.length === PAGE ? (
        <p>
          <a href={`${props.base}/journal?${more.toString()}`}>Entrées plus anciennes</a>
        </p>
      ) : null}
    </section>
  );
}
