import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  convergenceTable,
  countsByYear,
  describeYears,
  firstDay,
  lastDay,
  participatesOn,
  periodLabel,
  periodOf,
  readLegalDate,
  validateImport,
  validateParticipation,
  validateProject,
  type ConvergenceProject,
} from './model.ts';

const aProject = (overrides: Partial<ConvergenceProject> = {}): ConvergenceProject => ({
  id: overrides.title ?? 'p',
  category: 'software',
  title: 'Déploiement du logiciel de gestion financière',
  tool: 'CORIOLIS',
  startedOn: { value: '2018', precision: 'year' },
  endedOn: null,
  status: 'done',
  note: null,
  ...overrides,
});

describe('dates with their precision', () => {
  it.each([
    ['2016', { value: '2016', precision: 'year' }],
    ['2017-02', { value: '2017-02', precision: 'month' }],
    ['2020-01-27', { value: '2020-01-27', precision: 'day' }],
    ['27/01/2020', { value: '2020-01-27', precision: 'day' }],
    ['3/2019', { value: '2019-03', precision: 'month' }],
    ['mars 2019', { value: '2019-03', precision: 'month' }],
    ['en février 2017', { value: '2017-02', precision: 'month' }],
    ['Fin 2016', { value: '2016', precision: 'year' }],
    ['depuis 2015', { value: '2015', precision: 'year' }],
  ])('reads « %s »', (text, expected) => expect(readLegalDate(text)).toEqual(expected));

  it.each(['', '2019-13', '31/02/2020', 'brumaire 2019', '19', 'fin'])('refuses « %s »', (text) => expect(readLegalDate(text)).toBeNull());

  it('spans the whole year or month', () => {
    expect([firstDay({ value: '2016', precision: 'year' }), lastDay({ value: '2016', precision: 'year' })]).toEqual(['2016-01-01', '2016-12-31']);
    expect(lastDay({ value: '2020-02', precision: 'month' })).toBe('2020-02-29');
    expect(lastDay({ value: '2019-02', precision: 'month' })).toBe('2019-02-28');
  });

  it('a participant takes part between its dates, a year-precision date spanning its year', () => {
    const p = { joinedOn: { value: '2018', precision: 'year' as const }, leftOn: { value: '2019-06', precision: 'month' as const } };
    expect([participatesOn(p, '2017-12-31'), participatesOn(p, '2018-01-01'), participatesOn(p, '2019-06-30'), participatesOn(p, '2019-07-01')]).toEqual([false, true, true, false]);
    expect(participatesOn({ joinedOn: null, leftOn: null }, '1990-01-01')).toBe(true);
  });
});

describe('the report’s table, by category and period', () => {
  const projects = [
    aProject({ title: 'Plateforme ADS', startedOn: { value: '2016', precision: 'year' }, endedOn: { value: '2017', precision: 'year' } }),
    aProject({ title: 'CORIOLIS' }),
    aProject({ title: 'RIFSEEP', category: 'partnership', startedOn: { value: '2016', precision: 'year' }, endedOn: { value: '2017', precision: 'year' } }),
    aProject({ title: 'Tixéo', startedOn: { value: '2019-03', precision: 'month' }, status: 'inProgress' }),
    aProject({ title: 'Abandonné', startedOn: { value: '2019', precision: 'year' }, status: 'abandoned' }),
    aProject({ title: 'Futur', startedOn: { value: '2020', precision: 'year' }, status: 'planned' }),
  ];

  it('has the reference’s columns and every category as a row', () => {
    const table = convergenceTable(projects, 2019);
    expect(table.periods).toEqual(['2016/2017', '2018', '2019']);
    expect(table.rows.map((r) => r.label)).toEqual(['Déploiement de logiciels', 'Convention de partenariat', 'Outils de pilotage et de reporting']);
    expect(table.rows[0]!.cells.map((c) => c.projects.map((p) => p.title))).toEqual([['Plateforme ADS'], ['CORIOLIS'], ['Tixéo']]);
    expect(table.rows[1]!.cells.map((c) => c.projects.length)).toEqual([1, 0, 0]);
    expect(table.rows[2]!.cells.every((c) => c.projects.length === 0)).toBe(true);
    expect(table.projectCount).toBe(4);
  });

  it('leaves out what starts after the year covered and abandoned projects', () => {
    expect(convergenceTable(projects, 2020).periods).toEqual(['2016/2017', '2018', '2019', '2020']);
    expect(convergenceTable(projects, 2017).projectCount).toBe(2);
    expect(convergenceTable([], 2019)).toEqual({ throughYear: 2019, periods: [], rows: expect.any(Array), projectCount: 0 });
  });

  it('labels periods and years', () => {
    expect(periodLabel(periodOf(projects[0]!))).toBe('2016/2017');
    expect(describeYears(projects[0]!)).toBe('2016 – 2017');
    expect(describeYears(projects[3]!)).toBe('depuis mars 2019');
    expect(describeYears(projects[1]!)).toBe('2018');
  });

  it('puts every kept project in exactly one cell (property)', () => {
    const arb = fc.array(
      fc.record({ category: fc.constantFrom('software', 'partnership', 'steering'), from: fc.integer({ min: 2010, max: 2025 }), span: fc.integer({ min: 0, max: 3 }), status: fc.constantFrom('planned', 'inProgress', 'done', 'abandoned') }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 2010, max: 2026 }), (specs, year) => {
        const list = specs.map((s, i) =>
          aProject({ id: String(i), title: `P${i}`, category: s.category as ConvergenceProject['category'], startedOn: { value: String(s.from), precision: 'year' }, endedOn: s.span ? { value: String(s.from + s.span), precision: 'year' } : null, status: s.status as ConvergenceProject['status'] }),
        );
        const table = convergenceTable(list, year);
        const placed = table.rows.flatMap((r) => r.cells.flatMap((c) => c.projects.map((p) => p.id)));
        const expected = list.filter((p) => p.status !== 'abandoned' && Number(p.startedOn.value) <= year).map((p) => p.id);
        expect(placed.slice().sort()).toEqual(expected.slice().sort());
        expect(table.rows.every((r) => r.cells.length === table.periods.length)).toBe(true);
      }),
    );
  });
});

