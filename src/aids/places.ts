import { createRequire } from 'node:module';
import type { Perimeter, PerimeterScale } from './model.ts';
import { foldAccents } from './search-text.ts';

const require = createRequire(import.meta.url);

interface Place {
  readonly code: string;
  readonly nom: string;
  readonly region?: string;
}

let departments: readonly Place[] | null = null;
let regions: readonly Place[] | null = null;
const allDepartments = () => (departments ??= require('@etalab/decoupage-administratif/data/departements.json') as Place[]);
const allRegions = () => (regions ??= require('@etalab/decoupage-administratif/data/regions.json') as Place[]);

/** The region of a department (official data), e.g. 42 → 84 (Auvergne-Rhône-Alpes). */
export function regionOfDepartment(code: string | null): string | null {
  return code ? (allDepartments().find((d) => d.code === code)?.region ?? null) : null;
}

/** The name of a perimeter, from the official data for regions and departments; null when the code is unknown. */
export function perimeterNamer(territoryName: string) {
  return (scale: PerimeterScale, code: string | null): string | null => {
    if (scale === 'europe') return 'Union européenne';
    if (scale === 'france') return 'France';
    if (scale === 'territory') return territoryName;
    const found = (scale === 'region' ? allRegions() : allDepartments()).find((p) => p.code === code);
    if (!found) return null;
    return scale === 'region' ? `Région ${found.nom}` : `${found.nom} (${found.code})`;
  };
}

/** A perimeter from its name as Aides-territoires prints it ("France", "Auvergne-Rhône-Alpes", "Loire"…). */
export function perimeterFromName(name: string, territoryName: string): Perimeter | null {
  const n = foldAccents(name).replace(/\s*\((departement|region)\)\s*$/, '').replace(/^(region|departement)( de la| de l'| du| de| des)?\s+/, '').trim();
  const namer = perimeterNamer(territoryName);
  if (['france', 'france metropolitaine', 'national'].includes(n)) return { scale: 'france', code: null, name: 'France' };
  if (['europe', 'union europeenne', 'ue'].includes(n)) return { scale: 'europe', code: null, name: 'Union européenne' };
  if (n === foldAccents(territoryName)) return { scale: 'territory', code: null, name: territoryName };
  const region = allRegions().find((r) => foldAccents(r.nom) === n);
  if (region) return { scale: 'region', code: region.code, name: namer('region', region.code)! };
  const department = allDepartments().find((d) => foldAccents(d.nom) === n || d.code === n.toUpperCase());
  if (department) return { scale: 'department', code: department.code, name: namer('department', department.code)! };
  return null;
}
