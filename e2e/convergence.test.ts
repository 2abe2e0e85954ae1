import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { BASE, plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { ConvergencePage, ProjectPage, SchemePage } from './pages/convergence-pages.ts';

const e2e = useE2e();

describe('convergence projects and the pooling scheme', () => {
  it('a reader sees the reference’s table by category and period, as the report prints it', async () => {
    const page = await e2e.open({ as: 'reader' });
    const convergence = new ConvergencePage(page);
    await convergence.open();
    expect(await convergence.heading.count()).toBe(1);
    expect(await convergence.periods()).toEqual(['2016/2017', '2018', '2019']);
    expect(await convergence.cell('Déploiement de logiciels', '2018')).toEqual([
      'Déploiement du logiciel de gestion financière (CORIOLIS)',
      "Déploiement du système d'information Ressources Humaines (ASTRE)",
      "Outil d'extraction de données finances, RH (BO)",
    ]);
    expect(await convergence.cell('Outils de pilotage et de reporting', '2016/2017')).toEqual(["Mise en place d'outils internes d'aide à la gestion et de reporting (Tableaux de bord et indicateurs)"]);
    expect(await convergence.cell('Convention de partenariat', '2019')).toHaveLength(4);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'convergence-tableau');
    // A reader has no form to change anything.
    expect(await page.getByRole('form', { name: 'Enregistrer un projet' }).count()).toBe(0);
  });

  it('the pooling team records a project, a participant joins and leaves, an import refuses a bad file whole', async () => {
    const admin = await e2e.open({ as: 'admin' });
    const convergence = new ConvergencePage(admin);
    await convergence.open();
    expect(await accessibilityViolations(admin)).toEqual([]);
    await convergence.create({ category: 'Déploiement de logiciels', title: 'Parapheur électronique', tool: 'iXBus', startedOn: 'février 2020', status: 'En cours', participants: ['Saint-Étienne Métropole', 'Saint-Étienne'] });
    const project = new ProjectPage(admin);
    expect(plain(await project.heading.textContent())).toBe('Parapheur électronique (iXBus)');
    await project.addParticipant('Saint-Chamond', '2020-06');
    await project.setLeft('Saint-Chamond', '2020-12-31');
    expect(await project.participants()).toEqual(['Saint-Étienne Métropole | le début du projet | —', 'Saint-Chamond | juin 2020 | 31/12/2020', 'Saint-Étienne | le début du projet | —']);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'convergence-projet');

    await convergence.open(2020);
    expect(await convergence.periods()).toEqual(['2016/2017', '2018', '2019', '2020']);
    expect(await convergence.cell('Déploiement de logiciels', '2020')).toEqual(['Parapheur électronique (iXBus)']);
    await convergence.importFile('projets.csv', 'categorie;intitule;debut;etat;participants\nlogiciel;Archivage;2020;En cours;\nConvention de partenariat;Charte du télétravail;2020;Prévu;42999\n');
    expect(plain(await convergence.fieldError('Importer des projets').textContent())).toBe(
      "Import refusé, rien n'a été enregistré. Ligne 2, colonne « categorie » : Le champ « catégorie » doit valoir « Déploiement de logiciels », « Convention de partenariat », « Outils de pilotage et de reporting ». Ligne 3, colonne « participants » : « 42999 » n'est ni le code INSEE ni le SIREN d'une collectivité du territoire.",
    );
    expect(await accessibilityViolations(admin)).toEqual([]);
    await convergence.importFile('projets.csv', 'categorie;intitule;debut;etat;participants\nDéploiement de logiciels;Archivage électronique;2020;En cours;244200770\n');
    expect(plain(await convergence.notice.textContent())).toBe('Import réussi : 1 projet(s) et 1 participation(s) enregistrés.');
  });

  it('the scheme: adopted on 10 December 2015, its orientations, and the communes’ opinions with tacit ones', async () => {
    const reader = await e2e.open({ as: 'saintChamond' });
    const scheme = new SchemePage(reader);
    await scheme.open();
    expect(plain(await scheme.facts.textContent())).toContain('le 10/12/2015 par le Conseil communautaire de Saint-Étienne Métropole');
    expect((await scheme.orientations()).map((o) => o.slice(0, 40))).toEqual(['Orientation 1 : la mutualisation de serv', 'Orientation 2 : la constitution de plate', 'Orientation 3 : le développement de coop']);
    expect(plain(await scheme.opinionSummary.textContent())).toBe('53 communes consultées : 4 avis favorable(s), 49 réputé(s) favorable(s) faute de délibération, 0 défavorable(s), 0 en attente.');
    expect(await scheme.opinionOf('Sorbiers')).toBe('Réputé favorable (silence)');
    expect(await accessibilityViolations(reader)).toEqual([]);
    await screenshot(reader, 'schema-mutualisation');

    const secretariat = await e2e.open({ as: 'secretariat' });
    const recording = new SchemePage(secretariat);
    await recording.open();
    await recording.recordOpinion('Sorbiers', 'Défavorable', '2015-05-01');
    expect(plain(await recording.fieldError().textContent())).toBe('Le champ « date de la délibération » ne peut précéder la transmission du projet aux communes.');
    expect(await accessibilityViolations(secretariat)).toEqual([]);
    await recording.recordOpinion('Sorbiers', 'Défavorable', '2015-09-15');
    expect(await recording.opinionOf('Sorbiers')).toBe('Défavorable');
    await recording.recordOpinion('Unieux', 'Favorable', '2015-11-02');
    expect(await recording.opinionOf('Unieux')).toBe('Réputé favorable (silence) (avis favorable voté hors délai)');

    const admin = await e2e.open({ as: 'admin' });
    const managing = new SchemePage(admin);
    await managing.open();
    await managing.setActionStatus('Catalogue d\'offre de services aux communes', 'Réalisée', '2020-06');
    expect(await managing.actionStatus('Catalogue d\'offre de services aux communes')).toBe('Réalisée');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'schema-mutualisation-gestion');
    // Another territory's scheme is not found, like everything else there.
    expect((await admin.goto(`${BASE}/schema/01900000-0000-7000-8000-000000000000`))?.status()).toBe(404);
  });
});
