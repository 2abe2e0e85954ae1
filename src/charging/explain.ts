import { formatCents } from '../platform/format.ts';
import { DRIVER_LABELS, STANDARD_DRIVERS } from '../agreements/charging-scheme.ts';
import type { Explanation } from './model.ts';

/** The driver's French label, or its code for a driver the territory defined. */
export function driverLabel(code: string): string {
  return (STANDARD_DRIVERS as readonly string[]).includes(code) ? DRIVER_LABELS[code as (typeof STANDARD_DRIVERS)[number]] : code;
}

const decimal = (text: string) => text.replace('.', ',');

/** One line's chain in French: component → rule → driver values → share (the cents are printed beside it). */
export function explanationText(line: { explanation: Explanation; componentPercent: string | null; sourceCents: number }): string {
  const e = line.explanation;
  const component = line.componentPercent && line.componentPercent !== '100' ? `${decimal(line.componentPercent)} % de la ligne, ` : '';
  switch (e.rule) {
    case 'fixed':
      return `${component}part fixe de ${decimal(e.percent)} % de ${formatCents(line.sourceCents)}`;
    case 'driver':
      return `${component}${driverLabel(e.driver)} : ${decimal(e.value)} sur ${decimal(e.total)} de ${formatCents(line.sourceCents)}`;
    case 'units':
      return `${decimal(e.units)} ${e.unit}(s) × ${formatCents(e.notifiedUnitCents)} (coût unitaire notifié le ${e.notifiedOn.split('-').reverse().join('/')}, CGCT D5211-16)`;
    case 'direct':
      return 'attribution directe : charge engagée pour la seule collectivité';
    case 'overhead':
      return `frais de structure répartis comme leur base : ${formatCents(e.baseCents)} sur ${formatCents(e.baseTotalCents)} de charges directes`;
  }
}
