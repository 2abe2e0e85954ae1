import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage, type Here } from '../../access/guard.tsx';
import { CsrfField, Field, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb } from '../../platform/http/layout.tsx';
import { parisToday } from '../../platform/clock.ts';
import * as catalogue from '../service.ts';
import { day, FormBody, text, type Form } from './ui.tsx';

const Params = Type.Object({ siren: Type.String(), subscriptionId: Type.String({ format: 'uuid' }) });

/** The pooling team's requests to approve or refuse (with the reason the commune will read). */
export function requestPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, failed: { id: string; error: FormError; values: Form } | null = null, done: string | null = null) => {
    const h = here(request);
    h.require('catalogue.manage');
    const today = parisToday();
    const requests = await catalogue.listRequests(db, h.ctx, today);
    const status = failed ? (failed.error.field ? 400 : 409) : 200;
    return sendTerritoryPage(request, reply, "Demandes d'adhésion", <RequestsPage h={h} requests={requests} today={today} failed={failed} done={done} />, status);
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/catalogue/demandes', { config: { access: 'catalogue.manage' }, schema: { hide: true, querystring: Type.Object({ fait: Type.Optional(Type.String({ maxLength: 20 })) }) } }, (request, reply) => show(request, reply, null, request.query.fait ?? null));

    const decide = (path: string, done: string, run: (h: Here, id: string, b: Form) => Promise<unknown>) =>
      t.post(`/catalogue/demandes/:subscriptionId/${path}`, { config: { access: 'catalogue.manage' }, schema: { hide: true, params: Params, body: FormBody } }, async (request, reply) => {
        const h = here(request);
        h.require('catalogue.manage');
        const b = request.body as Form;
        try {
          await run(h, request.params.subscriptionId, b);
        } catch (error) {
          const formError = formErrorOf(error);
          if (formError.field === 'subscriptionId' || (error as { status?: number }).status === 404) return show(request, reply, { id: request.params.subscriptionId, error: { message: formError.message }, values: b });
          return show(request, reply, { id: request.params.subscriptionId, error: formError, values: b });
        }
        return reply.redirect(`${h.base}/catalogue/demandes?fait=${done}`, 303);
      });
    decide('acceptation', 'acceptee', (h, id, b) => catalogue.approveSubscription(db, h.ctx, id, { startsOn: text(b, 'startsOn'), endsOn: text(b, 'endsOn') || null }, parisToday()));
    decide('refus', 'refusee', (h, id, b) => catalogue.refuseSubscription(db, h.ctx, id, text(b, 'reason'), parisToday()));
  });
}

function RequestsPage(props: { h: Here; requests: readonly catalogue.RequestRow[]; today: string; failed: { id: string; error: FormError; values: Form } | null; done: string | null }) {
  const { h } = props;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${h.base}/catalogue`, label: 'Catalogue de services' }]} />
      <h1>Demandes d'adhésion</h1>
      {props.done ? (
        <p class="notice" role="status">
          {props.done === 'acceptee' ? 'Demande acceptée : l’adhésion compte dans les indicateurs à partir de sa date de début.' : 'Demande refusée : la commune lit le motif sur son portail.'}
        </p>
      ) : null}
      {props.requests.length === 0 ? <p>Aucune demande en attente.</p> : <p>{`${props.requests.length} demande(s) en attente, la plus ancienne d'abord. L'éligibilité est vérifiée à nouveau au moment de l'acceptation.`}</p>}
      {props.requests.map((r) => {
        const failed = props.failed?.id === r.subscription.id ? props.failed : null;
        const value = (name: string, fallback: string) => (failed ? text(failed.values, name) : fallback);
        const key = r.subscription.id.slice(-8);
        return (
          <article class="catalogue-request" aria-labelledby={`demande-${key}`}>
            <h2 id={`demande-${key}`}>{`${r.collectivity.name} : ${r.offer.title}`}</h2>
            <p class="meta">{`Demandée le ${day(r.subscription.requestedOn)}.${r.subscription.requestNote ? ` Commentaire : ${r.subscription.requestNote}` : ''}`}</p>
            <p class={r.verdict.eligible ? undefined : 'warning'}>{r.verdict.reason}</p>
            {failed && !failed.error.field ? (
              <p class="error" role="alert">
                {failed.error.message}
              </p>
            ) : null}
            <div class="forms">
              <form method="post" action={`${h.base}/catalogue/demandes/${r.subscription.id}/acceptation`} class="stacked" aria-label={`Accepter la demande de ${r.collectivity.name}`}>
                <CsrfField />
                <h3>Accepter</h3>
                <Field id={`debut-${key}`} name="startsOn" label="Début de l’adhésion" type="date" required value={value('startsOn', props.today)} error={failed?.error} />
                <Field id={`fin-${key}`} name="endsOn" label="Fin de l’adhésion (facultatif)" type="date" value={value('endsOn', '')} error={failed?.error} />
                <button type="submit">Accepter la demande</button>
              </form>
              <form method="post" action={`${h.base}/catalogue/demandes/${r.subscription.id}/refus`} class="stacked" aria-label={`Refuser la demande de ${r.collectivity.name}`}>
                <CsrfField />
                <h3>Refuser</h3>
                <Field id={`motif-${key}`} name="reason" label="Motif du refus (lu par la commune)" value={value('reason', r.verdict.eligible ? '' : r.verdict.reason)} error={failed?.error} />
                <button type="submit" class="secondary">
                  Refuser la demande
                </button>
              </form>
            </div>
          </article>
        );
      })}
    </section>
  );
}
