import { Type, type TProperties } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { CsrfField, formErrorOf } from '../platform/http/forms.tsx';
import { Breadcrumb, renderFragment } from '../platform/http/layout.tsx';
import { UserError } from '../platform/http/errors.ts';
import { CsrfContext } from '../platform/http/forms.tsx';
import { memberName } from './model.ts';
import { isPresentAt } from './attendance.ts';
import * as live from './live-service.ts';
import type { SittingOverview } from './live-service.ts';
import type { MemberView } from './sitting-state.ts';
import { shortDate, sittingWhen } from './components.tsx';
import { DecisionForm, hx, OpeningForm, ProxyForm, RollCallForm, SubstituteForm, WithdrawalForm } from './live-forms.tsx';

const UUID = Type.String({ format: 'uuid' });
const short = Type.String({ maxLength: 200 });
const form = <T extends TProperties>(fields: T) => Type.Object({ ...fields, _csrf: Type.Optional(Type.String()) });
const params = Type.Object({ siren: Type.String(), sittingId: UUID });
const int = (text: string | undefined, field: string, label: string) => {
  const t = (text ?? '').trim();
  if (!/^\d{1,5}$/.test(t)) throw new UserError(`Le champ « ${label} » doit être un nombre entier positif ou nul.`, 400, field);
  return Number(t);
};

interface Message {
  readonly text: string;
  readonly error: boolean;
}

