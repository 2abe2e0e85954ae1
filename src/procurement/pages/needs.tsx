import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb } from '../../platform/http/layout.tsx';
import { NotFoundError, UserError } from '../../platform/http/errors.ts';
import { formatCents } from '../../platform/format.ts';
import { needsOpen, type GroupMember } from '../model.ts';
import * as procurement from '../service.ts';
import { groupDetail, type GroupDetail } from '../view-service.ts';
import { communeGate, viewerOf } from '../viewer.ts';
import { day, eurosField, formatQuantity, quantityField } from './ui.tsx';


const Params = Type.Object({ siren: Type.String(), groupId: Type.String({ format: 'uuid' }), insee: Type.String({ maxLength: 5 }) });
const BodyParams = Type.Object({ siren: Type.String(), groupId: Type.String({ format: 'uuid' }), memberId: Type.String({ format: 'uuid' }) });
const Body = Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 600 }), { maxProperties: 200 });

/** Where a member's needs form lives: communes by their INSEE code, other bodies (the EPCI, an outside body) by member. */
export function needsPath(base: string, groupId: string, member: GroupMember): string {
  return `${base}/achats/groupements/${groupId}/${member.inseeCode ? `besoins/${member.inseeCode}` : `besoins-organismes/${member.id}`}`;
}

/**
 * The needs form of one member: a commune user fills in its own commune's; the coordinator's team (procurement.manage)
 * those of the EPCI and outside bodies, which have no commune user.
 */
export function needsPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const load = async (request: FastifyRequest) => {
    const h = here(request);
    h.require('procurement.read');
    const { groupId, insee, memberId } = request.params as { groupId: string; insee?: string; memberId?: string };
    const detail = await groupDetail(db, h.ctx, groupId, viewerOf(h));
    const member = insee !== undefined ? detail.members.find((m) => m.inseeCode === insee) : detail.members.find((m) => m.id === memberId && m.inseeCode === null);
    if (!member) throw new NotFoundError(insee !== undefined ? "Cette commune n'est pas membre du groupement." : "Cet organisme n'est pas membre du groupement.");
    if (insee !== undefined) h.require('procurement.declareNeeds', { collectivityId: member.collectivityId });
    else h.require('procurement.manage');
    return { h, detail, member };
  };

  const show = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Record<string, string> | null = null) => {
    const { h, detail, member } = await load(request);
    const saved = !error && (request.query as { enregistre?: string } | undefined)?.enregistre === '1';
    return sendTerritoryPage(request, reply, `Besoins de ${member.name}`, <NeedsPage detail={detail} member={member} base={h.base} error={error} values={values} saved={saved} />, error ? (error.field ? 400 : 409) : 200);
  };

  const save = async (request: FastifyRequest, reply: FastifyReply) => {
    const { h, detail, member } = await load(request);
    const b = request.body as Record<string, string>;
    try {
      if (!detail.lots.some((l) => `lot-${l.lot.id}-quantite` in b)) throw new UserError('Le formulaire ne contient aucun lot de ce groupement : rechargez la page.', 400, 'besoins');
      const lines = detail.lots.map((l) => {
        const key = `lot-${l.lot.id}`;
        return {
          lotId: l.lot.id,
          quantity: quantityField(b[`${key}-quantite`]),
          estimatedCents: eurosField(b[`${key}-montant`], `${key}-montant`, `montant estimé du lot ${l.lot.number}`),
          comment: b[`${key}-commentaire`]?.trim() || null,
        };
      });
      await procurement.declareNeeds(db, h.ctx, detail.group.id, member.collectivityId, lines);
    } catch (error) {
      return show(request, reply, formErrorOf(error), b);
    }
    return reply.redirect(`${needsPath(h.base, detail.group.id, member)}?enregistre=1`, 303);
  };

  const Saved = Type.Object({ enregistre: Type.Optional(Type.String({ maxLength: 1 })) });
  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/achats/groupements/:groupId/besoins/:insee', { config: { access: 'procurement.declareNeeds' }, schema: { hide: true, params: Params, querystring: Saved } }, (request, reply) => show(request, reply));
    t.post('/achats/groupements/:groupId/besoins/:insee', { config: { access: 'procurement.declareNeeds' }, preValidation: communeGate(db), schema: { hide: true, params: Params, body: Body } }, save);
    t.get('/achats/groupements/:groupId/besoins-organismes/:memberId', { config: { access: 'procurement.manage' }, schema: { hide: true, params: BodyParams, querystring: Saved } }, (request, reply) => show(request, reply));
    t.post('/achats/groupements/:groupId/besoins-organismes/:memberId', { config: { access: 'procurement.manage' }, schema: { hide: true, params: BodyParams, body: Body } }, save);
  });
}

