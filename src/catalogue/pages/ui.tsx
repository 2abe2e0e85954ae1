import { Type } from '@sinclair/typebox';
import type { Here } from '../../access/guard.tsx';
import { formatDate } from '../../platform/format.ts';
import { SUBSCRIPTION_STATE_LABELS, launchText, type Offer, type SubscriptionState } from '../model.ts';

/** A form body as formbody gives it: text fields, checkboxes repeated as arrays. */
export const FormBody = Type.Record(Type.String({ maxLength: 80 }), Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 600 })]), { maxProperties: 700 });
export type Form = Record<string, string | string[]>;

export const text = (b: Form, name: string): string => {
  const v = b[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};
export const many = (b: Form, name: string): string[] => {
  const v = b[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
export const day = (date: string | null) => (date ? formatDate(date) : '—');

export function StateBadge(props: { state: SubscriptionState }) {
  return <span class={`badge catalogue-state-${props.state}`}>{SUBSCRIPTION_STATE_LABELS[props.state]}</span>;
}

export const launchOf = (o: Pick<Offer, 'launchedOn' | 'launchPrecision'>) => launchText(o.launchedOn, o.launchPrecision);

/** The communes the person acts for as a commune user (their portals). */
export function ownCommunes(h: Here): string[] {
  return h.roles.filter((r) => r.role === 'commune' && r.collectivityId).map((r) => r.collectivityId!);
}