/** The live sitting page for the secretariat: one click per arrival, departure or proxy; quorum and voices at once. */
export function livePages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const render = async (request: FastifyRequest, reply: FastifyReply, sittingId: string, message: Message | null, status = 200) => {
    const h = here(request);
    const overview = await live.sittingOverview(db, h.ctx, sittingId);
    const region = <LiveRegion overview={overview} base={h.base} message={message} />;
    if (request.headers['hx-request'] === 'true') {
      const csrf = reply.generateCsrf();
      return reply.status(status === 200 ? 200 : 422).type('text/html; charset=utf-8').send(renderFragment(<CsrfContext.Provider value={csrf}>{region}</CsrfContext.Provider>));
    }
    const title = `En direct : ${overview.state.body.name} du ${shortDate(overview.state.sitting.date)}`;
    return sendTerritoryPage(
      request,
      reply,
      message?.error ? `Erreur : ${title}` : title,
      <section>
        <Breadcrumb trail={[{ href: `${h.base}/seances`, label: 'Séances' }, { href: `${h.base}/seances/${sittingId}`, label: `${overview.state.body.name} du ${shortDate(overview.state.sitting.date)}` }]} />
        <h1>{`Séance en direct : ${overview.state.body.name}`}</h1>
        <p class="hint">{sittingWhen(overview.state.sitting.date, overview.state.sitting.startsAt)}, {overview.state.sitting.place}</p>
        {region}
      </section>,
      status,
    );
  };

  /** Runs a live use case; answers the fragment (htmx) or redirects to the page, or shows the refusal next to it. */
  const act = (path: string, body: ReturnType<typeof form>, run: (request: FastifyRequest, sittingId: string, input: Record<string, unknown>) => Promise<string>) => {
    inTerritory(app, deps, '/t/:siren', (t) => {
      t.post(`/seances/:sittingId/direct/${path}`, { config: { access: 'sitting.record' }, schema: { hide: true, params, body } }, async (request, reply) => {
        const h = here(request);
        h.require('sitting.record');
        const { sittingId } = request.params as { sittingId: string };
        let done: string;
        try {
          done = await run(request, sittingId, request.body as Record<string, unknown>);
        } catch (error) {
          const e = formErrorOf(error);
          return render(request, reply, sittingId, { text: e.message, error: true }, (error as UserError).status === 409 ? 409 : 400);
        }
        if (request.headers['hx-request'] === 'true') return render(request, reply, sittingId, { text: done, error: false });
        return reply.redirect(`${h.base}/seances/${sittingId}/direct`, 303);
      });
    });
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/seances/:sittingId/direct', { config: { access: 'sitting.record' }, schema: { hide: true, params } }, async (request, reply) => {
      here(request).require('sitting.record');
      return render(request, reply, request.params.sittingId, null);
    });
  });

  const ctx = (request: FastifyRequest) => here(request).ctx;
  const nameOf = async (request: FastifyRequest, sittingId: string, id: string) => {
    const o = await live.sittingOverview(db, ctx(request), sittingId);
    const m = o.state.members.get(id);
    return { name: m ? memberName(m) : 'Ce membre', quorum: o.live?.quorum?.text ?? '' };
  };

  act('presence', form({ memberId: short, kind: short }), async (request, sittingId, input) => {
    const memberId = String(input.memberId);
    if (input.kind === 'excuse') await live.recordExcuse(db, ctx(request), sittingId, memberId);
    else if (input.kind === 'arrival' || input.kind === 'departure') await live.recordMovement(db, ctx(request), sittingId, memberId, input.kind);
    else throw new UserError('Action inconnue.', 400, 'kind');
    const { name, quorum } = await nameOf(request, sittingId, memberId);
    const what = input.kind === 'arrival' ? 'Arrivée' : input.kind === 'departure' ? 'Départ' : 'Excuse';
    return `${what} de ${name} notée. Quorum : ${quorum}.`;
  });

  act('appel', form({ present: Type.Optional(Type.Union([short, Type.Array(short, { maxItems: 2000 })])) }), async (request, sittingId, input) => {
    const present = input.present === undefined ? [] : [input.present].flat().map(String);
    if (present.length === 0) throw new UserError('Cochez au moins un membre présent.', 400, 'present');
    await live.recordRollCall(db, ctx(request), sittingId, { present });
    const { quorum } = await nameOf(request, sittingId, '');
    return `Appel enregistré : ${present.length} présents notés. Quorum : ${quorum}.`;
  });

  act('pouvoir', form({ giverId: short, holderId: short, writtenOn: short, illnessCertified: Type.Optional(short) }), async (request, sittingId, input) => {
    await live.giveProxy(db, ctx(request), sittingId, { giverId: String(input.giverId), holderId: String(input.holderId), writtenOn: String(input.writtenOn), illnessCertified: input.illnessCertified === 'on' });
    const giver = await nameOf(request, sittingId, String(input.giverId));
    const holder = await nameOf(request, sittingId, String(input.holderId));
    return `${giver.name} donne pouvoir à ${holder.name}.`;
  });

  act('suppleance', form({ titularId: short, substituteId: short }), async (request, sittingId, input) => {
    await live.seatSubstitute(db, ctx(request), sittingId, { titularId: String(input.titularId), substituteId: String(input.substituteId) });
    const { name } = await nameOf(request, sittingId, String(input.substituteId));
    return `${name} siège en suppléance. `;
  });

  act('retrait', form({ itemId: short, memberId: short, reason: Type.Optional(Type.String({ maxLength: 600 })) }), async (request, sittingId, input) => {
    await live.recordWithdrawal(db, ctx(request), String(input.itemId), { memberId: String(input.memberId), reason: (input.reason as string | undefined) ?? null });
    const { name, quorum } = await nameOf(request, sittingId, String(input.memberId));
    return `${name} ne prend pas part à ce point. Quorum : ${quorum}.`;
  });

  act('ouverture', form({ presidentId: short, secretaryId: short }), async (request, sittingId, input) => {
    await live.openSitting(db, ctx(request), sittingId, { presidentId: String(input.presidentId), secretaryId: String(input.secretaryId) });
    return 'La séance est ouverte.';
  });

  act('vote', form({ itemId: short, noted: Type.Optional(short), mode: Type.Optional(short), for: Type.Optional(short), against: Type.Optional(short), abstain: Type.Optional(short), presidentChoice: Type.Optional(short) }), async (request, _sittingId, input) => {
    const noted = input.noted === 'on' || input.noted === '1';
    const vote = noted
      ? await live.recordVote(db, ctx(request), String(input.itemId), { noted: true })
      : await live.recordVote(db, ctx(request), String(input.itemId), {
          mode: String(input.mode ?? ''),
          for: int(input.for as string, 'for', 'pour'),
          against: int(input.against as string, 'against', 'contre'),
          abstain: int(input.abstain as string, 'abstain', 'abstentions'),
          presidentChoice: input.presidentChoice ? String(input.presidentChoice) : null,
        });
    return `${vote.resultText}.`;
  });

  act('levee', form({}), async (request, sittingId) => {
    await live.closeSitting(db, ctx(request), sittingId);
    return 'La séance est levée.';
  });
}


