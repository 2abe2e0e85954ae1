import { formatCents, formatDate } from '../platform/format.ts';
import { DRIVER_LABELS, STANDARD_DRIVERS, type ChargingRule, type ChargingScheme } from './charging-scheme.ts';
import type { Installment } from './model.ts';

// The charging scheme and installment schedules as French sentences, for pages and documents.

const percent = (p: string) => `${p.replace('.', ',')} %`;

function driverLabel(driver: string): string {
  return (STANDARD_DRIVERS as readonly string[]).includes(driver) ? DRIVER_LABELS[driver as (typeof STANDARD_DRIVERS)[number]].toLowerCase() : driver;
}

function ruleText(rule: ChargingRule, nameOf: (id: string) => string): string {
  switch (rule.kind) {
    case 'fixed':
      return `parts fixes : ${rule.shares.map((s) => `${nameOf(s.collectivityId)} ${percent(s.percent)}`).join(', ')}`;
    case 'driver':
      return `au prorata de l'inducteur « ${driverLabel(rule.driver)} »`;
    case 'units':
      // CGCT D5211-16: notified unit cost × actual units of work.
      return `coût unitaire notifié ${formatCents(rule.notifiedUnitCents)} par ${rule.unit} (notifié le ${formatDate(rule.notifiedOn)}) × unités réellement consommées`;
    case 'direct':
      return 'affectation directe à la collectivité pour laquelle la dépense est engagée';
  }
}

/** One line per component, then the overhead rate when there is one. */
export function describeScheme(scheme: ChargingScheme, nameOf: (id: string) => string): string[] {
  const lines = scheme.components.map((c) => `${percent(c.percent)} des charges : ${ruleText(c.rule, nameOf)}`);
  if (scheme.overheadPercent !== undefined) lines.push(`Frais de structure : ${percent(scheme.overheadPercent)} des charges directes, répartis comme elles`);
  return lines;
}

/** "25 % au 31/03, 25 % au 30/06…" */
export function describeInstallments(installments: readonly Installment[]): string {
  return installments.map((i) => `${percent(i.percent)} au ${i.dueOn.slice(3)}/${i.dueOn.slice(0, 2)}`).join(', ');
}
