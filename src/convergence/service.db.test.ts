import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { UserError } from '../platform/http/errors.ts';
import { ImportError } from '../platform/imports.ts';
import { parisToday } from '../platform/clock.ts';
import { loadDemo } from '../demo/service.ts';
import { DEMO_CONVERGENCE_PROJECTS } from '../demo/convergence.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import * as convergence from './service.ts';

describe(`convergence services on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let epci: Collectivity;
  let city: Collectivity;
  let firminy: Collectivity;

  const count = async (table: string) => (await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n;
  const audited = async (entity: string) => (await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where entity = ${entity}`)))[0]!.n;
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof ImportError) return { status: error.status, problems: error.problems.map((p) => `${p.line} ${p.column}`) };
      if (error instanceof UserError) return { status: error.status, field: error.field, message: error.message };
      throw error;
    }
    throw new Error('accepté');
  };

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    const register = await territory.listCollectivities(db, ctx);
    epci = register.find((c) => c.kind === 'epci')!;
    city = register.find((c) => c.inseeCode === '42218')!;
    firminy = register.find((c) => c.inseeCode === '42095')!;
  });
  afterAll(async () => db.close());

  it('the demo holds every row of the reference’s table, by category and period', async () => {
    const table = await convergence.convergenceTable(db, ctx, 2019);
    expect(table.projectCount).toBe(DEMO_CONVERGENCE_PROJECTS.length);
    expect(table.projectCount).toBe(27);
    expect(table.periods).toEqual(['2016/2017', '2018', '2019']);
    expect(table.rows.map((r) => [r.label, ...r.cells.map((c) => c.projects.length)])).toEqual([
      ['Déploiement de logiciels', 5, 3, 7],
      ['Convention de partenariat', 2, 5, 4],
      ['Outils de pilotage et de reporting', 1, 0, 0],
    ]);
    const tools = table.rows[0]!.cells[1]!.projects.map((p) => p.tool);
    expect(tools).toEqual(['CORIOLIS', 'ASTRE', 'BO']);
    expect(table.rows[0]!.cells[2]!.projects.map((p) => p.tool ?? p.title.slice(0, 12))).toEqual(['DOTELEC', 'Nouvelles ap', 'ohris', 'Foederis', 'Outil de web', 'Mise à dispo', 'Messagerie c']);
    const sig = table.rows[0]!.cells[2]!.projects.find((p) => p.title.startsWith('Nouvelles applications'))!;
    expect(sig.startedOn).toEqual({ value: '2019-10', precision: 'month' });
    // Participants: the two collectivities, or the communes the row addresses.
    const coriolis = table.rows[0]!.cells[1]!.projects.find((p) => p.tool === 'CORIOLIS')!;
    expect(table.participants[coriolis.id]!.map((p) => p.name)).toEqual([epci.name, 'Saint-Étienne']);
    const small = table.rows[0]!.cells[2]!.projects.find((p) => p.title.startsWith('Messagerie collaborative'))!;
    const communes = await territory.listCommunes(db, ctx, { on: parisToday() });
    expect(table.participants[small.id]!.length).toBe(1 + communes.filter((c) => c.population! < 2000).length);
    // The 2018 table (report 2019) stops at 2018.
    expect((await convergence.convergenceTable(db, ctx, 2018)).periods).toEqual(['2016/2017', '2018']);
  });

  it('reads what concerns one commune, and counts per year for the dashboards', async () => {
    const sorbiers = (await territory.listCollectivities(db, ctx)).find((c) => c.inseeCode === '42302')!;
    expect((await convergence.projectsOf(db, ctx, sorbiers.id, '2020-01-01')).map((v) => v.project.title)).toEqual(["Mise à disposition d'un outil de visioconférence aux communes"]);
    expect((await convergence.projectsOf(db, ctx, city.id, '2020-01-01')).length).toBe(26);
    const counts = await convergence.convergenceCounts(db, ctx, 2019);
    expect(counts.filter((c) => c.category === 'software').map((c) => c.started)).toEqual([5, 0, 3, 7]);
  });

  it('creates, changes and removes a project, each step in the audit log', async () => {
    const before = await audited('convergence_projects');
    const created = await convergence.createProject(db, ctx, { category: 'steering', title: 'Tableau de bord de la mutualisation', tool: 'Mutualis', startedOn: 'mars 2020', status: 'inProgress', participantIds: [epci.id, city.id] });
    expect(created.startedOn).toEqual({ value: '2020-03', precision: 'month' });
    const changed = await convergence.updateProject(db, ctx, created.id, { category: 'steering', title: 'Tableau de bord de la mutualisation', tool: 'Mutualis', startedOn: '2020-03', endedOn: '2020', status: 'done' });
    // An end known to the year only may be stored before the start's first day: the year spans it.
    expect(changed.endedOn).toEqual({ value: '2020', precision: 'year' });
    expect((await convergence.projectDetail(db, ctx, created.id)).project.endedOn).toEqual({ value: '2020', precision: 'year' });
    const joined = await convergence.addParticipant(db, ctx, created.id, firminy.id, { joinedOn: '2020-09' });
    await convergence.changeParticipant(db, ctx, created.id, joined.id, { joinedOn: '2020-09', leftOn: '2020-11-30' });
    const detail = await convergence.projectDetail(db, ctx, created.id);
    expect(detail.participants.map((p) => [p.name, p.joinedOn?.value ?? null, p.leftOn?.value ?? null])).toEqual([
      [epci.name, null, null],
      ['Firminy', '2020-09', '2020-11-30'],
      ['Saint-Étienne', null, null],
    ]);
    await convergence.removeParticipant(db, ctx, created.id, joined.id);
    await convergence.deleteProject(db, ctx, created.id);
    expect(await refusal(convergence.projectDetail(db, ctx, created.id))).toMatchObject({ status: 404 });
    expect(await audited('convergence_projects')).toBe(before + 3);
    expect(await audited('convergence_participants')).toBeGreaterThanOrEqual(2 + 3 + 2);
  });

  it('refuses bad input with a French message naming the field, and writes nothing', async () => {
    const projects = await count('convergence_projects');
    const participants = await count('convergence_participants');
    expect(await refusal(convergence.createProject(db, ctx, { category: 'logiciels', title: 'Un outil', startedOn: '2020', status: 'done' }))).toMatchObject({ status: 400, field: 'category' });
    expect(await refusal(convergence.createProject(db, ctx, { category: 'software', title: 'Un outil', startedOn: 'l’an prochain', status: 'done' }))).toMatchObject({ status: 400, field: 'startedOn' });
    expect(await refusal(convergence.createProject(db, ctx, { category: 'software', title: 'Outil de gestion locative', startedOn: '2020', status: 'done' }))).toMatchObject({ status: 409, field: 'title' });
    expect(await refusal(convergence.createProject(db, ctx, { category: 'software', title: 'Un outil', startedOn: '2020', status: 'done', participantIds: ['01900000-0000-7000-8000-000000000000'] }))).toMatchObject({ status: 400, field: 'participantIds' });
    const zimbra = (await convergence.listProjects(db, ctx)).find((v) => v.project.tool === 'Zimbra')!;
    expect(await refusal(convergence.addParticipant(db, ctx, zimbra.project.id, city.id))).toMatchObject({ status: 409, field: 'collectivityId' });
    expect(await refusal(convergence.addParticipant(db, ctx, zimbra.project.id, firminy.id, { joinedOn: '2019', leftOn: '2018' }))).toMatchObject({ status: 400, field: 'leftOn' });
    expect(await count('convergence_projects')).toBe(projects);
    expect(await count('convergence_participants')).toBe(participants);
  });

  it('imports a CSV all or nothing, locating every problem', async () => {
    const projects = await count('convergence_projects');
    const bad = ['categorie;intitule;outil;debut;fin;etat;participants', 'Déploiement de logiciels;Parapheur électronique;iXBus;2020;;En cours;244200770, 42218', 'logiciel;Archivage;;2020;;En cours;', 'software;Parapheur électronique;;2021;;Prévu;42999'].join('\n');
    expect(await refusal(convergence.importProjects(db, ctx, new TextEncoder().encode(bad)))).toEqual({ status: 422, problems: ['3 categorie', '4 intitule', '4 participants'] });
    expect(await count('convergence_projects')).toBe(projects);
    const good = ['Catégorie;Intitulé;Outil;Début;Fin;État;Participants;Remarque', 'Déploiement de logiciels;Parapheur électronique;iXBus;2020-02;;En cours;244200770, 42218;', 'Convention de partenariat;Charte du télétravail;;2020;;Prévu;42095;importée'].join('\n');
    expect(await convergence.importProjects(db, ctx, new TextEncoder().encode(good))).toEqual({ projects: 2, participants: 3 });
    expect(await count('convergence_projects')).toBe(projects + 2);
    const table = await convergence.convergenceTable(db, ctx, 2020);
    expect(table.periods).toEqual(['2016/2017', '2018', '2019', '2020']);
    // The same file again: every title is taken.
    expect(await refusal(convergence.importProjects(db, ctx, new TextEncoder().encode(good)))).toEqual({ status: 422, problems: ['2 intitule', '3 intitule'] });
  });

  it('imports an XLSX workbook', async () => {
    const { Workbook } = (await import('exceljs')).default;
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Projets');
    sheet.addRow(['categorie', 'intitule', 'outil', 'debut', 'fin', 'etat', 'participants']);
    sheet.addRow(['Outils de pilotage et de reporting', 'Entrepôt de données RH', 'BO', '2020', '', 'En cours', '42218']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await convergence.importProjects(db, ctx, bytes)).toEqual({ projects: 1, participants: 1 });
  });
});
