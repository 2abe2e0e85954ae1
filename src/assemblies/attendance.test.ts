import { describe, expect, it } from 'vitest';
import { arrivalProblem, itemQuorum, proxyProblem, seatsAt, substitutionProblem, withdrawalProblem, type Movement, type ProxyFact, type SittingFacts, type SubstitutionFact } from './attendance.ts';
import { defaultRuleSets, ruleInForce, type RuleSet } from './model.ts';

const rules: RuleSet[] = defaultRuleSets(5, true).map((r, i) => ({ ...r, id: `r${i}`, bodyId: 'b' }));
const common = ruleInForce(rules, '2020-01-27')!;
const covid = ruleInForce(rules, '2021-01-15')!;

/** A sitting of `n` titular members m1…mn, one per commune c1…cn, and a substitute s1 for commune c1. */
function sitting(n: number, events: { movements?: Movement[]; proxies?: ProxyFact[]; substitutions?: SubstitutionFact[]; withdrawals?: [number, string[]][]; excused?: string[] } = {}): SittingFacts {
  return {
    inOffice: Array.from({ length: n }, (_, i) => ({ memberId: `m${i + 1}`, communeId: `c${i + 1}` })),
    substitutes: [{ memberId: 's1', communeId: 'c1' }],
    excused: new Set(events.excused ?? []),
    movements: events.movements ?? [],
    proxies: events.proxies ?? [],
    substitutions: events.substitutions ?? [],
    withdrawals: new Map((events.withdrawals ?? []).map(([p, ids]) => [p, new Set(ids)])),
  };
}

let seq = 0;
const arrive = (memberId: string, fromPosition = 1): Movement => ({ memberId, kind: 'arrival', fromPosition, seq: ++seq });
const leave = (memberId: string, fromPosition: number): Movement => ({ memberId, kind: 'departure', fromPosition, seq: ++seq });
const proxy = (giverId: string, holderId: string, fromPosition = 1): ProxyFact => ({ id: `p-${giverId}`, giverId, holderId, fromPosition, revokedFromPosition: null, seq: ++seq });
const arrivals = (from: number, to: number, position = 1) => Array.from({ length: to - from + 1 }, (_, i) => arrive(`m${from + i}`, position));

describe('attendance per agenda item', () => {
  it('112 in office: 56 present is not the quorum, the 57th arrival is', () => {
    const facts = sitting(112, { movements: arrivals(1, 56) });
    expect(itemQuorum(seatsAt(facts, 1), common, false).text).toBe('57 requis, 56 présents : non atteint');
    const after = sitting(112, { movements: [...arrivals(1, 56), arrive('m57')] });
    expect(itemQuorum(seatsAt(after, 1), common, false).text).toBe('57 requis, 57 présents : atteint');
  });

  it('arrivals and departures between items change the next items only', () => {
    const facts = sitting(11, { movements: [...arrivals(1, 6), leave('m6', 3), arrive('m7', 2)] });
    expect([1, 2, 3].map((p) => seatsAt(facts, p).present)).toEqual([6, 7, 6]);
    expect([1, 2, 3].map((p) => itemQuorum(seatsAt(facts, p), common, false).reached)).toEqual([true, true, true]);
    const thin = sitting(11, { movements: [...arrivals(1, 6), leave('m6', 3)] });
    expect(itemQuorum(seatsAt(thin, 3), common, false).text).toBe('6 requis, 5 présents : non atteint');
  });

  it('a member withdrawing for a personal interest is not counted for that item only', () => {
    const facts = sitting(11, { movements: arrivals(1, 6), withdrawals: [[2, ['m1']]] });
    expect(seatsAt(facts, 1).present).toBe(6);
    expect(seatsAt(facts, 2).present).toBe(5);
    expect(itemQuorum(seatsAt(facts, 2), common, false).reached).toBe(false);
    expect(seatsAt(facts, 2).seats.find((s) => s.memberId === 'm1')!.presence).toBe('withdrawn');
    expect(seatsAt(facts, 3).present).toBe(6);
  });

  it('a proxy gives a voice, lapses when its giver arrives, and can be given by a member who leaves', () => {
    const given = proxy('m9', 'm1');
    const facts = sitting(11, { movements: arrivals(1, 6), proxies: [given] });
    expect(seatsAt(facts, 1)).toMatchObject({ present: 6, represented: 1, votingPower: 7 });
    const arrived = sitting(11, { movements: [...arrivals(1, 6), arrive('m9', 2)], proxies: [given] });
    expect([1, 2].map((p) => seatsAt(arrived, p).represented)).toEqual([1, 0]);
    expect(seatsAt(arrived, 2)).toMatchObject({ present: 7, votingPower: 7 });
    const leaving = leave('m2', 3);
    const left = sitting(11, { movements: [...arrivals(1, 6), leaving], proxies: [proxy('m2', 'm3', 3)] });
    expect(seatsAt(left, 3)).toMatchObject({ present: 5, represented: 1, votingPower: 6 });
    expect(seatsAt(left, 3).seats.find((s) => s.memberId === 'm2')).toMatchObject({ presence: 'represented', holderId: 'm3' });
  });

  it('proxies do not count toward the quorum, except where the rule says so', () => {
    const spring = ruleInForce(rules, '2020-05-15')!;
    const facts = sitting(112, { movements: arrivals(1, 30), proxies: Array.from({ length: 10 }, (_, i) => proxy(`m${40 + i}`, `m${i + 1}`)) });
    expect(itemQuorum(seatsAt(facts, 1), covid, false).reached).toBe(false);
    expect(itemQuorum(seatsAt(facts, 1), spring, false).reached).toBe(true);
  });

  it('absent members are excused or absent; a substitute fills the seat of an absent single-seat titular', () => {
    const facts = sitting(3, { movements: [arrive('m2'), arrive('s1')], excused: ['m3'], substitutions: [{ titularId: 'm1', substituteId: 's1', fromPosition: 1, seq: ++seq }] });
    const states = seatsAt(facts, 1).seats.map((s) => [s.memberId, s.presence, s.substituteId]);
    expect(states).toEqual([
      ['m1', 'substituted', 's1'],
      ['m2', 'present', null],
      ['m3', 'excused', null],
    ]);
    expect(seatsAt(facts, 1).present).toBe(2);
  });
});

