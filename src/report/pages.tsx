import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { CsrfField, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { UserError } from '../platform/http/errors.ts';
import { parisToday } from '../platform/clock.ts';
import { formatCell, sendDocument, type DocumentTable } from '../platform/documents/index.ts';
import { parseMarkup, type MarkupBlock, type Run } from './model.ts';
import { NO_DATA, saveNarrative, yearReport, type DataBlock, type ReportSection, type YearReport } from './service.ts';
import { reportDocx, reportFilename, reportPdf } from './documents.ts';

const SectionParam = Type.Object({ siren: Type.String(), annee: Type.String({ pattern: '^\\d{4}$' }), section: Type.String({ maxLength: 40 }) });
const YearQuery = Type.Object({ annee: Type.Optional(Type.String({ pattern: '^\\d{4}$' })) });
const NarrativeBody = Type.Object({ texte: Type.String({ maxLength: 40_000 }), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

const ORIGIN_TEXT = { own: 'Texte rédigé pour ce rapport.', previous: 'Texte repris du rapport de l’année précédente : relisez-le et enregistrez-le pour ce rapport.', default: 'Texte proposé par défaut : adaptez-le et enregistrez-le.' } as const;

function Runs(props: { runs: readonly Run[] }) {
  return <>{props.runs.map((r) => (r.bold ? <strong>{r.text}</strong> : r.text))}</>;
}

function Markup(props: { blocks: readonly MarkupBlock[] }) {
  return (
    <>
      {props.blocks.map((b) =>
        b.kind === 'paragraph' ? (
          <p>
            <Runs runs={b.runs} />
          </p>
        ) : (
          <ul>
            {b.items.map((i) => (
              <li>
                <Runs runs={i} />
              </li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

function Table(props: { table: DocumentTable }) {
  const t = props.table;
  return (
    <ScrollRegion label={t.title}>
      <table>
        <caption>{t.title}</caption>
        <thead>
          <tr>
            {t.columns.map((c) => (
              <th scope="col" class={c.kind === 'text' ? undefined : 'num'}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((row) => (
            <tr>
              {row.map((cell, i) => (
                <td class={t.columns[i]?.kind === 'text' ? 'report-cell' : 'num'}>{formatCell(t.columns[i]?.kind ?? 'text', cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        {t.footer ? (
          <tfoot>
            <tr>
              {t.footer.map((cell, i) => (
                <td class={t.columns[i]?.kind === 'text' ? undefined : 'num'}>{cell === null ? '' : formatCell(t.columns[i]?.kind ?? 'text', cell)}</td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </ScrollRegion>
  );
}

function Block(props: { block: DataBlock; base: string }) {
  const b = props.block;
  return (
    <div class="report-block">
      <h3>{b.title}</h3>
      {b.empty ? (
        <p class="report-empty">
          {NO_DATA} ({b.source}).
        </p>
      ) : (
        <>
          <ul class="report-figures">
            {b.figures.map((f) => (
              <li>
                {f.sentence}
                {f.rows.length > 0 || f.link || f.rule ? (
                  <details class="report-drill">
                    <summary>Détail{f.rows.length > 0 ? ` (${f.rows.length} ligne${f.rows.length > 1 ? 's' : ''})` : ''}</summary>
                    {f.rule ? <p>{f.rule}</p> : null}
                    {f.rows.length > 0 ? (
                      <ul>
                        {f.rows.map((r) => (
                          <li>{r}</li>
                        ))}
                      </ul>
                    ) : null}
                    {f.link ? <a href={`${props.base}${f.link}`}>Voir les données dans le module « {b.source} »</a> : null}
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
          {b.tables.map((t) => (
            <Table table={t} />
          ))}
          <p class="hint">Source : {b.source}.</p>
        </>
      )}
    </div>
  );
}

function Section(props: { s: ReportSection; year: number; base: string; canEdit: boolean; error: FormError | null; errorSection: string | null; typed: string | null }) {
  const { s } = props;
  const id = `texte-${s.section}`;
  const mine = props.errorSection === s.section;
  const Heading = s.number.startsWith('V.') ? 'h3' : 'h2';
  return (
    <section class="report-section" aria-labelledby={`titre-${s.section}`}>
      <Heading id={`titre-${s.section}`}>
        {s.number}. {s.title}
      </Heading>
      <div class="report-narrative">
        <Markup blocks={parseMarkup(s.narrative.body)} />
      </div>
      {props.canEdit ? (
        <details class="report-edit" open={mine}>
          <summary>Modifier le texte de la partie {s.number}</summary>
          <form method="post" action={`${props.base}/rapport/${props.year}/textes/${s.section}`} class="stacked" aria-label={`Texte de la partie ${s.number}`}>
            <CsrfField />
            <div class="field">
              <label for={id}>Texte de la partie {s.number}</label>
              <p class="hint" id={`${id}-aide`}>
                {ORIGIN_TEXT[s.narrative.origin]} Mise en forme légère : une ligne vide sépare les paragraphes, une ligne commençant par « - » est un point de liste, **texte** est en gras.
              </p>
              {mine && props.error ? (
                <p class="error" id={`${id}-erreur`}>
                  {props.error.message}
                </p>
              ) : null}
              <textarea id={id} name="texte" rows={8} class="report-textarea" aria-invalid={mine ? 'true' : undefined} aria-describedby={mine ? `${id}-aide ${id}-erreur` : `${id}-aide`}>
                {mine && props.typed !== null ? props.typed : s.narrative.body}
              </textarea>
            </div>
            <button type="submit">Enregistrer le texte</button>
          </form>
        </details>
      ) : null}
      {s.blocks.map((b) => (
        <Block block={b} base={props.base} />
      ))}
    </section>
  );
}

function ReportPage(props: { report: YearReport; base: string; canEdit: boolean; years: readonly number[]; error: FormError | null; errorSection: string | null; typed: string | null }) {
  const r = props.report;
  let partV = false;
  return (
    <section>
      <Breadcrumb trail={[{ href: props.base, label: 'Accueil' }]} />
      <h1>Rapport d’avancement {r.year} du schéma de mutualisation</h1>
      <p class="prose">
        Communication annuelle du président à l’organe délibérant (article L5211-39-1 du code général des collectivités territoriales). Les chiffres sont calculés à partir des données enregistrées jusqu’au 31 décembre {r.coveredYear} ; chaque chiffre
        donne le détail des lignes qu’il compte.
      </p>
      <form method="get" action={`${props.base}/rapport`} class="report-inline" aria-label="Choisir l'année du rapport">
        <label for="annee">Rapport de</label>{' '}
        <select id="annee" name="annee">
          {props.years.map((y) => (
            <option value={String(y)} selected={y === r.year}>
              {y}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Afficher</button>
      </form>
      <p class="downloads">
        Télécharger le rapport : <a href={`${props.base}/rapport.pdf?annee=${r.year}`}>PDF</a> · <a href={`${props.base}/rapport.docx?annee=${r.year}`}>DOCX (modifiable)</a>
      </p>
      <nav aria-label="Sommaire du rapport" class="report-toc">
        <ol>
          {r.sections.map((s) => (
            <li>
              <a href={`#titre-${s.section}`}>
                {s.number}. {s.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {r.sections.map((s) => {
        const opening = s.number.startsWith('V.') && !partV;
        if (s.number.startsWith('V.')) partV = true;
        return (
          <>
            {opening ? <h2>V. Les autres formes de mutualisation</h2> : null}
            <Section s={s} year={r.year} base={props.base} canEdit={props.canEdit} error={props.error} errorSection={props.errorSection} typed={props.typed} />
          </>
        );
      })}
    </section>
  );
}

const thisYear = () => Number(parisToday().slice(0, 4));
const yearsAround = (year: number) => [...new Set([thisYear() + 1, thisYear(), year, ...Array.from({ length: 8 }, (_, i) => thisYear() - 1 - i)])].sort((a, b) => b - a);

/** The yearly progress report: preview with its drill-downs and editable narratives, the PDF and the DOCX. */
export function reportPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Rapport d’avancement', path: '/rapport', action: 'report.read' });

  const show = async (request: FastifyRequest, reply: FastifyReply, year: number, failure: { error: FormError; section: string; typed: string; status: number } | null = null) => {
    const h = here(request);
    const report = await yearReport(db, h.ctx, year);
    return sendTerritoryPage(
      request,
      reply,
      `${failure ? 'Erreur : ' : ''}Rapport d’avancement ${year}`,
      <ReportPage report={report} base={h.base} canEdit={h.can('report.edit')} years={yearsAround(year)} error={failure?.error ?? null} errorSection={failure?.section ?? null} typed={failure?.typed ?? null} />,
      failure?.status ?? 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/rapport', { config: { access: 'report.read' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
      here(request).require('report.read');
      return show(request, reply, request.query.annee ? Number(request.query.annee) : thisYear());
    });

    t.post('/rapport/:annee/textes/:section', { config: { access: 'report.edit' }, schema: { hide: true, params: SectionParam, body: NarrativeBody } }, async (request, reply) => {
      const h = here(request);
      h.require('report.edit');
      const year = Number(request.params.annee);
      try {
        await saveNarrative(db, h.ctx, year, request.params.section, request.body.texte);
      } catch (error) {
        if (error instanceof UserError && error.field === 'section') throw error;
        const status = error instanceof UserError ? error.status : 400;
        return show(request, reply, year, { error: formErrorOf(error), section: request.params.section, typed: request.body.texte, status });
      }
      return reply.redirect(`${h.base}/rapport?annee=${year}#titre-${request.params.section}`, 303);
    });

    for (const type of ['pdf', 'docx'] as const) {
      t.get(`/rapport.${type}`, { config: { access: 'report.read' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
        const h = here(request);
        h.require('report.read');
        const report = await yearReport(db, h.ctx, request.query.annee ? Number(request.query.annee) : thisYear());
        const bytes = type === 'pdf' ? await reportPdf(report, parisToday()) : await reportDocx(report);
        return sendDocument(reply, { filename: reportFilename(report, type), type, bytes });
      });
    }
  });
}
