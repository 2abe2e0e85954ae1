import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { InseeParam, SirenParam } from '../platform/http/schemas.ts';
import { UserError } from '../platform/http/errors.ts';
import { describeProblems, ImportError } from '../platform/imports.ts';
import { formatCents, formatInstant } from '../platform/format.ts';
import { sendDocument } from '../platform/documents/http.ts';
import * as territory from '../territory/service.ts';
import { BILLING_CATEGORY_LABELS, COST_CATEGORY_LABELS, PAYMENT_ROUTE_LABELS, PHASE_LABELS, RUN_STATUS_LABELS, SUPPORT_METHOD_LABELS, type Phase } from './model.ts';
import { driverLabel, explanationText } from './explain.ts';
import * as charging from './service.ts';
import { serviceNames } from './sources.ts';
import { accountingCsvBytes, notificationLetters, statementPdf, summaryPdf, summaryXlsx } from './documents.ts';
import type { RunRow } from './store.ts';

const YearQuery = Type.Object({ annee: Type.Optional(Type.String({ pattern: '^\\d{4}$' })), nature: Type.Optional(Type.Union([Type.Literal('budget'), Type.Literal('actual')])) });
const RunParams = Type.Object({ siren: SirenParam, annee: Type.String({ pattern: '^\\d{4}$' }), phase: Type.Union([Type.Literal('provisional'), Type.Literal('final')]) });
const StatementParams = Type.Object({ siren: SirenParam, annee: Type.String({ pattern: '^\\d{4}$' }), phase: Type.Union([Type.Literal('provisional'), Type.Literal('final')]), insee: InseeParam });
const DEFAULT_YEAR = 2019;

/** The run a page shows: the latest version of the year and phase, or 409 when none was launched. */
async function runOf(db: ServerDeps['db'], request: FastifyRequest, year: number, phase: Phase): Promise<RunRow> {
  const runs = (await charging.listRuns(db, here(request).ctx, year)).filter((r) => r.phase === phase);
  if (runs.length === 0) throw new UserError(`Aucun calcul ${phase === 'final' ? 'définitif' : 'prévisionnel'} n'a été lancé pour ${year}.`, 409);
  return runs[0]!;
}

function viewerOf(request: FastifyRequest): charging.Viewer {
  const h = here(request);
  const wide = h.roles.some((r) => r.role !== 'commune');
  return { communeIds: wide ? null : h.roles.map((r) => r.collectivityId).filter((id): id is string => id !== null) };
}

