import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import * as assemblies from '../assemblies/service.ts';
import * as deliberations from '../deliberations/service.ts';
import { DEMO_COUNCIL, DEMO_ITEM_TITLE, DEMO_SITTING_DATE } from './assemblies.ts';
import { PRESIDENT } from './assemblies-register.ts';

export const DEMO_DELIBERATION = '2020.00079';
/** The reference's receipt stamp: received on 4 February 2020 through the certified operator, applicable the same day. */
export const DEMO_RECEIVED_ON = '2020-02-04';
export const DEMO_CHANNEL = 'DOTELEC - iXBus';

/**
 * Deliberation 2020.00079 of the sitting of 27 January 2020, as its extract of the register gives it: the council
 * takes note of the progress report. The register of 2020 starts at 79 here (the 78 before are not in the
 * reference). Publication on 4 February 2020 is illustrative: the extract gives that day as the date of application.
 */
export async function loadDeliberationsDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  const council = (await assemblies.listBodies(db, ctx)).find((b) => b.name === DEMO_COUNCIL)!;
  const sitting = (await assemblies.listSittings(db, ctx, { bodyId: council.id, from: DEMO_SITTING_DATE, to: DEMO_SITTING_DATE }))[0]!;
  const overview = await assemblies.sittingOverview(db, ctx, sitting.id);
  const item = overview.state.items.find((i) => i.title === DEMO_ITEM_TITLE)!;
  const [civility, firstName, lastName] = PRESIDENT.split('|');
  const president = [...overview.state.members.values()].find((m) => m.civility === civility && m.firstName === firstName && m.lastName === lastName)!;
  await deliberations.configureNumbering(db, ctx, 2020, { pattern: '{AAAA}.{NNNNN}', firstNumber: 79 });
  const deliberation = await deliberations.createDeliberation(db, ctx, {
    itemId: item.id,
    title: "Rapport d'avancement du schéma de mutualisation - 2020",
    matterCode: '5.7',
    recitals: "L'avancement du schéma de mutualisation 2020 a fait l'objet d'un rapport détaillé ci-joint.",
    decision: "Le Conseil Métropolitain prend acte du rapport d'avancement du schéma de mutualisation.",
    rapporteurId: president.id,
  });
  await deliberations.recordTransmission(db, ctx, deliberation.id, { transmittedOn: DEMO_RECEIVED_ON, acknowledgedOn: DEMO_RECEIVED_ON, channel: DEMO_CHANNEL });
  await deliberations.publishDeliberation(db, ctx, deliberation.id, DEMO_RECEIVED_ON);
}
