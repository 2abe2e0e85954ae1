import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SIREN, type DemoLogin } from '../../src/demo/service.ts';

export { DEMO_PASSWORD, DEMO_SIREN };

/** The demo accounts by a short name (two of them are commune users). */
export const ACCOUNTS = {
  admin: 'admin@demo.mutualis.fr',
  finance: 'finances@demo.mutualis.fr',
  serviceHead: 'service@demo.mutualis.fr',
  secretariat: 'assemblees@demo.mutualis.fr',
  saintChamond: 'saint-chamond@demo.mutualis.fr',
  firminy: 'firminy@demo.mutualis.fr',
  reader: 'elu@demo.mutualis.fr',
} as const;
export type Account = keyof typeof ACCOUNTS;

export function demoLogin(account: Account): DemoLogin {
  const login = DEMO_LOGINS.find((l) => l.email === ACCOUNTS[account]);
  if (!login) throw new Error(`Compte de démonstration inconnu : ${account}`);
  return login;
}

/** The territory's base path. */
export const BASE = `/t/${DEMO_SIREN}`;

/** Numbers are printed with narrow no-break spaces (U+202F) and no-break spaces: compare them as plain spaces. */
export function plain(text: string | null | undefined): string {
  return (text ?? '').replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The second territory the global setup creates with `mutualis init` (tenancy: nothing of it shows in the first). */
export const SECOND_TERRITORY = { siren: '200040715', name: 'Grenoble-Alpes-Métropole', communes: 49, cityInsee: '38185' } as const;

/** Administrator of the second territory, also reader of the demo one: the only person with two territories. */
export const TWO_TERRITORIES = { email: 'admin@grenoble.example', displayName: 'Inès Garnier (Grenoble-Alpes-Métropole)', password: DEMO_PASSWORD } as const;
