import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  actesIdProblem,
  actesNumber,
  annexType,
  buildActesId,
  checkTexts,
  DEFAULT_NUMBER_PATTERN,
  enforceableOn,
  formatNumber,
  legalityDatesProblem,
  MAX_ANNEX_BYTES,
  matterText,
  numberPatternProblem,
  parseActesId,
  parseNumber,
} from './model.ts';

describe('yearly numbering under a pattern', () => {
  it.each([
    [DEFAULT_NUMBER_PATTERN, 2020, 79, '2020.00079'],
    ['{AAAA}-{NNN}', 2024, 5, '2024-005'],
    ['DEL{AA}_{NNNN}', 2021, 1234, 'DEL21_1234'],
    ['{AAAA}/{NN}', 2022, 123, '2022/123'],
  ])('%s, %i, %i → %s', (pattern, year, seq, number) => {
    expect(formatNumber(pattern, year, seq)).toBe(number);
    expect(parseNumber(pattern, number)).toEqual({ year, seq });
  });

  it('reads back every number it gives (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 99_999 }), fc.constantFrom(DEFAULT_NUMBER_PATTERN, 'D{AA}-{NNN}', '{NNNN}/{AAAA}'), (year, seq, pattern) => {
        expect(parseNumber(pattern, formatNumber(pattern, year, seq))).toEqual({ year, seq });
      }),
    );
  });

  it.each([
    ['{NNNNN}', 'année'],
    ['{AAAA}', 'rang'],
    ['{AAAA}.{NN}.{NN}', 'rang'],
    ['{AAAA} {NNNNN}', 'lettres'],
    ['', 'entre 1 et 40'],
  ])('refuses the pattern %j', (pattern, word) => {
    expect(numberPatternProblem(pattern)).toContain(word);
  });

  it('refuses a number that does not follow the pattern', () => {
    expect(parseNumber(DEFAULT_NUMBER_PATTERN, '2020-00079')).toBeNull();
    expect(parseNumber(DEFAULT_NUMBER_PATTERN, '2020.00000')).toBeNull();
    expect(parseNumber(DEFAULT_NUMBER_PATTERN, 'abc')).toBeNull();
  });
});

describe('the @ctes identifier', () => {
  const expected = { department: '42', siren: '244200770', decisionDate: '2020-01-27', number: '2020.00079' };

  it('is built as the reference deliberation’s', () => {
    expect(actesNumber('2020.00079')).toBe('2020_00079');
    expect(buildActesId({ ...expected, nature: 'DE' })).toBe('042-244200770-20200127-2020_00079-DE');
    expect(buildActesId({ ...expected, department: '2A', nature: 'DE' })).toMatch(/^02A-/);
    expect(parseActesId('042-244200770-20200127-2020_00079-DE')).toEqual({ department: '042', siren: '244200770', decisionDate: '2020-01-27', number: '2020_00079', nature: 'DE' });
  });

  it.each([
    ['042-244200770-20200127-2020_00079-DE', null],
    ['042-244200770-20200128-2020_00079-DE', 'date du 28/01/2020'],
    ['042-200040715-20200127-2020_00079-DE', 'SIREN 200040715'],
    ['038-244200770-20200127-2020_00079-DE', 'département 038'],
    ['042-244200770-20200127-2020_00080-DE', 'numéro 2020_00080'],
    ['042-244200770-20200127-2020_00079-AR', 'nature AR'],
    ['02-042-24620770-2020127-0202000790', 'DDD-SIREN'],
    ['042-244200770-20200127-2020.00079-DE', 'DDD-SIREN'],
  ])('%s → %s', (id, problem) => {
    const found = actesIdProblem(id, expected);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('legality control and publication dates', () => {
  const base = { adoptedOn: '2020-01-27', transmittedOn: '2020-02-04', acknowledgedOn: '2020-02-04', publishedOn: '2020-02-04' };
  it.each([
    [{}, null],
    [{ transmittedOn: '2020-01-26' }, 'transmittedOn'],
    [{ acknowledgedOn: '2020-02-03' }, 'acknowledgedOn'],
    [{ transmittedOn: null }, 'acknowledgedOn'],
    [{ publishedOn: '2020-01-20' }, 'publishedOn'],
  ])('%j → %s', (change, field) => {
    expect(legalityDatesProblem({ ...base, ...change })?.field ?? null).toBe(field);
  });

  it('is enforceable on the later of publication and receipt (CGCT L2131-1)', () => {
    expect(enforceableOn(base)).toBe('2020-02-04');
    expect(enforceableOn({ ...base, publishedOn: '2020-02-10' })).toBe('2020-02-10');
    expect(enforceableOn({ ...base, publishedOn: null })).toBeNull();
    expect(enforceableOn({ ...base, acknowledgedOn: null })).toBeNull();
  });
});

describe('annexes and texts', () => {
  const pdf = new TextEncoder().encode('%PDF-1.7 …');
  it('accepts a PDF and refuses what is not one', () => {
    expect(annexType('rapport.pdf', pdf)).toEqual({ mediaType: 'application/pdf' });
    expect(annexType('rapport.pdf', new TextEncoder().encode('hello'))).toHaveProperty('problem', expect.stringContaining('.pdf'));
    expect(annexType('virus.exe', pdf)).toHaveProperty('problem', expect.stringContaining('.exe'));
    expect(annexType('../etc/passwd.txt', pdf)).toHaveProperty('problem', expect.stringContaining('sans chemin'));
    expect(annexType('gros.pdf', new Uint8Array(MAX_ANNEX_BYTES + 1).fill(0x25))).toHaveProperty('problem', expect.stringContaining('5 Mo'));
  });

  it('names the field of a wrong text', () => {
    expect(checkTexts({ title: ' ', matterCode: '5.7', decision: 'x' })).toHaveProperty('field', 'title');
    expect(checkTexts({ title: 'T', matterCode: '5.77', decision: 'x' })).toHaveProperty('field', 'matterCode');
    expect(checkTexts({ title: 'T', matterCode: '5.7', decision: '' })).toHaveProperty('field', 'decision');
    expect(checkTexts({ title: ' T ', matterCode: '5.7', decision: 'x' })).toEqual({ title: 'T', matterCode: '5.7', recitals: '', decision: 'x', debates: null });
    expect(matterText('5.7')).toBe('5.7 Intercommunalité (Institutions et vie politique)');
  });
});
