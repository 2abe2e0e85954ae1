import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { UserError } from '../../platform/http/errors.ts';
import { parisToday } from '../../platform/clock.ts';
import { sendDocument } from '../../platform/documents/http.ts';
import * as territory from '../../territory/service.ts';
import { DecpImportError, exportDecp, importDecp, type DecpExport } from '../decp-service.ts';
import { describeDecpProblem } from '../decp/import.ts';
import { PUBLICATION_THRESHOLDS } from '../model.ts';
import { day, money, plural } from './ui.tsx';

const Query = Type.Object({ annee: Type.Optional(Type.String({ pattern: '^\\d{4}$' })), acheteur: Type.Optional(Type.String({ pattern: '^(\\d{14})?$' })) });

/** The essential data (DECP v2): what each buyer must publish for a year, as the official JSON; and the import of past files. */
export function decpPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, message: { error?: FormError; done?: string } = {}) => {
    const h = here(request);
    const q = request.query as { annee?: string; acheteur?: string };
    const year = Number(q.annee ?? Number(parisToday().slice(0, 4)) - 1);
    const [result, register] = await Promise.all([exportDecp(db, h.ctx, { year, buyerSiret: q.acheteur || null, today: parisToday() }), territory.listCollectivities(db, h.ctx)]);
    const buyers = register.filter((c) => c.siret && ['epci', 'commune', 'ccas', 'syndicate'].includes(c.kind)).map((c) => ({ siret: c.siret!, name: c.name }));
    return sendTerritoryPage(request, reply, 'Données essentielles des marchés (DECP)', <DecpPage base={h.base} year={year} buyer={q.acheteur ?? ''} buyers={buyers} result={result} canImport={h.can('procurement.manage')} message={message} />, message.error ? 422 : 200);
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/achats/decp', { config: { access: 'procurement.export' }, schema: { hide: true, querystring: Query } }, async (request, reply) => {
      here(request).require('procurement.export');
      return show(request, reply);
    });

    t.get('/achats/decp.json', { config: { access: 'procurement.export' }, schema: { hide: true, querystring: Query } }, async (request, reply) => {
      const h = here(request);
      h.require('procurement.export');
      const year = Number(request.query.annee ?? Number(parisToday().slice(0, 4)) - 1);
      const result = await exportDecp(db, h.ctx, { year, buyerSiret: request.query.acheteur || null, today: parisToday() });
      const bytes = new TextEncoder().encode(JSON.stringify(result.document, null, 2) + '\n');
      return sendDocument(reply, { filename: `decp-${year}${request.query.acheteur ? `-${request.query.acheteur}` : ''}.json`, type: 'json', bytes });
    });

    t.post('/achats/decp/import', { config: { access: 'procurement.manage' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('procurement.manage');
      try {
        const file = (request.body as Record<string, unknown> | undefined)?.fichier as MultipartFile | undefined;
        if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) throw new UserError('Choisissez un fichier JSON au format DECP 2.0.3.', 400, 'fichier');
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(await file.toBuffer());
        } catch {
          throw new UserError("Le fichier n'est pas encodé en UTF-8.", 400, 'fichier');
        }
        const result = await importDecp(db, h.ctx, text, `DECP ${file.filename}`);
        const notes = result.notices.length ? `\n${plural(result.notices.length, 'remarque', 'remarques')} (repris tel que publié) :\n${result.notices.slice(0, 20).map(describeDecpProblem).join('\n')}` : '';
        return show(request, reply, { done: `${plural(result.created, 'marché importé', 'marchés importés')}, dont ${result.linked} rattaché(s) à un acheteur du registre.${notes}` });
      } catch (error) {
        if (error instanceof DecpImportError) return show(request, reply, { error: { message: `Import refusé, rien n'a été enregistré.\n${error.problems.slice(0, 50).map(describeDecpProblem).join('\n')}`, field: 'fichier' } });
        return show(request, reply, { error: formErrorOf(error) });
      }
    });
  });
}