function NeedsPage(props: { detail: GroupDetail; member: GroupMember; base: string; error: FormError | null; values: Record<string, string> | null; saved: boolean }) {
  const { group, lots } = props.detail;
  const open = needsOpen(group);
  const fields = lots.flatMap((l) => ['quantite', 'montant', 'commentaire'].map((f) => `lot-${l.lot.id}-${f}`));
  return (
    <section>
      <Breadcrumb
        trail={[
          { href: `${props.base}/achats`, label: 'Groupements de commandes' },
          { href: `${props.base}/achats/groupements/${group.id}`, label: `Groupement ${group.reference}` },
        ]}
      />
      <h1>{`Besoins de ${props.member.name}`}</h1>
      <p class="lead">{group.object}</p>
      {props.saved ? (
        <p class="notice" role="status">
          Besoins enregistrés. Le coordonnateur les voit dans le recensement du groupement.
        </p>
      ) : null}
      {open ? (
        <p>Indiquez pour chaque lot la quantité et/ou le montant estimé hors taxes. Laisser une ligne vide retire le besoin de ce lot. Le recensement se clôt au lancement de la procédure.</p>
      ) : (
        <p class="notice">{`Le recensement est clos${group.launchedOn ? ` : la procédure a été lancée le ${day(group.launchedOn)}` : ''}. Les besoins ci-dessous ne peuvent plus être modifiés.`}</p>
      )}
      {lots.length === 0 ? <p>Aucun lot n'est encore défini pour ce groupement.</p> : null}
      <form method="post" action={needsPath(props.base, group.id, props.member)} class="stacked prose" aria-label={`Besoins de ${props.member.name}`}>
        <CsrfField />
        <FormAlert error={props.error} fields={fields} />
        {lots.map((l) => {
          const need = l.lines.find((line) => line.member.collectivityId === props.member.collectivityId)?.need ?? null;
          const key = `lot-${l.lot.id}`;
          const value = (suffix: string, stored: string) => props.values?.[`${key}-${suffix}`] ?? stored;
          return (
            <fieldset class="lot">
              <legend>{`Lot ${l.lot.number} : ${l.lot.title}`}</legend>
              <Field
                id={`${key}-quantite`}
                name={`${key}-quantite`}
                label={`Quantité${l.lot.unit ? ` (en ${l.lot.unit})` : ''}`}
                inputmode="decimal"
                value={value('quantite', need?.quantity ? formatQuantity(need.quantity).replace(/[\u202f\u00a0]/g, '') : '')}
                disabled={!open}
                error={props.error}
              />
              <Field
                id={`${key}-montant`}
                name={`${key}-montant`}
                label="Montant estimé HT (euros)"
                inputmode="decimal"
                value={value('montant', need?.estimatedCents != null ? formatCents(need.estimatedCents).replace(/[\u202f\u00a0€]/g, '').trim() : '')}
                disabled={!open}
                error={props.error}
              />
              <Field id={`${key}-commentaire`} name={`${key}-commentaire`} label="Commentaire" value={value('commentaire', need?.comment ?? '')} disabled={!open} error={props.error} />
            </fieldset>
          );
        })}
        {open && lots.length > 0 ? <button type="submit">Enregistrer les besoins</button> : null}
      </form>
    </section>
  );
}
