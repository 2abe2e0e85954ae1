import type { ComponentChildren } from 'preact';
import { formatDate, formatLongDate } from '../platform/format.ts';
import { formatTime, parisTimeOf, WEEKDAY_NAMES, weekday } from './calendar.ts';
import type { MemberView } from './sitting-state.ts';
import { RESULT_LABELS, type ItemResult, type Quorum } from './model.ts';

/** "lundi 27 janvier 2020 à 18 h 00". */
export function sittingWhen(date: string, startsAt: string): string {
  return `${WEEKDAY_NAMES[weekday(date)]} ${formatLongDate(date)} à ${formatTime(parisTimeOf(startsAt))}`;
}

export function shortDate(date: string): string {
  return formatDate(date);
}

/** A list of names separated by commas, as the register prints them. */
export function NameList(props: { members: readonly MemberView[]; empty: string }) {
  if (props.members.length === 0) return <p class="hint">{props.empty}</p>;
  return (
    <p class="names">
      {props.members.map((m, i) => (
        <>
          <span class="name">{m.name}</span>
          {i < props.members.length - 1 ? ', ' : ''}
        </>
      ))}
    </p>
  );
}

export function QuorumBadge(props: { quorum: Quorum | null }) {
  if (!props.quorum) return <span class="badge">règle inconnue</span>;
  return <span class={props.quorum.reached ? 'badge ok' : 'badge ko'}>{`Quorum : ${props.quorum.text}`}</span>;
}

export function ResultBadge(props: { result: ItemResult | null }) {
  if (!props.result) return <span class="badge">à délibérer</span>;
  return <span class={`badge result-${props.result}`}>{RESULT_LABELS[props.result]}</span>;
}

/** A fact of a description list, in the layout's "facts" style. */
export function Fact(props: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** "1 point", "3 points" (French: 0 and 1 take the singular). */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n < 2 ? one : many}`;
}