function DecpPage(props: { base: string; year: number; buyer: string; buyers: { siret: string; name: string }[]; result: DecpExport; canImport: boolean; message: { error?: FormError; done?: string } }) {
  const r = props.result;
  const query = `annee=${props.year}${props.buyer ? `&acheteur=${props.buyer}` : ''}`;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/achats`, label: 'Groupements de commandes' }, { href: `${props.base}/achats/marches`, label: 'Marchés' }]} />
      <h1>Données essentielles des marchés (DECP)</h1>
      <p class="prose">
        Chaque acheteur publie les données essentielles des marchés qu'il signe : le coordonnateur quand il signe pour tous les membres d'un groupement (les membres n'y figurent pas), chaque membre sinon. Les marchés sous le seuil en vigueur à
        leur notification ne sont pas publiés : {PUBLICATION_THRESHOLDS.filter((t) => t.thresholdCents !== null).map((t) => `${money(t.thresholdCents!)} HT à partir du ${day(t.from)}`).join(', ')}.
      </p>
      <form method="get" action={`${props.base}/achats/decp`} class="inline" aria-label="Année et acheteur">
        <Field id="annee" name="annee" label="Année de notification" inputmode="numeric" value={String(props.year)} />
        <Field id="acheteur" name="acheteur" label="Acheteur">
          <select id="acheteur" name="acheteur">
            <option value="">Tous les acheteurs du territoire</option>
            {props.buyers.map((b) => (
              <option value={b.siret} selected={b.siret === props.buyer}>{`${b.name} (${b.siret})`}</option>
            ))}
          </select>
        </Field>
        <button type="submit">Afficher</button>
      </form>
      <p class="downloads">
        <a href={`${props.base}/achats/decp.json?${query}`}>{`Télécharger le fichier DECP ${props.year} (JSON, ${plural(r.included.length, 'marché', 'marchés')})`}</a>
      </p>
      <ScrollRegion label="Marchés publiés">
        <table>
          <caption>{`${plural(r.included.length, 'marché publié', 'marchés publiés')}, ${plural(r.excluded.length, 'non publié', 'non publiés')} en ${props.year}`}</caption>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Objet</th>
              <th scope="col">Acheteur (SIRET)</th>
              <th scope="col" class="num">Montant HT</th>
              <th scope="col">Publication</th>
            </tr>
          </thead>
          <tbody>
            {[...r.included.map((c) => ({ c, reason: null as string | null })), ...r.excluded.map((e) => ({ c: e.contract, reason: e.reason }))].map(({ c, reason }) => (
              <tr>
                <td class="nowrap">
                  <a href={`${props.base}/achats/marches/${c.id}`}>{c.reference}</a>
                </td>
                <td>{c.object}</td>
                <td>{c.buyerSiret}</td>
                <td class="num">{money(c.amountCents)}</td>
                <td>{reason ? `non publié : ${reason}` : 'publié'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {props.canImport ? (
        <>
          <h2 id="import">Importer des données essentielles</h2>
          <p class="prose">Un fichier JSON au format DECP 2.0.3 (celui que publie un acheteur) : il est vérifié contre le schéma officiel, puis chargé en entier ou pas du tout ; chaque erreur indique sa ligne, son marché et son champ.</p>
          {props.message.done ? (
            <p class="notice" role="status">
              {props.message.done}
            </p>
          ) : null}
          <form method="post" action={`${props.base}/achats/decp/import`} enctype="multipart/form-data" class="stacked narrow" aria-label="Importer des données essentielles">
            <CsrfField />
            <FormAlert error={props.message.error ?? null} fields={['fichier']} />
            <Field id="fichier" name="fichier" label="Fichier DECP (JSON)" type="file" accept=".json,application/json" required error={props.message.error ?? null} />
            <button type="submit">Importer</button>
          </form>
        </>
      ) : null}
    </section>
  );
}
