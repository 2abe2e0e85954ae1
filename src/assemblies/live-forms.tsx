// The forms of the live sitting page: each posts through htmx and swaps the live region.
import { CsrfField } from '../platform/http/forms.tsx';
import { VOTE_MODE_LABELS } from './model.ts';
import type { MemberView } from './sitting-state.ts';

/** A form that posts with or without JavaScript; with htmx, the answer replaces the live region. */
export const hx = (action: string) => ({ method: 'post', action, 'hx-post': action, 'hx-target': '#seance-direct', 'hx-swap': 'outerHTML' });

function MemberSelect(props: { id: string; name: string; label: string; members: readonly MemberView[] }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} required>
        <option value="">— Choisir —</option>
        {props.members.map((m) => (
          <option value={m.id}>{m.name}</option>
        ))}
      </select>
    </div>
  );
}

export function OpeningForm(props: { action: string; present: readonly MemberView[] }) {
  return (
    <form {...hx(props.action)} class="stacked narrow live-box" aria-labelledby="ouverture-titre">
      <h2 id="ouverture-titre">Ouvrir la séance</h2>
      <CsrfField />
      <MemberSelect id="presidentId" name="presidentId" label="Président de séance (présent)" members={props.present} />
      <MemberSelect id="secretaryId" name="secretaryId" label="Secrétaire de séance, désigné par l'assemblée (CGCT L2121-15)" members={props.present} />
      <button type="submit" id="ouvrir">
        Ouvrir la séance
      </button>
    </form>
  );
}

export function DecisionForm(props: { action: string; item: { id: string; position: number; kind: string }; votingPower: number }) {
  if (props.item.kind === 'takesNote') {
    return (
      <form {...hx(props.action)} class="stacked live-box" aria-labelledby="decision-titre">
        <h2 id="decision-titre">{`Décision sur le point n° ${props.item.position}`}</h2>
        <CsrfField />
        <input type="hidden" name="itemId" value={props.item.id} />
        <input type="hidden" name="noted" value="1" />
        <button type="submit" id="prendre-acte">
          L'assemblée prend acte
        </button>
      </form>
    );
  }
  return (
    <form {...hx(props.action)} class="stacked live-box" aria-labelledby="decision-titre">
      <h2 id="decision-titre">{`Vote sur le point n° ${props.item.position}`}</h2>
      <CsrfField />
      <input type="hidden" name="itemId" value={props.item.id} />
      <fieldset>
        <legend>Scrutin</legend>
        {(['show', 'secret'] as const).map((mode) => (
          <div class="check">
            <input type="radio" id={`mode-${mode}`} name="mode" value={mode} checked={mode === 'show'} />
            <label for={`mode-${mode}`}>{VOTE_MODE_LABELS[mode]}</label>
          </div>
        ))}
      </fieldset>
      <div class="vote-counts">
        {(
          [
            ['for', 'Pour', props.votingPower],
            ['against', 'Contre', 0],
            ['abstain', 'Abstentions', 0],
          ] as const
        ).map(([name, label, value]) => (
          <div class="field">
            <label for={`vote-${name}`}>{label}</label>
            <input id={`vote-${name}`} name={name} type="number" min="0" max={String(props.votingPower)} value={String(value)} inputmode="numeric" required />
          </div>
        ))}
        <div class="field">
          <label for="vote-president">Vote du président (partage égal des voix)</label>
          <select id="vote-president" name="presidentChoice">
            <option value="">— Non requis —</option>
            <option value="for">Pour</option>
            <option value="against">Contre</option>
          </select>
        </div>
      </div>
      <p class="hint">{`Les voix disponibles non exprimées (${props.votingPower} en tout) sont comptées « ne prend pas part au vote ».`}</p>
      <button type="submit" id="voter">
        Enregistrer le vote
      </button>
    </form>
  );
}

export function ProxyForm(props: { action: string; givers: readonly MemberView[]; holders: readonly MemberView[]; date: string }) {
  return (
    <form {...hx(props.action)} class="stacked narrow live-box" aria-labelledby="pouvoir-titre">
      <h2 id="pouvoir-titre">Pouvoir</h2>
      <CsrfField />
      <MemberSelect id="giverId" name="giverId" label="Mandant (absent, ou qui quitte la séance)" members={props.givers} />
      <MemberSelect id="holderId" name="holderId" label="Mandataire (présent)" members={props.holders} />
      <div class="field">
        <label for="writtenOn">Date du pouvoir écrit</label>
        <input id="writtenOn" name="writtenOn" type="date" value={props.date} required />
      </div>
      <div class="check">
        <input id="illnessCertified" name="illnessCertified" type="checkbox" />
        <label for="illnessCertified">Maladie dûment constatée (au-delà de trois séances)</label>
      </div>
      <button type="submit" id="donner-pouvoir">
        Enregistrer le pouvoir
      </button>
    </form>
  );
}

export function WithdrawalForm(props: { action: string; itemId: string; members: readonly MemberView[] }) {
  return (
    <form {...hx(props.action)} class="stacked narrow live-box" aria-labelledby="retrait-titre">
      <h2 id="retrait-titre">Ne prend pas part au point (intérêt personnel)</h2>
      <CsrfField />
      <input type="hidden" name="itemId" value={props.itemId} />
      <MemberSelect id="retrait-membre" name="memberId" label="Membre" members={props.members} />
      <div class="field">
        <label for="retrait-motif">Motif (facultatif)</label>
        <input id="retrait-motif" name="reason" />
      </div>
      <button type="submit" class="secondary">
        Noter le retrait
      </button>
    </form>
  );
}

export function SubstituteForm(props: { action: string; titular: readonly MemberView[]; substitutes: readonly MemberView[] }) {
  return (
    <form {...hx(props.action)} class="stacked narrow live-box" aria-labelledby="suppleance-titre">
      <h2 id="suppleance-titre">Suppléance (commune à siège unique)</h2>
      <CsrfField />
      <MemberSelect id="titularId" name="titularId" label="Titulaire absent" members={props.titular} />
      <MemberSelect id="substituteId" name="substituteId" label="Suppléant qui siège" members={props.substitutes} />
      <button type="submit" class="secondary">
        Faire siéger le suppléant
      </button>
    </form>
  );
}

export function RollCallForm(props: { action: string; members: readonly MemberView[] }) {
  return (
    <details class="live-box">
      <summary>Faire l'appel en une fois</summary>
      <form {...hx(props.action)} class="stacked" aria-label="Appel des membres">
        <CsrfField />
        <fieldset class="roll">
          <legend>Membres présents à l'ouverture</legend>
          {props.members.map((m) => (
            <div class="check">
              <input type="checkbox" id={`appel-${m.id}`} name="present" value={m.id} />
              <label for={`appel-${m.id}`}>{m.name}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" id="enregistrer-appel">
          Enregistrer l'appel
        </button>
      </form>
    </details>
  );
}
