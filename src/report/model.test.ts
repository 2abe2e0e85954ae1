import { describe, expect, it } from 'vitest';
import { checkNarrative, checkYear, counted, coveredYear, frenchList, parseMarkup, parseRuns, pickNarrative, SECTIONS, type Section } from './model.ts';

describe('report model', () => {
  it('the report of year N covers the data up to N−1', () => {
    expect(coveredYear(2020)).toBe(2019);
    expect(checkYear(2020)).toBeNull();
    expect(checkYear(1999)).toMatch(/année/);
    expect(checkYear(2020.5)).toMatch(/année/);
  });

  it.each([
    ['a **b** c', [{ text: 'a ', bold: false }, { text: 'b', bold: true }, { text: ' c', bold: false }]],
    ['a **b', [{ text: 'a **b', bold: false }]],
    ['**x**', [{ text: 'x', bold: true }]],
    ['<b>#set', [{ text: '<b>#set', bold: false }]],
  ])('runs of %j', (line, runs) => {
    expect(parseRuns(line)).toEqual(runs);
  });

  it('parses paragraphs and lists', () => {
    expect(parseMarkup('Un\ndeux\n\n- a\n- b **c**\n  suite\nfin\r\n\n')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Un deux', bold: false }] },
      { kind: 'list', items: [[{ text: 'a', bold: false }], [{ text: 'b ', bold: false }, { text: 'c', bold: true }, { text: ' suite', bold: false }]] },
      { kind: 'paragraph', runs: [{ text: 'fin', bold: false }] },
    ]);
    expect(parseMarkup('   \n')).toEqual([]);
  });

  it('refuses control characters and overlong texts', () => {
    expect(checkNarrative('bien')).toBeNull();
    expect(checkNarrative('a\u0007')).toMatch(/contrôle/);
    expect(checkNarrative('x'.repeat(20_001))).toMatch(/dépasse/);
  });

  it('pre-fills a section from the latest earlier year, else the default', () => {
    const defaults = Object.fromEntries(SECTIONS.map((s) => [s, `défaut ${s}`])) as Record<Section, string>;
    const stored = [
      { year: 2018, section: 'context', body: '2018' },
      { year: 2019, section: 'context', body: '2019' },
      { year: 2021, section: 'context', body: '2021' },
    ];
    expect(pickNarrative('context', 2019, stored, defaults)).toEqual({ section: 'context', body: '2019', origin: 'own', fromYear: 2019 });
    expect(pickNarrative('context', 2020, stored, defaults)).toEqual({ section: 'context', body: '2019', origin: 'previous', fromYear: 2019 });
    expect(pickNarrative('governance', 2020, stored, defaults)).toEqual({ section: 'governance', body: 'défaut governance', origin: 'default', fromYear: null });
  });

  it('agrees counted nouns and lists', () => {
    expect(counted(1, 'commune', 'communes')).toBe('1 commune');
    expect(counted(0, 'commune', 'communes')).toBe('0 commune');
    expect(counted(1234, 'compte', 'comptes')).toBe('1 234 comptes');
    expect(frenchList(['A', 'B', 'C'])).toBe('A, B et C');
    expect(frenchList(['A'])).toBe('A');
  });
});
