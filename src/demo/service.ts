import type { Database } from '../platform/db/database.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { findTerritoryBySiren, type TerritoryRef } from '../platform/tenants.ts';
import { findOfficialEpci } from '../territory/official-data.ts';
import * as territory from '../territory/service.ts';
import * as access from '../access/service.ts';
import type { Role } from '../access/model.ts';
import type { TerritoryContext } from '../platform/context.ts';
// aids
import { loadAidsDemo } from './aids.ts';
// assemblies
import { loadAssembliesDemo } from './assemblies.ts';
// procurement
import { loadProcurementDemo } from './procurement.ts';
// agreements
import { loadAgreementsDemo } from './agreements.ts';
// charging
import { loadChargingDemo } from './charging.ts';
// catalogue
import { loadCatalogueDemo } from './catalogue.ts';
// convergence and scheme
import { loadConvergenceDemo } from './convergence.ts';
// deliberations
import { loadDeliberationsDemo } from './deliberations.ts';

/** Saint-Étienne Métropole, the territory of the reference document. */
export const DEMO_SIREN = '244200770';
/** Demo accounts only: printed at start, never to be used on real data. */
export const DEMO_PASSWORD = 'mutualis-demo';

export interface DemoLogin {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  /** INSEE code of the commune of a commune user. */
  readonly commune?: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { email: 'admin@demo.mutualis.fr', displayName: 'Claire Martin (mission mutualisation)', role: 'admin' },
  { email: 'finances@demo.mutualis.fr', displayName: 'Paul Girard (finances)', role: 'finance' },
  { email: 'service@demo.mutualis.fr', displayName: 'Nadia Benali (service commun SIG)', role: 'serviceHead' },
  { email: 'assemblees@demo.mutualis.fr', displayName: 'Luc Robert (secrétariat des assemblées)', role: 'secretariat' },
  { email: 'saint-chamond@demo.mutualis.fr', displayName: 'Sophie Faure (mairie de Saint-Chamond)', role: 'commune', commune: '42207' },
  { email: 'firminy@demo.mutualis.fr', displayName: 'Marc Durand (mairie de Firminy)', role: 'commune', commune: '42095' },
  { email: 'elu@demo.mutualis.fr', displayName: 'Anne Roux (conseillère métropolitaine)', role: 'reader' },
];

/** Loads the demo territory once; returns null when it is already there. */
export async function loadDemo(db: Database, progress?: territory.Progress): Promise<TerritoryRef | null> {
  const existing = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, DEMO_SIREN));
  if (existing) return null;
  const found = findOfficialEpci(DEMO_SIREN);
  if (!('found' in found)) throw new Error('Saint-Étienne Métropole absente des données officielles.');
  const created = await territory.createTerritoryFromOfficialData(db, { personId: null, label: 'chargement de la démonstration' }, found.found, progress);
  const ctx = { territoryId: created.id, actor: SYSTEM_ACTOR };
  for (const login of DEMO_LOGINS) {
    const commune = login.commune ? await territory.collectivityByInsee(db, ctx, login.commune) : null;
    await access.addUser(db, ctx, { ...login, password: DEMO_PASSWORD, collectivityId: commune?.id ?? null }, new Set(commune ? [commune.id] : []));
  }
  for (const loadModule of MODULE_DEMOS) await loadModule(db, ctx);
  return created;
}

/** A module's part of the demo territory, loaded through the module's service (src/demo/<module>.ts). */
export type ModuleDemo = (db: Database, ctx: TerritoryContext) => Promise<void>;

/** Each module's demo data, in dependency order (a module after those it refers to). */
const MODULE_DEMOS: readonly ModuleDemo[] = [
  // aids
  loadAidsDemo,
  // assemblies
  loadAssembliesDemo,
  // procurement
  loadProcurementDemo,
  // agreements
  loadAgreementsDemo,
  // charging
  loadChargingDemo,
  // catalogue
  loadCatalogueDemo,
  // convergence and scheme
  loadConvergenceDemo,
  // deliberations (after procurement, which gives the EPCI its SIRET)
  loadDeliberationsDemo,
];