function LiveRegion(props: { overview: SittingOverview; base: string; message: Message | null }) {
  const { state, live: now, advice } = props.overview;
  const s = state.sitting;
  const action = (path: string) => `${props.base}/seances/${s.id}/direct/${path}`;
  const current = state.position !== null ? state.items.find((i) => i.position === state.position) ?? null : null;
  const presentIds = new Set(now?.present.map((m) => m.id) ?? []);
  const representedBy = new Map((now?.proxies ?? []).map((p) => [p.giver.id, p.holder]));
  const holds = new Map((now?.proxies ?? []).map((p) => [p.holder.id, p.giver]));
  const substitutedBy = new Map((now?.present ?? []).filter((m) => m.substituteFor).map((m) => [m.substituteFor!.id, m]));
  const excused = new Set(state.facts.excused);
  const withdrawn = new Set(now?.withdrawn.map((m) => m.id) ?? []);
  const closed = s.status === 'closed';
  const position = state.position ?? state.items.at(-1)?.position ?? 1;
  const present = (now?.present ?? []).filter((m) => !m.substituteFor);
  const absentTitular = state.titular.filter((m) => !presentIds.has(m.memberId) && !representedBy.has(m.memberId) && !substitutedBy.has(m.memberId));
  const view = (id: string): MemberView => ({ ...state.members.get(id)!, name: memberName(state.members.get(id)!), communeId: null });
  const stateText = (id: string) => {
    if (withdrawn.has(id)) return 'ne prend pas part au point';
    if (substitutedBy.has(id)) return `suppléé par ${substitutedBy.get(id)!.name}`;
    if (presentIds.has(id)) return holds.has(id) ? `présent, porte le pouvoir de ${holds.get(id)!.name}` : 'présent';
    if (representedBy.has(id)) return `représenté par ${representedBy.get(id)!.name}`;
    // The apology's note may be health data: this page is for the secretariat only (sitting.record).
    const note = state.excuses.find((e) => e.memberId === id)?.note;
    return excused.has(id) ? `absent excusé${note ? ` (${note})` : ''}` : 'absent';
  };
  const rows = [...state.titular.map((m) => ({ id: m.memberId, substitute: false })), ...state.substitutes.map((m) => ({ id: m.memberId, substitute: true }))];
  return (
    <div id="seance-direct" class="live">
      <div class="live-figures">
        {props.message ? (
          <p id="direct-message" role={props.message.error ? 'alert' : 'status'} class={props.message.error ? 'error live-message' : 'notice live-message'}>
            {props.message.text}
          </p>
        ) : (
          <p id="direct-message" role="status" class="visually-hidden"></p>
        )}
        <p class="live-item">{closed ? 'La séance est levée.' : current ? `Point en cours : n° ${current.position} — ${current.title}` : state.items.length === 0 ? "Aucun point à l'ordre du jour." : 'Tous les points sont délibérés.'}</p>
        {now?.quorum ? <p class={now.quorum.reached ? 'quorum ok' : 'quorum ko'} id="quorum">{`Quorum : ${now.quorum.text}`}</p> : null}
        <p id="voix">{`Voix disponibles : ${now?.counts.votingPower ?? 0} (${now?.counts.present ?? 0} présents, ${now?.counts.represented ?? 0} pouvoirs) ; ${now?.counts.inOffice ?? 0} membres en exercice`}</p>
      </div>
      {advice && s.status === 'planned' ? <p class="hint">{`Le quorum n'est pas encore atteint : notez les arrivées ; l'assemblée ne pourra délibérer qu'une fois le quorum atteint.`}</p> : null}
      {advice && s.status === 'open' ? (
        <p class="error">
          {advice} <a href={`${props.base}/seances/${s.id}#seconde-titre`}>Préparer la seconde convocation</a>
        </p>
      ) : null}
      <div class="live-grid">
        <div class="live-main">
          <h2>{`Membres (${rows.length})`}</h2>
          <div class="table-wrap" role="region" aria-label="Présence des membres" tabIndex={0}>
            <table class="members-live">
              <caption class="visually-hidden">Présence des membres pour le point en cours, et actions</caption>
              <thead>
                <tr>
                  <th scope="col">Membre</th>
                  <th scope="col">État</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ id, substitute }) => {
                  const name = view(id).name;
                  const isPresent = isPresentAt(state.facts, id, position);
                  return (
                    <tr class={isPresent ? 'is-present' : undefined}>
                      <th scope="row">
                        {name}
                        {substitute ? <span class="email">suppléant(e)</span> : null}
                      </th>
                      <td>{substitute ? (isPresent ? 'siège en suppléance' : 'absent') : stateText(id)}</td>
                      <td class="actions">
                        {closed || state.position === null ? null : (
                          <>
                            <form {...hx(action('presence'))} class="inline-action">
                              <CsrfField />
                              <input type="hidden" name="memberId" value={id} />
                              <input type="hidden" name="kind" value={isPresent ? 'departure' : 'arrival'} />
                              <button type="submit" id={`action-${id}`} class={isPresent ? 'secondary' : undefined}>
                                {isPresent ? 'Départ' : 'Arrivée'}
                                <span class="visually-hidden">{` de ${name}`}</span>
                              </button>
                            </form>
                            {!substitute && !isPresent && !excused.has(id) && !representedBy.has(id) ? (
                              <form {...hx(action('presence'))} class="inline-action">
                                <CsrfField />
                                <input type="hidden" name="memberId" value={id} />
                                <input type="hidden" name="kind" value="excuse" />
                                <button type="submit" class="secondary" id={`excuse-${id}`}>
                                  Excusé<span class="visually-hidden">{` : ${name}`}</span>
                                </button>
                              </form>
                            ) : null}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
        <div class="live-side" role="region" aria-label="Décision, pouvoirs et appel" tabIndex={0}>
          {s.status === 'planned' ? <OpeningForm action={action('ouverture')} present={present} /> : null}
          {s.status === 'open' && current && now?.quorum?.reached ? <DecisionForm action={action('vote')} item={current} votingPower={now.counts.votingPower} /> : null}
          {!closed && state.position !== null ? (
            <>
              <ProxyForm action={action('pouvoir')} givers={absentTitular.map((m) => view(m.memberId))} holders={present.filter((m) => !holds.has(m.id))} date={s.date} />
              {current ? <WithdrawalForm action={action('retrait')} itemId={current.id} members={present.filter((m) => !withdrawn.has(m.id))} /> : null}
              {state.substitutes.length > 0 ? <SubstituteForm action={action('suppleance')} titular={absentTitular.map((m) => view(m.memberId))} substitutes={state.substitutes.map((m) => view(m.memberId))} /> : null}
              {state.facts.movements.length === 0 ? <RollCallForm action={action('appel')} members={state.titular.map((m) => view(m.memberId))} /> : null}
            </>
          ) : null}
          {s.status === 'open' ? (
            <form {...hx(action('levee'))} class="stacked">
              <CsrfField />
              <button type="submit" class="secondary" id="lever">
                Lever la séance
              </button>
            </form>
          ) : null}
        </div>
      </div>
    </div>
  );
}
