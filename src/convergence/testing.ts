import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import * as territory from '../territory/service.ts';
import * as convergence from './service.ts';
import * as scheme from '../scheme/service.ts';

/**
 * For the authorization matrix: route parameters of the convergence and scheme routes in both territories — the
 * demo's own rows in the first, rows planted in the second with the canary in their text (none of it may leak).
 */
export async function plantConvergence(db: Database, first: TerritoryContext, second: TerritoryContext, canaryTerritory: string): Promise<{ first: Record<string, string>; second: Record<string, string> }> {
  const params = async (ctx: TerritoryContext) => {
    const project = (await convergence.listProjects(db, ctx)).find((v) => v.participants.length > 0)!;
    const current = (await scheme.currentScheme(db, ctx))!;
    const action = (await scheme.schemeDetail(db, ctx, current.id)).actions[0]!;
    return { convergenceProjectId: project.project.id, participantId: project.participants[0]!.id, poolingSchemeId: current.id, actionId: action.id, year: '2019' };
  };
  const city = (await territory.listCollectivities(db, second)).find((c) => c.kind === 'epci')!;
  await convergence.createProject(db, second, { category: 'software', title: `${canaryTerritory} logiciel`, tool: canaryTerritory, startedOn: '2019', status: 'done', note: canaryTerritory, participantIds: [city.id] });
  const planted = await scheme.createScheme(db, second, { title: `${canaryTerritory} schéma`, sentToCommunesOn: '2015-06-01', adoptedOn: '2015-12-01', context: canaryTerritory, orientations: [`${canaryTerritory} orientation`], principles: [canaryTerritory] });
  await scheme.addAction(db, second, planted.id, { orientation: 1, title: `${canaryTerritory} action`, status: 'inProgress' });
  return { first: await params(first), second: await params(second) };
}