describe('validation', () => {
  it('accepts a project typed with French labels', () => {
    const result = validateProject({ category: 'Déploiement de logiciels', title: '  Outil de  gestion des congés ', tool: 'ohris', startedOn: '2019', status: 'en cours' });
    expect(result).toEqual({ project: { category: 'software', title: 'Outil de gestion des congés', tool: 'ohris', startedOn: { value: '2019', precision: 'year' }, endedOn: null, status: 'inProgress', note: null } });
  });

  it('names every wrong field in French', () => {
    const result = validateProject({ category: 'logiciel', title: 'x', startedOn: '2019-14', endedOn: 'demain', status: 'fini' });
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['category', 'title', 'startedOn', 'endedOn', 'status']);
  });

  it('refuses an end before the start, and a planned project that ended', () => {
    const early = validateProject({ category: 'software', title: 'Zimbra', startedOn: '2018', endedOn: '2017', status: 'done' });
    expect('problems' in early && early.problems[0]!.message).toBe('Le champ « fin » ne peut précéder le début du projet.');
    const planned = validateProject({ category: 'software', title: 'Zimbra', startedOn: '2018', endedOn: '2019', status: 'planned' });
    expect('problems' in planned && planned.problems[0]!.field).toBe('status');
    expect(validateProject({ category: 'software', title: 'Zimbra', startedOn: '2018-05', endedOn: '2018', status: 'done' })).toHaveProperty('project');
  });

  it('checks a participant’s dates', () => {
    expect(validateParticipation('2018', '')).toEqual({ joinedOn: { value: '2018', precision: 'year' }, leftOn: null });
    expect(validateParticipation('2019', '2018')).toEqual({ field: 'leftOn', message: 'Le champ « jusqu’à » ne peut précéder « depuis ».' });
    expect(validateParticipation('hier', null)).toHaveProperty('field', 'joinedOn');
  });
});

describe('import', () => {
  const columns = ['categorie', 'intitule', 'outil', 'debut', 'fin', 'etat', 'participants', 'remarque'];
  const resolve = (code: string) => ({ '42218': 'ville', '244200770': 'sem' })[code] ?? null;
  const line = (n: number, values: Record<string, string>) => ({ line: n, values: { categorie: 'software', intitule: `Projet ${n}`, debut: '2019', etat: 'done', ...values } });

  it('reads every line and its participants', () => {
    const result = validateImport(columns, [line(2, { participants: '244200770, 42218; 42218' }), line(3, { categorie: 'Convention de partenariat' })], resolve, new Set());
    expect('lines' in result && result.lines.map((l) => [l.line, l.project.category, l.participantIds])).toEqual([
      [2, 'software', ['sem', 'ville']],
      [3, 'partnership', []],
    ]);
  });

  it('collects every problem with its line and column', () => {
    const result = validateImport(columns, [line(2, { participants: '42999' }), line(3, { debut: 'bientôt' }), line(4, { intitule: 'Projet 2' }), line(5, { intitule: 'Zimbra' })], resolve, new Set(['zimbra']));
    expect('problems' in result && result.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'participants'],
      [3, 'debut'],
      [4, 'intitule'],
      [5, 'intitule'],
    ]);
  });

  it('refuses a file without its columns or without lines', () => {
    expect(validateImport(['intitule'], [], resolve, new Set())).toEqual({ problems: expect.arrayContaining([expect.objectContaining({ line: 1, column: 'categorie' })]) });
    expect(validateImport(columns, [], resolve, new Set())).toEqual({ problems: [{ line: 2, column: '', message: 'Le fichier ne contient aucun projet.' }] });
  });
});

describe('counts for the dashboards', () => {
  it('counts projects started and running each year, per category', () => {
    const projects = [
      aProject({ id: 'a', startedOn: { value: '2016', precision: 'year' }, endedOn: { value: '2017', precision: 'year' } }),
      aProject({ id: 'b', startedOn: { value: '2018-05', precision: 'month' } }),
      aProject({ id: 'c', startedOn: { value: '2018', precision: 'year' }, status: 'abandoned' }),
      aProject({ id: 'd', category: 'partnership', startedOn: { value: '2019', precision: 'year' }, status: 'inProgress' }),
    ];
    const software = countsByYear(projects, 2016, 2019).filter((c) => c.category === 'software');
    expect(software.map((c) => [c.year, c.started, c.running])).toEqual([
      [2016, 1, 1],
      [2017, 0, 1],
      [2018, 1, 1],
      [2019, 0, 1],
    ]);
    expect(countsByYear(projects, 2019, 2019).find((c) => c.category === 'partnership')).toEqual({ year: 2019, category: 'partnership', started: 1, running: 1 });
  });
});
