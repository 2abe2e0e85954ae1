import type { Database } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import type { Contract } from './contract-model.ts';
import { contractRows, saveContracts } from './contract-service.ts';
import { decpDocument, publicationExclusion, toDecpMarche } from './decp/export.ts';
import { DecpImportError, readDecp, type DecpNotice, type DecpProblem } from './decp/import.ts';
import * as store from './store.ts';

export { DecpImportError };

/** Bodies of the territory that publish their own contracts' data; outside bodies publish theirs elsewhere. */
const OWN_KINDS = new Set(['epci', 'commune', 'ccas', 'syndicate']);

export interface DecpExport {
  readonly document: ReturnType<typeof decpDocument>;
  readonly included: readonly Contract[];
  readonly excluded: readonly { readonly contract: Contract; readonly reason: string }[];
}

/**
 * The DECP v2 file of a year: each contract notified that year, published by its buyer (the one who signs), unless the
 * buyer is outside the territory or the amount is under the threshold in force at notification. `buyerSiret` narrows it to one buyer.
 */
export async function exportDecp(db: Database, ctx: TerritoryContext, options: { year: number; buyerSiret?: string | null; today: string }): Promise<DecpExport> {
  const register = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c]));
  const all = await db.transaction(scopeOf(ctx), (tx) => store.listContracts(tx, ctx.territoryId));
  const ofYear = all.filter((c) => c.notifiedOn.startsWith(`${options.year}-`) && (!options.buyerSiret || c.buyerSiret === options.buyerSiret));
  const included: Contract[] = [];
  const excluded: { contract: Contract; reason: string }[] = [];
  for (const contract of ofYear) {
    const buyer = contract.buyerId ? register.get(contract.buyerId) : undefined;
    const reason = publicationExclusion(contract, buyer !== undefined && OWN_KINDS.has(buyer.kind));
    if (reason) excluded.push({ contract, reason });
    else included.push(contract);
  }
  return { document: decpDocument(included.map((c) => toDecpMarche(c, options.today))), included, excluded };
}

function buyerOf(siret: string, register: readonly Collectivity[]): Collectivity | null {
  return register.find((c) => c.siret === siret) ?? register.find((c) => c.siren !== null && c.siren === siret.slice(0, 9)) ?? null;
}

export interface DecpImportResult {
  readonly created: number;
  /** Contracts whose buyer was found in the register (by SIRET, or by SIREN for another establishment). */
  readonly linked: number;
  readonly notices: readonly DecpNotice[];
}

/** Loads past contracts from a DECP v2 file, all or nothing: every problem is listed with its line, record and field. */
export async function importDecp(db: Database, ctx: TerritoryContext, text: string, source: string): Promise<DecpImportResult> {
  const { records, notices } = readDecp(text);
  const register = await territory.listCollectivities(db, ctx);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const existing = await store.contractKeys(tx, ctx.territoryId);
    const problems: DecpProblem[] = records
      .filter((r) => existing.has(`${r.contract.buyerSiret}|${r.contract.reference}`))
      .map((r) => ({ line: r.line, record: r.record, recordId: r.contract.reference, field: 'id', message: 'ce marché de cet acheteur est déjà enregistré dans le territoire.' }));
    if (problems.length > 0) throw new DecpImportError(problems);
    let linked = 0;
    const rows = records.map((r) => {
      const buyer = buyerOf(r.contract.buyerSiret, register);
      if (buyer) linked++;
      return contractRows(ctx.territoryId, { ...r.contract, groupId: null, lotId: null, sharedDirection: null, buyerId: buyer?.id ?? null }, source, r.modifications, r.subcontracting);
    });
    await saveContracts(tx, ctx, rows);
    return { created: rows.length, linked, notices };
  });
}
