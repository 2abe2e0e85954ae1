import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage, type Here } from '../../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { UserError } from '../../platform/http/errors.ts';
import { formatInteger } from '../../platform/format.ts';
import { parisToday } from '../../platform/clock.ts';
import * as territory from '../../territory/service.ts';
import type { Collectivity } from '../../territory/model.ts';
import * as catalogue from '../service.ts';
import { describeEligibility, DOMAIN_LABELS, DOMAINS, OFFER_KIND_LABELS, OFFER_KINDS, OFFER_STATUS_LABELS, PRICING_LABELS, PRICINGS, THEME_LABELS, THEMES, type EligibilityRule } from '../model.ts';
import { FormBody, launchOf, text, type Form } from './ui.tsx';

const FIELDS = ['code', 'title', 'description', 'kind', 'domain', 'providerId', 'providerService', 'launchedOn', 'pricing', 'allocationKey', 'theme', 'eligibility', 'contact'];

/** Offer management: the offers with their figures, and the form that adds one (eligibility as data). */
export function managePages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Form | null = null) => {
    const h = here(request);
    h.require('catalogue.manage');
    const cards = await catalogue.listCatalogue(db, h.ctx, {}, parisToday());
    const register = (await territory.listCollectivities(db, h.ctx)).filter((c) => c.kind === 'epci' || c.kind === 'commune').sort((a, b) => (a.kind === 'epci' ? -1 : b.kind === 'epci' ? 1 : a.name.localeCompare(b.name, 'fr')));
    const created = !error && (request.query as { creee?: string } | undefined)?.creee === '1';
    return sendTerritoryPage(request, reply, 'Gestion des offres', <ManagePage h={h} cards={cards} register={register} error={error} values={values} created={created} />, error ? (error.field === 'code' && /déjà/.test(error.message) ? 409 : 400) : 200);
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/catalogue/gestion', { config: { access: 'catalogue.manage' }, schema: { hide: true } }, (request, reply) => show(request, reply));
    t.post('/catalogue/offres', { config: { access: 'catalogue.manage' }, schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const h = here(request);
      h.require('catalogue.manage');
      const b = request.body as Form;
      try {
        const rule = text(b, 'eligibility');
        const threshold = text(b, 'threshold');
        const eligibility: EligibilityRule[] = [];
        if (rule === 'populationBelow' || rule === 'populationAtLeast') {
          if (!/^\d{1,8}$/.test(threshold)) throw new UserError('Le champ « seuil de population » doit être un nombre entier d’habitants.', 400, 'threshold');
          eligibility.push({ kind: rule, threshold: Number(threshold) });
        } else if (rule === 'list') {
          eligibility.push({ kind: 'list', inseeCodes: text(b, 'threshold').split(/[\s,;]+/).filter(Boolean) });
        } else if (rule !== 'all') throw new UserError('Le champ « éligibilité » a une valeur inconnue.', 400, 'eligibility');
        await catalogue.createOffer(db, h.ctx, {
          code: text(b, 'code'),
          title: text(b, 'title'),
          description: text(b, 'description'),
          kind: text(b, 'kind'),
          domain: text(b, 'domain'),
          providerId: text(b, 'providerId'),
          providerService: text(b, 'providerService') || null,
          launchedOn: text(b, 'launchedOn') || null,
          pricing: text(b, 'pricing') || 'free',
          allocationKey: text(b, 'allocationKey') || null,
          theme: text(b, 'theme') || null,
          contact: text(b, 'contact') || null,
          eligibility,
        });
      } catch (error) {
        return show(request, reply, formErrorOf(error), b);
      }
      return reply.redirect(`${h.base}/catalogue/gestion?creee=1`, 303);
    });
  });
}

