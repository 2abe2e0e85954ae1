import { Type } from '@sinclair/typebox';
import { ScrollRegion } from '../platform/http/layout.tsx';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { UserError } from '../platform/http/errors.ts';
import { formatDate } from '../platform/format.ts';
import { COLLECTIVITY_KIND_LABELS, COLLECTIVITY_KINDS, EPCI_NATURE_LABELS, EPCI_NATURES, POPULATION_COLUMNS, type Collectivity } from './model.ts';
import * as territory from './service.ts';
import type { NatureRow } from './store.ts';

const ADDABLE_KINDS = COLLECTIVITY_KINDS.filter((k) => k !== 'epci' && k !== 'commune');

/** The collectivities' register (all bodies taking part in pooling), the EPCI's legal nature over time, population imports. */
export function registerPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Collectivités', path: '/collectivites', action: 'collectivity.read' });

  const showRegister = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Record<string, string> = {}, form = '') => {
    const h = here(request);
    const [all, natures] = await Promise.all([territory.listCollectivities(db, h.ctx), territory.listEpciNatures(db, h.ctx)]);
    return sendTerritoryPage(
      request,
      reply,
      'Collectivités',
      <RegisterPage all={all} natures={natures} base={h.base} canEdit={h.can('collectivity.edit')} canImport={h.can('population.import')} error={error} values={values} form={form} />,
      error ? (error.field ? 400 : 422) : 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/collectivites', { config: { access: 'collectivity.read' }, schema: { hide: true } }, async (request, reply) => {
      here(request).require('collectivity.read');
      return showRegister(request, reply);
    });

    t.post(
      '/collectivites',
      {
        config: { access: 'collectivity.edit' },
        schema: {
          hide: true,
          body: Type.Object({
            kind: Type.String({ maxLength: 40 }),
            name: Type.String({ maxLength: 300 }),
            siren: Type.Optional(Type.String({ maxLength: 20 })),
            siret: Type.Optional(Type.String({ maxLength: 30 })),
            postalCode: Type.Optional(Type.String({ maxLength: 10 })),
            _csrf: Type.Optional(Type.String()),
          }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('collectivity.edit');
        try {
          await territory.addCollectivity(db, h.ctx, request.body);
        } catch (error) {
          return showRegister(request, reply, formErrorOf(error), request.body, 'ajout');
        }
        return reply.redirect(`${h.base}/collectivites`, 303);
      },
    );

    t.post(
      '/collectivites/:id/siret',
      { config: { access: 'collectivity.edit' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), id: Type.String({ format: 'uuid' }) }), body: Type.Object({ siret: Type.String({ maxLength: 30 }), _csrf: Type.Optional(Type.String()) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('collectivity.edit');
        try {
          await territory.setSiret(db, h.ctx, request.params.id, request.body.siret);
        } catch (error) {
          return showRegister(request, reply, formErrorOf(error), { [`siret-${request.params.id}`]: request.body.siret }, `siret-${request.params.id}`);
        }
        return reply.redirect(`${h.base}/collectivites`, 303);
      },
    );

    t.post(
      '/collectivites/nature',
      {
        config: { access: 'territory.edit' },
        schema: {
          hide: true,
          body: Type.Object({ nature: Type.String({ maxLength: 10 }), fundingMode: Type.String({ maxLength: 10 }), validFrom: Type.String({ maxLength: 20 }), _csrf: Type.Optional(Type.String()) }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('territory.edit');
        try {
          await territory.changeEpciNature(db, h.ctx, request.body);
        } catch (error) {
          return showRegister(request, reply, formErrorOf(error), request.body, 'nature');
        }
        return reply.redirect(`${h.base}/collectivites`, 303);
      },
    );

    t.post('/populations', { config: { access: 'population.import' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('population.import');
      let text: string;
      let name: string;
      try {
        // Multipart fields are attached to the body (so CSRF is checked before this handler).
        const file = (request.body as Record<string, unknown> | undefined)?.fichier as MultipartFile | undefined;
        if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) {
          throw new UserError('Choisissez un fichier CSV à importer.', 400, 'fichier');
        }
        name = file.filename;
        text = new TextDecoder('utf-8', { fatal: true }).decode(await file.toBuffer());
      } catch (error) {
        if (error instanceof TypeError) return showRegister(request, reply, { message: "Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 ».", field: 'fichier' }, {}, 'import');
        if (error instanceof UserError) return showRegister(request, reply, formErrorOf(error), {}, 'import');
        throw error;
      }
      try {
        const result = await territory.importPopulations(db, h.ctx, text, `import ${name}`);
        return showRegister(request, reply, null, { importResult: `${result.created} population(s) ajoutée(s), ${result.updated} modifiée(s), ${result.unchanged} inchangée(s).` }, 'import');
      } catch (error) {
        if (error instanceof territory.ImportError) {
          const message = error.problems.slice(0, 50).map((p) => `Ligne ${p.line}, colonne « ${p.column} » : ${p.message}`).join('\n');
          return showRegister(request, reply, { message: `Import refusé, rien n'a été enregistré.\n${message}`, field: 'fichier' }, {}, 'import');
        }
        return showRegister(request, reply, formErrorOf(error), {}, 'import');
      }
    });
  });
}

function RegisterPage(props: {
  all: Collectivity[];
  natures: NatureRow[];
  base: string;
  canEdit: boolean;
  canImport: boolean;
  error: FormError | null;
  values: Record<string, string>;
  form: string;
}) {
  const others = props.all.filter((c) => c.kind !== 'commune');
  const errorFor = (form: string) => (props.form === form ? props.error : null);
  return (
    <section>
      <h1>Collectivités du territoire</h1>
      <p>
        Les communes membres viennent des données officielles (<a href={`${props.base}/communes`}>liste des communes</a>). Ce registre recense aussi les autres
        organismes qui participent à la mutualisation : CCAS, syndicats, établissements publics, autres EPCI.
      </p>
      <ScrollRegion label="Organismes hors communes membres">
        <table>
          <caption>{`${others.length} organisme(s) hors communes membres`}</caption>
          <thead>
            <tr>
              <th scope="col">Nature</th>
              <th scope="col">Nom</th>
              <th scope="col">SIREN</th>
              <th scope="col">SIRET du siège</th>
            </tr>
          </thead>
          <tbody>
            {others.map((c) => (
              <tr>
                <td>{COLLECTIVITY_KIND_LABELS[c.kind]}</td>
                <td>{c.name}</td>
                <td>{c.siren ?? '—'}</td>
                <td>
                  {props.canEdit ? (
                    <form method="post" action={`${props.base}/collectivites/${c.id}/siret`} class="inline">
                      <CsrfField />
                      <Field
                        id={`siret-${c.id}`}
                        name="siret"
                        label={`SIRET de ${c.name}`}
                        value={props.values[`siret-${c.id}`] ?? c.siret ?? ''}
                        inputmode="numeric"
                        error={errorFor(`siret-${c.id}`)}
                      />
                      <button type="submit">Enregistrer</button>
                    </form>
                  ) : (
                    (c.siret ?? '—')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h2>Nature juridique de l'EPCI</h2>
      <ScrollRegion label="Natures successives de l'EPCI">
      <table>
        <caption>Natures successives (effet daté)</caption>
        <thead>
          <tr>
            <th scope="col">Nature</th>
            <th scope="col">Régime fiscal</th>
            <th scope="col">Du</th>
            <th scope="col">Au</th>
          </tr>
        </thead>
        <tbody>
          {props.natures.map((n) => (
            <tr>
              <td>{EPCI_NATURE_LABELS[n.nature] ?? n.nature}</td>
              <td>{n.fundingMode}</td>
              <td>{formatDate(n.validFrom)}</td>
              <td>{n.validTo ? formatDate(n.validTo) : 'en vigueur'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollRegion>

      {props.canEdit ? (
        <>
          <h2>Changer de nature juridique</h2>
          <form method="post" action={`${props.base}/collectivites/nature`} class="stacked narrow">
            <CsrfField />
            <FormAlert error={errorFor('nature')} fields={['nature', 'fundingMode', 'validFrom']} />
            <Field id="nature" name="nature" label="Nouvelle nature" error={errorFor('nature')}>
              <select id="nature" name="nature">
                {EPCI_NATURES.map((n) => (
                  <option value={n} selected={props.values.nature === n}>
                    {EPCI_NATURE_LABELS[n]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="fundingMode" name="fundingMode" label="Régime fiscal" error={errorFor('nature')}>
              <select id="fundingMode" name="fundingMode">
                <option value="FPU">Fiscalité professionnelle unique (FPU)</option>
                <option value="FA" selected={props.values.fundingMode === 'FA'}>
                  Fiscalité additionnelle (FA)
                </option>
              </select>
            </Field>
            <Field id="validFrom" name="validFrom" label="Date d'effet" type="date" required value={props.values.validFrom ?? ''} error={errorFor('nature')} />
            <button type="submit">Enregistrer le changement</button>
          </form>

          <h2>Ajouter un organisme</h2>
          <form method="post" action={`${props.base}/collectivites`} class="stacked narrow">
            <CsrfField />
            <FormAlert error={errorFor('ajout')} fields={['kind', 'name', 'siren', 'siret', 'postalCode']} />
            <Field id="kind" name="kind" label="Nature" error={errorFor('ajout')}>
              <select id="kind" name="kind">
                {ADDABLE_KINDS.map((k) => (
                  <option value={k} selected={props.values.kind === k}>
                    {COLLECTIVITY_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="name" name="name" label="Nom" required value={props.values.name ?? ''} error={errorFor('ajout')} />
            <Field id="siren" name="siren" label="SIREN (9 chiffres)" inputmode="numeric" value={props.values.siren ?? ''} error={errorFor('ajout')} />
            <Field
              id="siret"
              name="siret"
              label="SIRET du siège (14 chiffres)"
              hint="Obligatoire pour un organisme extérieur au territoire."
              inputmode="numeric"
              value={props.values.siret ?? ''}
              error={errorFor('ajout')}
            />
            <Field id="postalCode" name="postalCode" label="Code postal" inputmode="numeric" value={props.values.postalCode ?? ''} error={errorFor('ajout')} />
            <button type="submit">Ajouter</button>
          </form>
        </>
      ) : null}

      {props.canImport ? (
        <>
          <h2>Importer des populations</h2>
          <p>
            Fichier CSV (séparateur point-virgule ou virgule, UTF-8) avec les colonnes <code>{POPULATION_COLUMNS.join(' ; ')}</code>. Le type vaut{' '}
            <code>municipale</code>, <code>totale</code> ou <code>dgf</code>. L'import est tout ou rien : au moindre défaut, rien n'est enregistré et chaque erreur
            est indiquée avec sa ligne et sa colonne.
          </p>
          {props.form === 'import' && props.values.importResult ? (
            <p class="notice" role="status">
              {props.values.importResult}
            </p>
          ) : null}
          <form method="post" action={`${props.base}/populations`} enctype="multipart/form-data" class="stacked narrow">
            <CsrfField />
            <Field id="fichier" name="fichier" label="Fichier CSV" type="file" accept=".csv,text/csv" required error={errorFor('import')} />
            <button type="submit">Importer</button>
          </form>
        </>
      ) : null}
    </section>
  );
}
