import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { communeOpinions, countActions, opinionDeadline, opinionProblem, tallyOpinions, validateAction, validateScheme, type RecordedOpinion } from './model.ts';

describe('the three months of CGCT L5211-39-1', () => {
  it.each([
    ['2015-06-15', '2015-09-15'],
    ['2015-11-30', '2016-02-29'],
    ['2014-11-30', '2015-02-28'],
    ['2015-10-31', '2016-01-31'],
    ['2015-12-31', '2016-03-31'],
    ['2019-05-31', '2019-08-31'],
    ['2019-03-31', '2019-06-30'],
  ])('a draft sent on %s may be answered until %s', (sent, deadline) => expect(opinionDeadline(sent)).toBe(deadline));

  it('always ends 89 to 92 days later, three months on (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const sent = d.toISOString().slice(0, 10);
        const deadline = opinionDeadline(sent);
        const days = (Date.parse(deadline) - Date.parse(sent)) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(89);
        expect(days).toBeLessThanOrEqual(92);
        const months = (Number(deadline.slice(0, 4)) - Number(sent.slice(0, 4))) * 12 + Number(deadline.slice(5, 7)) - Number(sent.slice(5, 7));
        expect(months).toBe(3);
      }),
    );
  });
});

describe('the communes’ opinions', () => {
  const communes = [
    { id: 'a', name: 'Firminy' },
    { id: 'b', name: 'Saint-Chamond' },
    { id: 'c', name: 'Sorbiers' },
    { id: 'd', name: 'Unieux' },
  ];
  const opinion = (collectivityId: string, givenOn: string, value: RecordedOpinion['opinion'] = 'favourable'): RecordedOpinion => ({ id: collectivityId, collectivityId, opinion: value, givenOn, deliberationReference: null });
  const recorded = [opinion('a', '2015-07-02'), opinion('b', '2015-09-10', 'unfavourable'), opinion('d', '2015-10-05')];

  it('before the deadline, silence is pending', () => {
    const states = communeOpinions(communes, recorded, '2015-06-15', '2015-09-15').map((o) => o.state);
    expect(states).toEqual(['favourable', 'unfavourable', 'pending', 'pending']);
  });

  it('the day after the deadline, silence is deemed favourable, and a late opinion changes nothing', () => {
    const opinions = communeOpinions(communes, recorded, '2015-06-15', '2015-09-16');
    expect(opinions.map((o) => [o.state, o.late])).toEqual([
      ['favourable', false],
      ['unfavourable', false],
      ['tacitFavourable', false],
      ['tacitFavourable', true],
    ]);
    expect(tallyOpinions(opinions)).toEqual({ consulted: 4, favourable: 1, tacitFavourable: 2, unfavourable: 1, pending: 0, favourableInAll: 3 });
  });

  it('an opinion recorded ahead of its date does not count yet', () => {
    expect(communeOpinions(communes, recorded, '2015-06-15', '2015-07-01')[0]!.state).toBe('pending');
  });

  it('no draft sent: nobody was asked yet', () => {
    expect(tallyOpinions(communeOpinions(communes, recorded, null, '2020-01-01'))).toEqual({ consulted: 0, favourable: 0, tacitFavourable: 0, unfavourable: 0, pending: 0, favourableInAll: 0 });
  });

  it('refuses an opinion before the draft, in the future, or without a draft', () => {
    expect(opinionProblem('2015-06-15', '2015-06-14', '2020-01-01')?.field).toBe('givenOn');
    expect(opinionProblem('2015-06-15', '2020-01-02', '2020-01-01')?.message).toMatch(/futur/);
    expect(opinionProblem(null, '2015-07-01', '2020-01-01')?.message).toMatch(/transmis/);
    expect(opinionProblem('2015-06-15', '2015-12-01', '2020-01-01')).toBeNull();
  });
});

describe('the scheme and its actions', () => {
  it('keeps the orientations and principles, one per line, and the adoption with its precision', () => {
    const result = validateScheme({ title: 'Schéma de mutualisation', adoptedOn: '10/12/2015', context: '', orientations: [' la mutualisation de services ', '', 'des plateformes'], principles: ['l’expérimentation'] });
    expect('scheme' in result && [result.scheme.adoptedOn, result.scheme.orientations]).toEqual([{ value: '2015-12-10', precision: 'day' }, ['la mutualisation de services', 'des plateformes']]);
  });

  it('names every wrong field', () => {
    const result = validateScheme({ title: '', sentToCommunesOn: '2015-02-30', adoptedOn: 'bientôt', context: '', orientations: [], principles: [] });
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['title', 'sentToCommunesOn', 'adoptedOn', 'orientations']);
    const early = validateScheme({ title: 'Schéma', sentToCommunesOn: '2015-06-15', adoptedOn: '2015-05', context: '', orientations: ['x'], principles: [] });
    expect('problems' in early && early.problems[0]!.field).toBe('adoptedOn');
  });

  it('checks an action’s orientation, status and dates', () => {
    expect(validateAction({ title: 'Direction générale commune', orientation: 1, status: 'done', startedOn: '2015', completedOn: '2015' }, 3)).toHaveProperty('action.startedOn', { value: '2015', precision: 'year' });
    const wrong = validateAction({ title: 'DG', orientation: 4, status: 'fini', completedOn: 'hier' }, 3);
    expect('problems' in wrong && wrong.problems.map((p) => p.field)).toEqual(['title', 'orientation', 'status', 'completedOn']);
    const notDone = validateAction({ title: 'Foncier', status: 'inProgress', completedOn: '2018' }, 3);
    expect('problems' in notDone && notDone.problems[0]!.message).toBe('Seule une action « Réalisée » a une date de réalisation.');
    expect(countActions([{ status: 'done' }, { status: 'done' }, { status: 'planned' }])).toEqual({ total: 3, byStatus: { planned: 1, inProgress: 0, done: 2, abandoned: 0 } });
  });
});
