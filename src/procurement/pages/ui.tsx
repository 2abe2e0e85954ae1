import type { ComponentChildren } from 'preact';
import { formatCents, formatDate, formatInteger } from '../../platform/format.ts';
import { Cents } from '../../platform/money.ts';
import { UserError } from '../../platform/http/errors.ts';
import { GROUP_STATUS_LABELS, SCOPE_LABELS, type GroupStatus, type PurchasingGroup } from '../model.ts';

/** A form value that may come once or several times (checkboxes, multiple selects). */
export function many(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** "12 345,67" (euros) → cents; blank → null; anything else refused, naming the field. */
export function eurosField(value: string | undefined, field: string, label: string): Cents | null {
  if (value === undefined || value.trim() === '') return null;
  const cents = Cents.parseEuros(value);
  if (cents === null) throw new UserError(`Le champ « ${label} » doit être un montant en euros (ex. 12 500,00).`, 400, field);
  return cents;
}

export function integerField(value: string | undefined, field: string, label: string): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^\d{1,6}$/.test(value.trim())) throw new UserError(`Le champ « ${label} » doit être un nombre entier.`, 400, field);
  return Number(value.trim());
}

/** A decimal quantity typed the French way ("12,5") as exact text ("12.5"). */
export function quantityField(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  return value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
}

export function formatQuantity(value: string): string {
  const [whole, fraction] = value.split('.');
  return formatInteger(Number(whole)) + (fraction ? `,${fraction}` : '');
}

export const money = (cents: number) => formatCents(cents);
export const day = (date: string | null) => (date ? formatDate(date) : '—');

export function StatusBadge(props: { status: GroupStatus }) {
  return <span class={`badge badge-${props.status}`}>{GROUP_STATUS_LABELS[props.status]}</span>;
}

export function scopesText(group: Pick<PurchasingGroup, 'scopes' | 'categories'>): string {
  return [...group.scopes.map((s) => SCOPE_LABELS[s]), ...group.categories].join(', ');
}

/** A labelled block of facts, as dl.facts. */
export function Facts(props: { items: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="facts">
      {props.items.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function plural(count: number, singular: string, pluralForm: string): string {
  return `${formatInteger(count)} ${count < 2 ? singular : pluralForm}`;
}
