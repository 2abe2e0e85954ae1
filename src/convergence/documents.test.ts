import { describe, expect, it } from 'vitest';
import { tableToCsv } from '../platform/documents/index.ts';
import { convergenceDocumentTable, projectLabel } from './documents.ts';
import type { ConvergenceTableView } from './service.ts';
import { convergenceTable } from './model.ts';

describe('the convergence table as a document', () => {
  it('names the tool after the title unless the title already does', () => {
    expect(projectLabel({ title: 'Déploiement du logiciel de gestion financière', tool: 'CORIOLIS' })).toBe('Déploiement du logiciel de gestion financière (CORIOLIS)');
    expect(projectLabel({ title: 'Convention FIPHFP (Fonds pour l’Insertion…)', tool: 'FIPHFP' })).toBe('Convention FIPHFP (Fonds pour l’Insertion…)');
    expect(projectLabel({ title: 'Outil de web conférence', tool: null })).toBe('Outil de web conférence');
  });

  it('lists one line per project, with its period, years as known and participants', () => {
    const project = { id: 'a', category: 'software' as const, title: 'Outil de gestion locative', tool: 'GIMA', startedOn: { value: '2016', precision: 'year' as const }, endedOn: { value: '2017', precision: 'year' as const }, status: 'done' as const, note: null };
    const view: ConvergenceTableView = { ...convergenceTable([project], 2019), participants: { a: [{ id: 'p', projectId: 'a', collectivityId: 'c', name: 'Saint-Étienne', kind: 'commune', joinedOn: null, leftOn: null }] } };
    const doc = convergenceDocumentTable(view);
    expect(doc.rows).toEqual([['Déploiement de logiciels', '2016/2017', 'Outil de gestion locative (GIMA)', '2016', '2017', 'Réalisé', 'Saint-Étienne']]);
    expect(new TextDecoder().decode(tableToCsv(doc))).toContain('Outil de gestion locative (GIMA)');
  });
});
