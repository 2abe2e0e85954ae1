import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface OfficialEpci {
  readonly code: string;
  readonly nom: string;
  readonly type: string;
  readonly modeFinancement: string;
  readonly populationMunicipale: number;
  readonly membres: readonly { code: string; siren: string; nom: string; populationMunicipale: number; populationTotale: number }[];
}

export interface OfficialCommune {
  readonly code: string;
  readonly nom: string;
  readonly type: string;
  readonly departement: string;
  readonly siren?: string;
  readonly codesPostaux?: readonly string[];
  readonly population?: number;
}

let epcis: readonly OfficialEpci[] | null = null;
let communes: Map<string, OfficialCommune> | null = null;

/** The ~1,255 EPCIs of @etalab/decoupage-administratif 6.0.0 (offline, shipped with the package). */
export function officialEpcis(): readonly OfficialEpci[] {
  epcis ??= require('@etalab/decoupage-administratif/data/epci.json') as OfficialEpci[];
  return epcis;
}

export function officialCommune(code: string): OfficialCommune | undefined {
  if (!communes) {
    const all = require('@etalab/decoupage-administratif/data/communes.json') as OfficialCommune[];
    communes = new Map(all.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c]));
  }
  return communes.get(code);
}

/** Finds an EPCI by SIREN, or by name (accents and case ignored) when the name matches one only. */
export function findOfficialEpci(query: string): { found: OfficialEpci } | { candidates: OfficialEpci[] } {
  const q = query.trim();
  const all = officialEpcis();
  if (/^\d{9}$/.test(q)) {
    const found = all.find((e) => e.code === q);
    return found ? { found } : { candidates: [] };
  }
  const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const exact = all.filter((e) => fold(e.nom) === fold(q));
  if (exact.length === 1) return { found: exact[0]! };
  const partial = all.filter((e) => fold(e.nom).includes(fold(q)));
  return partial.length === 1 ? { found: partial[0]! } : { candidates: partial.slice(0, 20) };
}

/** Edition 2026 of the official data: populations légales millésimées 2023, in force on 1 January 2026. */
export const OFFICIAL_POPULATION_YEAR = 2023;
export const OFFICIAL_SOURCE = '@etalab/decoupage-administratif 6.0.0 (COG 2026)';
/** The date from which memberships read from this edition are known to hold. */
export const OFFICIAL_EDITION_DATE = '2026-01-01';