export function chargingPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Refacturation', path: '/refacturation', action: 'charging.read' });
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/refacturation', { config: { access: 'charging.read' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
      const h = here(request);
      h.require('charging.read');
      return showOverview(request, reply, Number(request.query.annee ?? DEFAULT_YEAR), null);
    });

    async function showOverview(request: FastifyRequest, reply: FastifyReply, year: number, error: FormError | null, status = 200) {
      const h = here(request);
      const runs = await charging.listRuns(db, h.ctx, year);
      const settings = await charging.yearSettings(db, h.ctx, year);
      const body = (
        <>
          <Breadcrumb trail={[{ href: h.base, label: h.territory.name }]} />
          <h1>Refacturation des services mutualisés {year}</h1>
          <p>
            Fonctions support : {SUPPORT_METHOD_LABELS[settings.supportMethod]}. Chaque ligne de coût est répartie au centime par la clé de l’avenant en vigueur.
          </p>
          {h.can('charging.manageCosts') ? (
            <ul class="charging-links">
              <li>
                <a href={`${h.base}/refacturation/couts?annee=${year}&nature=actual`}>Coûts réalisés {year}</a>
              </li>
              <li>
                <a href={`${h.base}/refacturation/couts?annee=${year}&nature=budget`}>Coûts budgétés {year}</a>
              </li>
              <li>
                <a href={`${h.base}/refacturation/inducteurs?annee=${year}`}>Inducteurs {year}</a>
              </li>
            </ul>
          ) : null}
          <ScrollRegion label="Calculs de l’année">
            <table>
              <caption>Calculs {year}</caption>
              <thead>
                <tr>
                  <th scope="col">Phase</th>
                  <th scope="col">Version</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Montant refacturé</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr>
                    <td>
                      <a href={`${h.base}/refacturation/${r.year}/${r.phase}`}>{PHASE_LABELS[r.phase]}</a>
                    </td>
                    <td>v{r.version}</td>
                    <td>{RUN_STATUS_LABELS[r.status]}</td>
                    <td class="num">{formatCents(r.totalCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {runs.length === 0 ? <p>Aucun calcul pour {year}.</p> : null}
          {h.can('charging.run') ? (
            <form method="post" action={`${h.base}/refacturation/calculs`} class="stacked narrow" aria-label="Lancer un calcul">
              <CsrfField />
              <h2>Lancer un calcul</h2>
              <FormAlert error={error} fields={['annee', 'phase']} />
              <Field id="calcul-annee" name="annee" label="Année" value={String(year)} inputmode="numeric" required error={error} />
              <div class="field">
                <label for="calcul-phase">Phase</label>
                <select id="calcul-phase" name="phase">
                  <option value="provisional">{PHASE_LABELS.provisional}</option>
                  <option value="final" selected>
                    {PHASE_LABELS.final}
                  </option>
                </select>
              </div>
              <button type="submit">Lancer le calcul</button>
            </form>
          ) : null}
        </>
      );
      return sendTerritoryPage(request, reply, `Refacturation ${year}`, body, status);
    }

    t.post(
      '/refacturation/calculs',
      { config: { access: 'charging.run' }, schema: { hide: true, body: Type.Object({ _csrf: Type.Optional(Type.String()), annee: Type.String({ maxLength: 10 }), phase: Type.String({ maxLength: 20 }) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('charging.run');
        const year = Number(request.body.annee);
        try {
          if (!/^\d{4}$/.test(request.body.annee)) throw new UserError('L’année doit compter 4 chiffres.', 400, 'annee');
          const run = await charging.runCharging(db, h.ctx, year, request.body.phase as Phase);
          return reply.redirect(`${h.base}/refacturation/${run.year}/${run.phase}`, 303);
        } catch (error) {
          const e = formErrorOf(error);
          return showOverview(request, reply, Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : DEFAULT_YEAR, e, error instanceof UserError ? error.status : 400);
        }
      },
    );

    t.get('/refacturation/:annee/:phase', { config: { access: 'charging.read' }, schema: { hide: true, params: RunParams } }, async (request, reply) => {
      const h = here(request);
      h.require('charging.read');
      const run = await runOf(db, request, Number(request.params.annee), request.params.phase);
      return showRun(request, reply, run, null);
    });

    async function showRun(request: FastifyRequest, reply: FastifyReply, run: RunRow, error: FormError | null, status = 200) {
      const h = here(request);
      const viewer = viewerOf(request);
      const totals = await charging.runTotals(db, h.ctx, run.id, viewer);
      const diff = await charging.compareRuns(db, h.ctx, run.id, viewer);
      const names = new Map((await territory.listCollectivities(db, h.ctx)).map((c) => [c.id, c]));
      const services = new Map((await serviceNames(db, h.ctx)).map((s) => [s.id, s]));
      const path = `${h.base}/refacturation/${run.year}/${run.phase}`;
      const body = (
        <>
          <Breadcrumb trail={[{ href: h.base, label: h.territory.name }, { href: `${h.base}/refacturation?annee=${run.year}`, label: `Refacturation ${run.year}` }]} />
          <h1>
            {PHASE_LABELS[run.phase]} {run.year}, version {run.version}
          </h1>
          <p>
            Statut : <strong>{RUN_STATUS_LABELS[run.status]}</strong>
            {run.validatedAt ? ` le ${formatInstant(run.validatedAt)}` : ''}. Fonctions support : {SUPPORT_METHOD_LABELS[run.supportMethod]}. Empreinte des données : <code>{run.inputsDigest.slice(0, 12)}</code>.
          </p>
          {h.can('charging.export') ? (
            <ul class="charging-links">
              <li>
                <a href={`${path}/ecritures.csv`}>Écritures comptables (CSV)</a>
              </li>
              <li>
                <a href={`${path}/synthese.pdf`}>Synthèse (PDF)</a>
              </li>
              <li>
                <a href={`${path}/synthese.xlsx`}>Synthèse (XLSX)</a>
              </li>
            </ul>
          ) : null}
          {run.status === 'draft' && h.can('charging.run') ? (
            <form method="post" action={`${path}/validation`} aria-label="Valider le calcul">
              <CsrfField />
              <FormAlert error={error} fields={[]} />
              <p>Une fois validé, ce calcul ne pourra plus changer : une correction sera une nouvelle version.</p>
              <button type="submit">Valider la version {run.version}</button>
            </form>
          ) : (
            <FormAlert error={error} fields={[]} />
          )}
          <ScrollRegion label="Montants par collectivité">
            <table>
              <caption>Montants par collectivité et par service</caption>
              <thead>
                <tr>
                  <th scope="col">Collectivité</th>
                  <th scope="col">Service</th>
                  <th scope="col">Montant</th>
                </tr>
              </thead>
              <tbody>
                {[...totals.byParticipant.entries()].flatMap(([collectivityId, m]) =>
                  [...m.entries()].map(([serviceId, cents]) => {
                    const c = names.get(collectivityId);
                    return (
                      <tr>
                        <td>{c?.inseeCode && h.can('charging.readStatement', { collectivityId }) ? <a href={`${path}/communes/${c.inseeCode}`}>{c.name}</a> : (c?.name ?? '—')}</td>
                        <td>{services.get(serviceId)?.name ?? '—'}</td>
                        <td class="num">{formatCents(cents)}</td>
                      </tr>
                    );
                  }),
                )}
              </tbody>
            </table>
          </ScrollRegion>
          <h2>Comparaison avec la version précédente</h2>
          {diff.previous === null ? (
            <p>Première version : rien à comparer.</p>
          ) : diff.lines.length === 0 ? (
            <p>Aucun montant n’a changé depuis la version {diff.previous.version}.</p>
          ) : (
            <ScrollRegion label="Écarts entre versions">
              <table>
                <caption>Écarts avec la version {diff.previous.version}</caption>
                <thead>
                  <tr>
                    <th scope="col">Collectivité</th>
                    <th scope="col">Service</th>
                    <th scope="col">Avant</th>
                    <th scope="col">Après</th>
                    <th scope="col">Écart</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.lines.map((l) => (
                    <tr>
                      <td>{names.get(l.collectivityId)?.name ?? '—'}</td>
                      <td>{services.get(l.serviceId)?.name ?? '—'}</td>
                      <td class="num">{formatCents(l.beforeCents)}</td>
                      <td class="num">{formatCents(l.afterCents)}</td>
                      <td class="num">{formatCents(l.deltaCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {viewer.communeIds === null ? (
            <>
              <h2>Services</h2>
              <ScrollRegion label="Services du calcul">
                <table>
                  <caption>Coût et refacturation par service</caption>
                  <thead>
                    <tr>
                      <th scope="col">Service</th>
                      <th scope="col">Coût total</th>
                      <th scope="col">Refacturé</th>
                      <th scope="col">Écart supporté par le prestataire (D5211-16)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.services.map((s) => (
                      <tr>
                        <td>{services.get(s.serviceId)?.name ?? '—'}</td>
                        <td class="num">{formatCents(s.totalCostCents)}</td>
                        <td class="num">{formatCents(s.chargedCents)}</td>
                        <td class="num">{formatCents(s.units.reduce((a, u) => a + u.providerGapCents, 0))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </>
          ) : null}
        </>
      );
      return sendTerritoryPage(request, reply, `${PHASE_LABELS[run.phase]} ${run.year}`, body, status);
    }

    t.post('/refacturation/:annee/:phase/validation', { config: { access: 'charging.run' }, schema: { hide: true, params: RunParams } }, async (request, reply) => {
      const h = here(request);
      h.require('charging.run');
      const run = await runOf(db, request, Number(request.params.annee), request.params.phase);
      try {
        await charging.validateRun(db, h.ctx, run.id, new Date().toISOString());
      } catch (error) {
        const e = formErrorOf(error);
        return showRun(request, reply, run, e, error instanceof UserError ? error.status : 400);
      }
      return reply.redirect(`${h.base}/refacturation/${run.year}/${run.phase}`, 303);
    });

    t.get('/refacturation/:annee/:phase/communes/:insee', { config: { access: 'charging.readStatement' }, schema: { hide: true, params: StatementParams } }, async (request, reply) => {
      const h = here(request);
      const commune = await territory.collectivityByInsee(db, h.ctx, request.params.insee);
      if (!commune) throw new UserError("Cette commune n'existe pas dans le territoire.", 404);
      h.require('charging.readStatement', { collectivityId: commune.id });
      const run = await runOf(db, request, Number(request.params.annee), request.params.phase);
      const s = await charging.participantStatement(db, h.ctx, run.id, commune.id, viewerOf(request));
      const services = new Map((await serviceNames(db, h.ctx)).map((x) => [x.id, x]));
      const path = `${h.base}/refacturation/${run.year}/${run.phase}`;
      const serviceIds = [...new Set(s.statement.map((l) => l.serviceId))];
      const body = (
        <>
          <Breadcrumb trail={[{ href: h.base, label: h.territory.name }, { href: `${h.base}/refacturation?annee=${run.year}`, label: `Refacturation ${run.year}` }, { href: path, label: `${PHASE_LABELS[run.phase]} v${run.version}` }]} />
          <h1>
            État de refacturation {run.year} : {commune.name}
          </h1>
          <p>
            {PHASE_LABELS[run.phase]}, version {run.version} ({RUN_STATUS_LABELS[run.status]}). <a href={`${path}/communes/${commune.inseeCode}/etat.pdf`}>Télécharger l’état (PDF)</a>
            {s.lines.some((l) => l.category === 'units') ? (
              <>
                {' '}
                · <a href={`${path}/communes/${commune.inseeCode}/notification.pdf`}>Notification du coût unitaire (PDF)</a>
              </>
            ) : null}
          </p>
          {serviceIds.map((serviceId) => {
            const lines = s.lines.filter((l) => l.serviceId === serviceId);
            const payments = s.statement.filter((l) => l.serviceId === serviceId);
            return (
              <section class="charging-service">
                <h2>{services.get(serviceId)?.name ?? '—'}</h2>
                <ScrollRegion label={`Détail : ${services.get(serviceId)?.name ?? ''}`}>
                  <table>
                    <caption>Détail des montants, chaque ligne expliquée</caption>
                    <thead>
                      <tr>
                        <th scope="col">Catégorie</th>
                        <th scope="col">Ligne de coût et explication</th>
                        <th scope="col">Montant</th>
                      </tr>
                    </thead>
                    <tbody>
                      {lines.map((l) => (
                        <tr>
                          <td>{BILLING_CATEGORY_LABELS[l.category]}</td>
                          <td>
                            <details>
                              <summary>{l.label}</summary>
                              <p class="charging-chain">
                                Ligne de coût : {formatCents(l.sourceCents)} → règle : {explanationText(l)}
                                {l.explanation.rule === 'driver' ? ` (inducteur « ${driverLabel(l.explanation.driver)} »)` : ''} → {formatCents(l.amountCents)}
                              </p>
                            </details>
                          </td>
                          <td class="num">{formatCents(l.amountCents)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
                <ScrollRegion label={`Paiement : ${services.get(serviceId)?.name ?? ''}`}>
                  <table>
                    <caption>Charge, acomptes et solde</caption>
                    <thead>
                      <tr>
                        <th scope="col">Ligne</th>
                        <th scope="col">Échéance</th>
                        <th scope="col">Mode de paiement</th>
                        <th scope="col">Montant</th>
                      </tr>
                    </thead>
                    <tbody>
                      {payments.map((p) => (
                        <tr>
                          <td>{p.label}</td>
                          <td>{p.dueOn ? p.dueOn.split('-').reverse().join('/') : '—'}</td>
                          <td>{PAYMENT_ROUTE_LABELS[p.paymentRoute]}</td>
                          <td class="num">{formatCents(p.amountCents)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              </section>
            );
          })}
        </>
      );
      return sendTerritoryPage(request, reply, `État ${run.year} ${commune.name}`, body);
    });

    t.get('/refacturation/:annee/:phase/communes/:insee/etat.pdf', { config: { access: 'charging.readStatement' }, schema: { hide: true, params: StatementParams } }, async (request, reply) => {
      const h = here(request);
      const commune = await territory.collectivityByInsee(db, h.ctx, request.params.insee);
      if (!commune) throw new UserError("Cette commune n'existe pas dans le territoire.", 404);
      h.require('charging.readStatement', { collectivityId: commune.id });
      const run = await runOf(db, request, Number(request.params.annee), request.params.phase);
      const doc = await statementPdf(db, h.ctx, h.territory.name, run.id, commune.id, viewerOf(request));
      return sendDocument(reply, { filename: doc.filename, type: 'pdf', bytes: doc.bytes });
    });

    t.get('/refacturation/:annee/:phase/communes/:insee/notification.pdf', { config: { access: 'charging.readStatement' }, schema: { hide: true, params: StatementParams } }, async (request, reply) => {
      const h = here(request);
      const commune = await territory.collectivityByInsee(db, h.ctx, request.params.insee);
      if (!commune) throw new UserError("Cette commune n'existe pas dans le territoire.", 404);
      h.require('charging.readStatement', { collectivityId: commune.id });
      const doc = await notificationLetters(db, h.ctx, h.territory.name, Number(request.params.annee), commune.id).catch((error: unknown) => {
        // No service provision for this commune this year: nothing was notified (a conflict, not a missing page).
        if (error instanceof UserError && error.status === 404) throw new UserError(error.message, 409);
        throw error;
      });
      return sendDocument(reply, { filename: doc.filename, type: 'pdf', bytes: doc.bytes });
    });

    for (const [suffix, type] of [['ecritures.csv', 'csv'], ['synthese.pdf', 'pdf'], ['synthese.xlsx', 'xlsx']] as const) {
      t.get(`/refacturation/:annee/:phase/${suffix}`, { config: { access: 'charging.export' }, schema: { hide: true, params: RunParams } }, async (request, reply) => {
        const h = here(request);
        h.require('charging.export');
        const run = await runOf(db, request, Number(request.params.annee), request.params.phase);
        const doc = type === 'csv' ? await accountingCsvBytes(db, h.ctx, run.id) : type === 'pdf' ? await summaryPdf(db, h.ctx, h.territory.name, run.id) : await summaryXlsx(db, h.ctx, run.id);
        return sendDocument(reply, { filename: doc.filename, type, bytes: doc.bytes });
      });
    }

    t.get('/refacturation/couts', { config: { access: 'charging.manageCosts' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
      const h = here(request);
      h.require('charging.manageCosts');
      return showCosts(request, reply, Number(request.query.annee ?? DEFAULT_YEAR), request.query.nature ?? 'actual', null, null);
    });

    async function showCosts(request: FastifyRequest, reply: FastifyReply, year: number, nature: 'budget' | 'actual', error: FormError | null, notice: string | null, status = 200, lineError: FormError | null = null, typed: Record<string, string> = {}) {
      const h = here(request);
      const lines = await charging.listCostLines(db, h.ctx, year, nature);
      const services = new Map((await serviceNames(db, h.ctx)).map((s) => [s.id, s]));
      const centres = new Map((await charging.listCentres(db, h.ctx, year)).map((c) => [c.id, c]));
      const names = new Map((await territory.listCollectivities(db, h.ctx)).map((c) => [c.id, c]));
      const total = lines.reduce((a, l) => a + l.amountCents, 0);
      const body = (
        <>
          <Breadcrumb trail={[{ href: h.base, label: h.territory.name }, { href: `${h.base}/refacturation?annee=${year}`, label: `Refacturation ${year}` }]} />
          <h1>
            Coûts {nature === 'budget' ? 'budgétés' : 'réalisés'} {year}
          </h1>
          <form method="post" action={`${h.base}/refacturation/couts/import?annee=${year}&nature=${nature}`} enctype="multipart/form-data" class="stacked narrow" aria-label="Importer des coûts">
            <CsrfField />
            <h2>Importer un fichier CSV ou XLSX</h2>
            <p class="hint">Colonnes : service (code), categorie (personnel, fonctionnement, investissement, support, structure), libelle, montant ; facultatives : fonction_support, reference, attribue_a (code INSEE ou SIREN). Tout ou rien : une seule erreur et rien n’est enregistré.</p>
            {notice ? (
              <p class="notice" role="status">
                {notice}
              </p>
            ) : null}
            <Field id="couts-fichier" name="fichier" label="Fichier" type="file" accept=".csv,.xlsx" required error={error} />
            {error && error.field !== 'fichier' ? (
              <p class="error" role="alert">
                {error.message}
              </p>
            ) : null}
            <button type="submit">Importer</button>
          </form>
          <form method="post" action={`${h.base}/refacturation/couts?annee=${year}&nature=${nature}`} class="stacked narrow" aria-label="Saisir une ligne de coût">
            <CsrfField />
            <h2>Saisir une ligne de coût</h2>
            <FormAlert error={lineError} fields={['service', 'categorie', 'libelle', 'montant', 'attribue_a']} />
            <Field id="ligne-service" name="service" label="Service (code)" error={lineError} value={typed.service ?? ''} required />
            <Field id="ligne-categorie" name="categorie" label="Catégorie" error={lineError} hint="personnel, fonctionnement, investissement, support ou structure" value={typed.categorie ?? ''} required />
            <Field id="ligne-libelle" name="libelle" label="Libellé" error={lineError} value={typed.libelle ?? ''} required />
            <Field id="ligne-montant" name="montant" label="Montant (€)" error={lineError} value={typed.montant ?? ''} inputmode="decimal" required />
            <Field id="ligne-attribue" name="attribue_a" label="Attribuée à (code INSEE ou SIREN, facultatif)" error={lineError} value={typed.attribue_a ?? ''} />
            <button type="submit">Enregistrer la ligne</button>
          </form>
          <ScrollRegion label="Lignes de coûts">
            <table>
              <caption>
                {lines.length} lignes de coûts, {formatCents(total)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Service ou fonction support</th>
                  <th scope="col">Catégorie</th>
                  <th scope="col">Libellé</th>
                  <th scope="col">Attribuée à</th>
                  <th scope="col">Montant</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr>
                    <td>{l.serviceId ? (services.get(l.serviceId)?.reference ?? '—') : (centres.get(l.centreId!)?.name ?? '—')}</td>
                    <td>{COST_CATEGORY_LABELS[l.category]}</td>
                    <td>{l.label}</td>
                    <td>{l.attributedTo ? (names.get(l.attributedTo)?.name ?? '—') : '—'}</td>
                    <td class="num">{formatCents(l.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      );
      return sendTerritoryPage(request, reply, `Coûts ${year}`, body, status);
    }

    t.post(
      '/refacturation/couts',
      {
        config: { access: 'charging.manageCosts' },
        schema: {
          hide: true,
          querystring: YearQuery,
          body: Type.Object({
            _csrf: Type.Optional(Type.String()),
            service: Type.String({ maxLength: 40 }),
            categorie: Type.String({ maxLength: 60 }),
            libelle: Type.String({ maxLength: 300 }),
            montant: Type.String({ maxLength: 30 }),
            attribue_a: Type.Optional(Type.String({ maxLength: 14 })),
          }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('charging.manageCosts');
        const year = Number(request.query.annee ?? DEFAULT_YEAR);
        const nature = request.query.nature ?? 'actual';
        const { _csrf: _token, ...typed } = request.body;
        try {
          await charging.addCostLine(db, h.ctx, year, nature, { ...typed, attribue_a: typed.attribue_a ?? '' });
        } catch (error) {
          const e = formErrorOf(error);
          return showCosts(request, reply, year, nature, null, null, error instanceof UserError ? error.status : 400, e, typed);
        }
        return reply.redirect(`${h.base}/refacturation/couts?annee=${year}&nature=${nature}`, 303);
      },
    );

    t.post('/refacturation/couts/import', { config: { access: 'charging.manageCosts' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
      const h = here(request);
      h.require('charging.manageCosts');
      const year = Number(request.query.annee ?? DEFAULT_YEAR);
      const nature = request.query.nature ?? 'actual';
      try {
        const file = (request.body as Record<string, unknown> | undefined)?.fichier as MultipartFile | undefined;
        if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) throw new UserError('Choisissez un fichier CSV ou XLSX à importer.', 400, 'fichier');
        const rows = await charging.importCostLines(db, h.ctx, year, nature, await file.toBuffer());
        return showCosts(request, reply, year, nature, null, `${rows.length} ligne(s) de coûts importée(s).`);
      } catch (error) {
        if (error instanceof ImportError) return showCosts(request, reply, year, nature, { message: `Import refusé, rien n'a été enregistré.\n${describeProblems(error.problems.slice(0, 50)).join('\n')}`, field: 'fichier' }, null, 422);
        const e = formErrorOf(error);
        return showCosts(request, reply, year, nature, e, null, error instanceof UserError ? error.status : 400);
      }
    });

    t.get('/refacturation/inducteurs', { config: { access: 'charging.manageCosts' }, schema: { hide: true, querystring: YearQuery } }, async (request, reply) => {
      const h = here(request);
      h.require('charging.manageCosts');
      const year = Number(request.query.annee ?? DEFAULT_YEAR);
      const drivers = await charging.listDrivers(db, h.ctx, year);
      const names = new Map((await territory.listCollectivities(db, h.ctx)).map((c) => [c.id, c]));
      const body = (
        <>
          <Breadcrumb trail={[{ href: h.base, label: h.territory.name }, { href: `${h.base}/refacturation?annee=${year}`, label: `Refacturation ${year}` }]} />
          <h1>Inducteurs {year}</h1>
          <p>La population municipale vient des données officielles du territoire ; une valeur saisie la remplace.</p>
          <ScrollRegion label="Valeurs des inducteurs">
            <table>
              <caption>Valeurs saisies ou importées</caption>
              <thead>
                <tr>
                  <th scope="col">Collectivité</th>
                  <th scope="col">Inducteur</th>
                  <th scope="col">Valeur</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {drivers.values.map((d) => (
                  <tr>
                    <td>{names.get(d.collectivityId)?.name ?? '—'}</td>
                    <td>{driverLabel(d.driver)}</td>
                    <td class="num">{d.value.replace('.', ',')}</td>
                    <td>{d.source ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p>{drivers.populations.size} communes ont une population officielle utilisable pour l’inducteur « population ».</p>
        </>
      );
      return sendTerritoryPage(request, reply, `Inducteurs ${year}`, body);
    });
  });
}