function ManagePage(props: { h: Here; cards: readonly catalogue.CatalogueCard[]; register: readonly Collectivity[]; error: FormError | null; values: Form | null; created: boolean }) {
  const { h, error } = props;
  const v = (name: string, fallback = '') => (props.values ? text(props.values, name) : fallback);
  const select = (id: string, label: string, options: readonly (readonly [string, string])[], fallback: string) => (
    <Field id={id} name={id} label={label} error={error}>
      <select id={id} name={id} aria-invalid={error?.field === id ? 'true' : undefined} aria-describedby={error?.field === id ? `${id}-erreur` : undefined}>
        {options.map(([value, labelText]) => (
          <option value={value} selected={v(id, fallback) === value}>
            {labelText}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <section>
      <Breadcrumb trail={[{ href: `${h.base}/catalogue`, label: 'Catalogue de services' }]} />
      <h1>Gestion des offres</h1>
      {props.created ? (
        <p class="notice" role="status">
          Offre ajoutée au catalogue.
        </p>
      ) : null}
      <ScrollRegion label="Offres du catalogue">
        <table>
          <caption>{`Offres du catalogue : ${formatInteger(props.cards.length)}`}</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Offre</th>
              <th scope="col">Nature</th>
              <th scope="col">Statut</th>
              <th scope="col">Mise en service</th>
              <th scope="col">Éligibilité</th>
              <th scope="col">Tarification</th>
              <th scope="col" class="num">
                Communes adhérentes
              </th>
            </tr>
          </thead>
          <tbody>
            {props.cards.map((c) => (
              <tr>
                <td>{c.offer.code}</td>
                <td>
                  <a href={`${h.base}/catalogue/offres/${c.offer.id}`}>{c.offer.title}</a>
                </td>
                <td>{OFFER_KIND_LABELS[c.offer.kind]}</td>
                <td>{OFFER_STATUS_LABELS[c.offer.status]}</td>
                <td>{launchOf(c.offer) ?? '—'}</td>
                <td>{describeEligibility(c.offer.eligibility)}</td>
                <td>{c.offer.allocationKey ? `${PRICING_LABELS.charged} : ${c.offer.allocationKey}` : PRICING_LABELS[c.offer.pricing]}</td>
                <td class="num">{formatInteger(c.activeCommunes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>Ajouter une offre</h2>
      <form method="post" action={`${h.base}/catalogue/offres`} class="stacked prose" aria-label="Ajouter une offre">
        <CsrfField />
        <FormAlert error={error} fields={[...FIELDS, 'threshold']} />
        <Field id="code" name="code" label="Code (minuscules et tirets, ex. sig)" required value={v('code')} error={error} />
        <Field id="title" name="title" label="Intitulé" required value={v('title')} error={error} />
        <Field id="description" name="description" label="Description" error={error}>
          <textarea id="description" name="description" rows={4} required aria-invalid={error?.field === 'description' ? 'true' : undefined} aria-describedby={error?.field === 'description' ? 'description-erreur' : undefined}>
            {v('description')}
          </textarea>
        </Field>
        {select('kind', 'Nature de l’offre', OFFER_KINDS.map((k) => [k, OFFER_KIND_LABELS[k]] as const), 'service')}
        {select('domain', 'Domaine', DOMAINS.map((d) => [d, DOMAIN_LABELS[d]] as const), 'digital')}
        {select('providerId', 'Fournisseur', props.register.map((c) => [c.id, c.name] as const), props.register[0]?.id ?? '')}
        <Field id="providerService" name="providerService" label="Service commun qui la porte (facultatif)" value={v('providerService')} error={error} />
        <Field id="launchedOn" name="launchedOn" label="Mise en service (AAAA, AAAA-MM ou AAAA-MM-JJ, facultatif)" value={v('launchedOn')} error={error} />
        {select('eligibility', 'Éligibilité', [['all', 'Toutes les communes membres'], ['populationBelow', 'Communes de moins de … habitants'], ['populationAtLeast', 'Communes d’au moins … habitants'], ['list', 'Liste de communes (codes INSEE)']], 'all')}
        <Field id="threshold" name="threshold" label="Seuil de population, ou codes INSEE de la liste" hint="Pour un seuil : un nombre d'habitants (2000). Pour une liste : les codes INSEE séparés par des virgules." value={v('threshold')} error={error} />
        {select('pricing', 'Tarification', PRICINGS.map((p) => [p, PRICING_LABELS[p]] as const), 'free')}
        <Field id="allocationKey" name="allocationKey" label="Clé de répartition (si refacturée)" value={v('allocationKey')} error={error} />
        {select('theme', 'Thème des référents (pour un réseau)', [['', 'Aucun'], ...THEMES.map((t) => [t, THEME_LABELS[t]] as const)], '')}
        <Field id="contact" name="contact" label="Contact (facultatif)" value={v('contact')} error={error} />
        <button type="submit">Ajouter l'offre</button>
      </form>
    </section>
  );
}
