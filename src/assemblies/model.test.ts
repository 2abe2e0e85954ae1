import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkConvocation,
  compareRegisterOrder,
  defaultRuleSets,
  memberName,
  quorumOf,
  quorumRequired,
  ruleInForce,
  secondConvocationProblem,
  voteCountsProblem,
  voteOutcome,
  type RuleSet,
} from './model.ts';

const rules: RuleSet[] = defaultRuleSets(5, true).map((r, i) => ({ ...r, id: `r${i}`, bodyId: 'b' }));
const on = (date: string) => ruleInForce(rules, date)!;

describe('the rule set in force is chosen by the sitting date (COVID periods are data)', () => {
  it.each([
    ['2020-01-27', 'Droit commun', 57, 1, false],
    ['2020-03-23', 'Droit commun', 57, 1, false],
    ['2020-03-24', 'État d’urgence sanitaire', 38, 2, false],
    ['2020-05-15', 'État d’urgence sanitaire (présents ou représentés)', 38, 2, true],
    ['2020-07-15', 'Sortie de l’état d’urgence sanitaire', 38, 2, false],
    ['2021-09-30', 'Sortie de l’état d’urgence sanitaire', 38, 2, false],
    ['2021-10-15', 'Droit commun', 57, 1, false],
    ['2021-11-10', 'Vigilance sanitaire', 38, 2, false],
    ['2022-07-31', 'Vigilance sanitaire', 38, 2, false],
    ['2022-08-01', 'Droit commun', 57, 1, false],
    ['2026-01-26', 'Droit commun', 57, 1, false],
  ])('on %s: %s, quorum %i of 112, %i proxies per holder, represented count: %s', (date, label, quorum, proxies, represented) => {
    const rule = on(date);
    expect(rule.label).toBe(label);
    expect(quorumRequired(112, rule)).toBe(quorum);
    expect(rule.maxProxiesPerHolder).toBe(proxies);
    expect(rule.proxiesCountTowardQuorum).toBe(represented);
  });

  it('leaves no gap and no overlap between the default periods', () => {
    for (let i = 1; i < rules.length; i++) {
      const day = new Date(`${rules[i - 1]!.validTo!}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() + 1);
      expect(rules[i]!.validFrom).toBe(day.toISOString().slice(0, 10));
    }
    expect(rules.at(-1)!.validTo).toBeNull();
  });
});

describe('quorum (CGCT L2121-17): more than half of the members in office, not "half plus one"', () => {
  const common = on('2020-01-27');
  const covid = on('2021-01-15');
  it.each([
    [8, 5, 3],
    [11, 6, 4],
    [112, 57, 38],
    [113, 57, 38],
    [111, 56, 37],
    [1, 1, 1],
  ])('%i in office: %i required (common law), %i (one third)', (inOffice, half, third) => {
    expect(quorumRequired(inOffice, common)).toBe(half);
    expect(quorumRequired(inOffice, covid)).toBe(third);
  });

  it('prints its reason', () => {
    expect(quorumOf({ inOffice: 112, present: 84, represented: 10, rule: common, secondConvocation: false })).toEqual({ required: 57, counted: 84, reached: true, text: '57 requis, 84 présents : atteint' });
    expect(quorumOf({ inOffice: 112, present: 56, represented: 10, rule: common, secondConvocation: false }).text).toBe('57 requis, 56 présents : non atteint');
    expect(quorumOf({ inOffice: 112, present: 57, represented: 0, rule: common, secondConvocation: false }).reached).toBe(true);
  });

  it('counts represented members only where the rule says so (spring 2020)', () => {
    const spring = on('2020-05-15');
    const summer = on('2020-07-15');
    expect(quorumOf({ inOffice: 112, present: 30, represented: 10, rule: spring, secondConvocation: false })).toMatchObject({ counted: 40, reached: true, text: '38 requis, 30 présents et 10 représentés : atteint' });
    expect(quorumOf({ inOffice: 112, present: 30, represented: 10, rule: summer, secondConvocation: false })).toMatchObject({ counted: 30, reached: false, text: '38 requis, 30 présents : non atteint' });
  });

  it('needs no quorum on a second convocation', () => {
    expect(quorumOf({ inOffice: 112, present: 12, represented: 0, rule: common, secondConvocation: true })).toMatchObject({ required: null, reached: true });
    expect(secondConvocationProblem('2020-01-27', '2020-01-29', common)).toMatch(/3 jours au moins/);
    expect(secondConvocationProblem('2020-01-27', '2020-01-30', common)).toBeNull();
  });

  it('more than half is the smallest count strictly above half (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (n) => {
        const q = quorumRequired(n, common);
        expect(q * 2).toBeGreaterThan(n);
        expect((q - 1) * 2).toBeLessThanOrEqual(n);
      }),
    );
  });
});

describe('convocation delay in jours francs', () => {
  const rule = on('2020-01-27');
  it('accepts the reference sitting (convened 14 January for 27 January: 12 jours francs)', () => {
    expect(checkConvocation({ convokedOn: '2020-01-14', sittingDate: '2020-01-27', urgency: false, rule })).toMatchObject({ ok: true, required: 5, text: '12 jours francs, dont 4 jours de week-end, qui comptent ; 5 jours francs requis : délai respecté' });
  });
  it('refuses 4 jours francs for a body that needs 5, unless urgent (1 at least)', () => {
    expect(checkConvocation({ convokedOn: '2020-04-08', sittingDate: '2020-04-13', urgency: false, rule }).ok).toBe(false);
    expect(checkConvocation({ convokedOn: '2020-04-08', sittingDate: '2020-04-14', urgency: false, rule }).text).toBe(
      '5 jours francs, dont 2 jours de week-end et 1 jour férié (lundi de Pâques), qui comptent ; 5 jours francs requis : délai respecté',
    );
    expect(checkConvocation({ convokedOn: '2020-01-25', sittingDate: '2020-01-27', urgency: true, rule }).ok).toBe(true);
    expect(checkConvocation({ convokedOn: '2020-01-26', sittingDate: '2020-01-27', urgency: true, rule }).ok).toBe(false);
  });
});

describe('votes (L2121-20): absolute majority of votes cast, casting vote of the president', () => {
  it.each([
    // for, against, abstain, mode, president, result, casting used
    [60, 30, 4, 'show', 'for', 'adopted', false],
    [30, 60, 4, 'show', 'for', 'rejected', false],
    [40, 40, 14, 'show', 'for', 'adopted', true],
    [40, 40, 14, 'show', 'against', 'rejected', true],
    [40, 40, 14, 'nominal', 'for', 'adopted', true],
    [40, 40, 14, 'secret', 'for', 'rejected', false],
    [40, 40, 14, 'show', 'abstain', 'rejected', false],
    [0, 0, 94, 'show', 'abstain', 'rejected', false],
    [1, 0, 93, 'show', 'abstain', 'adopted', false],
  ] as const)('%i for, %i against, %i abstaining (%s, president %s): %s', (f, a, ab, mode, president, result, casting) => {
    const outcome = voteOutcome({ for: f, against: a, abstain: ab, notVoting: 0 }, mode, president);
    expect(outcome.result).toBe(result);
    expect(outcome.castingVoteUsed).toBe(casting);
  });

  it('says why', () => {
    expect(voteOutcome({ for: 94, against: 0, abstain: 0, notVoting: 0 }, 'show', 'for').text).toBe('Adopté à l’unanimité (94 pour)');
    expect(voteOutcome({ for: 40, against: 40, abstain: 14, notVoting: 0 }, 'secret', 'for').text).toMatch(/au scrutin secret, la voix du président n’est pas prépondérante/);
  });

  it('refuses more votes than available, naming the field', () => {
    expect(voteCountsProblem({ for: 90, against: 5, abstain: 0 }, 94)).toMatchObject({ field: 'for', message: expect.stringContaining('95 voix déclarées pour 94 voix disponibles') });
    expect(voteCountsProblem({ for: -1, against: 5, abstain: 0 }, 94)).toMatchObject({ field: 'for' });
    expect(voteCountsProblem({ for: 90, against: 4, abstain: 0 }, 94)).toBeNull();
  });
});

describe('names as the register prints them', () => {
  it('keeps accents and compound names, last name in capitals', () => {
    expect(memberName({ civility: 'Mme', firstName: 'Emmanuelle', lastName: 'Charollais-Cheytion' })).toBe('Mme Emmanuelle CHAROLLAIS-CHEYTION');
    expect(memberName({ civility: 'M.', firstName: 'Gaël', lastName: 'PERDRIAU' })).toBe('M. Gaël PERDRIAU');
  });
  it('orders by last name then first name in French collation', () => {
    const names = [
      { id: '1', firstName: 'Jean-Yves', lastName: 'CHARBONNIER' },
      { id: '2', firstName: 'André', lastName: 'CHARBONNIER' },
      { id: '3', firstName: 'Jean-Claude', lastName: 'CHARVIN' },
      { id: '4', firstName: 'Emmanuelle', lastName: 'CHAROLLAIS-CHEYTION' },
      { id: '5', firstName: 'Anne', lastName: 'DE BEAUMONT' },
      { id: '6', firstName: 'Régis', lastName: 'CADEGROS' },
    ];
    expect([...names].sort(compareRegisterOrder).map((n) => n.id)).toEqual(['6', '2', '1', '4', '3', '5']);
  });
});