describe('refused events (French reason)', () => {
  it('a proxy to an absent member, from a present one, or beyond the limit', () => {
    const facts = sitting(11, { movements: arrivals(1, 6), proxies: [proxy('m9', 'm1')] });
    const base = { position: 1, sittingsCovered: 1, illnessCertified: false };
    expect(proxyProblem(facts, { ...base, giverId: 'm10', holderId: 'm8' }, common)).toMatchObject({ field: 'holderId', message: expect.stringContaining("n'est pas présent") });
    expect(proxyProblem(facts, { ...base, giverId: 'm2', holderId: 'm3' }, common)).toMatchObject({ field: 'giverId', message: expect.stringContaining('est présent') });
    expect(proxyProblem(facts, { ...base, giverId: 'm10', holderId: 'm1' }, common)).toMatchObject({ field: 'holderId', message: expect.stringContaining('un seul') });
    expect(proxyProblem(facts, { ...base, giverId: 'm10', holderId: 'm1' }, covid)).toBeNull();
    expect(proxyProblem(facts, { ...base, giverId: 'm9', holderId: 'm2' }, common)).toMatchObject({ field: 'giverId' });
    expect(proxyProblem(facts, { ...base, giverId: 'm10', holderId: 'm2', sittingsCovered: 4 }, common)).toMatchObject({ field: 'writtenOn', message: expect.stringContaining('3 au plus') });
    expect(proxyProblem(facts, { ...base, giverId: 'm10', holderId: 'm2', sittingsCovered: 4, illnessCertified: true }, common)).toBeNull();
    expect(proxyProblem(facts, { ...base, giverId: 'm10', holderId: 'm2' }, common)).toBeNull();
  });

  it('an arrival of a present member, a substitute for a present titular, a withdrawal twice', () => {
    const facts = sitting(3, { movements: [arrive('m1')], withdrawals: [[1, ['m2']]] });
    expect(arrivalProblem(facts, 'm1', 1)).toMatch(/déjà marqué présent/);
    expect(arrivalProblem(facts, 'inconnu', 1)).toMatch(/pas en exercice/);
    expect(substitutionProblem(facts, { titularId: 'm1', substituteId: 's1', position: 1 })).toMatchObject({ field: 'titularId' });
    expect(substitutionProblem(facts, { titularId: 'm2', substituteId: 's1', position: 1 })).toMatchObject({ field: 'substituteId' });
    expect(withdrawalProblem(facts, 'm2', 1)).toMatch(/déjà noté/);
  });
});
