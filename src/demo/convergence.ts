import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import * as convergence from '../convergence/service.ts';
import * as scheme from '../scheme/service.ts';
import type { ActionInput } from '../scheme/model.ts';

/**
 * Every row of the table that ends the reference document (rapport d'avancement 2020, V.3), in its cells' words.
 * OCR noise is corrected ("Poursuive" → "Poursuivre", "Handicapés" → "Handicapées"). `years` is the table's
 * column. The table gives no status: it is inferred from the report (illustrative), and said so in `note`.
 * Participants: Saint-Étienne Métropole and the Ville de Saint-Étienne (the démarche of V.3 is theirs), except
 * for the rows addressed to the communes.
 */
interface DemoProject {
  readonly category: 'software' | 'partnership' | 'steering';
  readonly years: '2016/2017' | '2018' | '2019';
  readonly title: string;
  readonly tool?: string;
  /** A start known to the month (the report's V.2: the three SIG applications went live in October 2019). */
  readonly startedOn?: string;
  readonly status?: 'inProgress' | 'done';
  /** Who takes part: the two collectivities (default), every member commune, or the communes under 2 000 inhabitants. */
  readonly with?: 'allCommunes' | 'smallCommunes';
}

export const DEMO_CONVERGENCE_PROJECTS: readonly DemoProject[] = [
  { category: 'software', years: '2016/2017', title: 'Plateforme gestion des Autorisations du Droit des Sols' },
  { category: 'software', years: '2016/2017', title: "Système d'information géographique métropolitain", tool: 'SIG' },
  { category: 'software', years: '2016/2017', title: 'Outil de messagerie, agendas partagés, réservations...', tool: 'Zimbra' },
  { category: 'software', years: '2016/2017', title: 'Outil de gestion de la santé au travail / médecine', tool: 'Chimed' },
  { category: 'software', years: '2016/2017', title: 'Outil de gestion locative', tool: 'GIMA' },
  { category: 'software', years: '2018', title: 'Déploiement du logiciel de gestion financière', tool: 'CORIOLIS' },
  { category: 'software', years: '2018', title: "Déploiement du système d'information Ressources Humaines", tool: 'ASTRE' },
  { category: 'software', years: '2018', title: "Outil d'extraction de données finances, RH", tool: 'BO' },
  { category: 'software', years: '2019', title: 'Outil de gestion des délibérations', tool: 'DOTELEC' },
  {
    category: 'software',
    years: '2019',
    title: 'Nouvelles applications contributives dans le SIG Métropolitain (numérotation de voirie, gestion du mobilier urbain, gestion des espaces verts)',
    startedOn: '2019-10',
  },
  { category: 'software', years: '2019', title: 'Outil de gestion des congés', tool: 'ohris', status: 'inProgress' },
  { category: 'software', years: '2019', title: 'Outil de gestion des postes, des emplois et des compétences, formations, entretiens professionnels', tool: 'Foederis', status: 'inProgress' },
  { category: 'software', years: '2019', title: 'Outil de web conférence' },
  { category: 'software', years: '2019', title: "Mise à disposition d'un outil de visioconférence aux communes", with: 'allCommunes' },
  { category: 'software', years: '2019', title: "Messagerie collaborative à l'adresse des communes de – 2000 habitants", status: 'inProgress', with: 'smallCommunes' },
  { category: 'partnership', years: '2016/2017', title: 'Harmonisation des règles de gestion administrative du personnel', tool: 'PPCR, RIFSEEP...' },
  { category: 'partnership', years: '2016/2017', title: 'Travail de mise en œuvre des différentes conventions (prévoyance, SPS, RI convergence, FIPHFP, école des métiers...)' },
  { category: 'partnership', years: '2018', title: 'Convention contrat de Prévoyance' },
  { category: 'partnership', years: '2018', title: 'Convention de partenariat service SPS' },
  { category: 'partnership', years: '2018', title: "Mise en place d'une école des métiers communes" },
  { category: 'partnership', years: '2018', title: 'Mise en œuvre de la convergence du régime indemnitaire des agents des directions mutualisées' },
  { category: 'partnership', years: '2018', title: "Convention FIPHFP (Fonds pour l'Insertion des Personnes Handicapées dans la Fonction Publique)", tool: 'FIPHFP' },
  { category: 'partnership', years: '2019', title: 'Poursuivre les groupements de commande en matière de fourniture de services et travaux informatiques', status: 'inProgress' },
  { category: 'partnership', years: '2019', title: "Adhésion à l'association française des correspondants aux données personnelles AFCDP pour les communes de SEM", tool: 'AFCDP' },
  { category: 'partnership', years: '2019', title: "Poursuivre l'harmonisation des règles de gestion administrative du personnel", tool: 'PPCR, RIFSEEP...', status: 'inProgress' },
  { category: 'partnership', years: '2019', title: "Mise à jour des règles du temps de travail et pilotage d'une action commune dans le cadre du télétravail", status: 'inProgress' },
  { category: 'steering', years: '2016/2017', title: "Mise en place d'outils internes d'aide à la gestion et de reporting (Tableaux de bord et indicateurs)" },
];

const NOTE = "Rapport d'avancement 2020, V.3. État déduit du rapport, qui ne le donne pas (illustratif).";

/** The scheme adopted on 10 December 2015 (rapport 2020, I and II). */
const SCHEME = {
  title: 'Schéma de mutualisation des services de Saint-Étienne Métropole et de ses communes membres',
  // Illustrative: the report gives neither the day the draft went to the communes nor their opinions.
  sentToCommunesOn: '2015-06-30',
  adoptedOn: '2015-12-10',
  adoptingBody: 'Conseil communautaire de Saint-Étienne Métropole',
  context:
    'Le schéma de mutualisation constitue un cadre général fixant à la fois des axes de travail et les principes de réflexions entre les communes et la Métropole. ' +
    "L'objectif est une meilleure efficacité du service rendu à l'utilisateur et la possibilité d'associer rationalisation de la dépense publique et renforcement de l'offre de services sur le territoire.",
  orientations: [
    'la mutualisation de services et missions fonctionnels entre Saint-Etienne Métropole et ses communes membres et notamment dans un premier temps avec la Ville-Centre',
    'la constitution de plateformes de services pour répondre aux besoins exprimés par les communes',
    "le développement de coopérations entre communes, notamment en lien avec la construction des territoires de proximité et l'intégration des nouvelles compétences",
  ],
  principles: ["l'expérimentation", 'la progressivité', "l'évaluation régulière"],
  note: "Date de transmission du projet aux communes et avis explicites illustratifs : le rapport d'avancement 2020 ne les donne pas.",
};

/** The actions carried out since 2015 (rapport 2020, III to V), each under the orientation it serves. */
const ACTIONS: readonly ActionInput[] = [
  { orientation: 1, title: "Mise en place d'une Direction Générale Commune", status: 'done', startedOn: '2015', completedOn: '2015' },
  { orientation: 1, title: "Création d'une direction Grands Travaux d'Infrastructures mutualisée", status: 'done', startedOn: '2016', completedOn: '2016' },
  { orientation: 1, title: "Mutualisation de la direction des systèmes d'information et du numérique", status: 'done', startedOn: '2017-02', completedOn: '2017-02' },
  { orientation: 1, title: 'Mutualisation de la direction des politiques contractuelles et financements extérieurs', status: 'done', startedOn: '2017-02', completedOn: '2017-02' },
  { orientation: 1, title: 'Mutualisation de la direction de la communication et du marketing territorial', status: 'done', startedOn: '2017-07', completedOn: '2017-07' },
  { orientation: 1, title: "Intervention de la direction Grands Travaux d'Infrastructures pour le compte de la ville de Saint-Chamond", status: 'done', startedOn: '2018-07-01', completedOn: '2018-07-01' },
  { orientation: 1, title: 'Mutualisation du service foncier', status: 'done', startedOn: '2018-09', completedOn: '2018-09' },
  { orientation: 1, title: 'Mutualisation de la mission Accessibilité Handicap', status: 'done' },
  { orientation: 1, title: 'Convergence des outils et des méthodes des directions ressources avec la Ville de Saint-Étienne', status: 'inProgress', startedOn: 'fin 2016' },
  { orientation: 2, title: 'Ouverture du SIG de la Ville de Saint-Étienne aux communes de la Métropole', status: 'inProgress' },
  { orientation: 2, title: 'Accompagnement des communes au Règlement Général sur la Protection des Données', status: 'inProgress' },
  { orientation: 2, title: 'Guide des aides financières à destination des communes membres', status: 'done' },
  { orientation: 2, title: "Catalogue d'offre de services aux communes", description: "En cours de finalisation, consultable via le portail d'accès intranet.", status: 'inProgress' },
  { orientation: 3, title: 'Groupements de commandes avec les communes du territoire', status: 'inProgress', startedOn: '2016' },
  { orientation: 3, title: 'Club DSI et club COM : réseaux des référents de chaque commune', status: 'inProgress' },
  { orientation: 3, title: 'Rencontres régulières avec les Directeurs Généraux des Services des 53 communes', status: 'inProgress' },
];

/** Illustrative explicit opinions; every other commune kept silent, so its opinion is deemed favourable. */
const OPINIONS: readonly { insee: string; givenOn: string; reference: string }[] = [
  { insee: '42218', givenOn: '2015-09-21', reference: 'Conseil municipal du 21/09/2015 (illustratif)' },
  { insee: '42207', givenOn: '2015-09-14', reference: 'Conseil municipal du 14/09/2015 (illustratif)' },
  { insee: '42095', givenOn: '2015-09-24', reference: 'Conseil municipal du 24/09/2015 (illustratif)' },
  { insee: '42186', givenOn: '2015-09-28', reference: 'Conseil municipal du 28/09/2015 (illustratif)' },
];

/** Convergence projects (every row of the reference's table) and the pooling scheme (its parts I and II). */
export async function loadConvergenceDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  const register = await territory.listCollectivities(db, ctx);
  const epci = register.find((c) => c.kind === 'epci')!;
  const city = register.find((c) => c.inseeCode === '42218')!;
  const communes = await territory.listCommunes(db, ctx, { on: parisToday() });
  const participantsOf = (p: DemoProject) =>
    p.with === 'allCommunes'
      ? [epci, ...communes]
      : p.with === 'smallCommunes'
        ? [epci, ...communes.filter((c) => c.population !== null && c.population < 2000)]
        : [epci, city];
  await convergence.recordProjects(
    db,
    ctx,
    DEMO_CONVERGENCE_PROJECTS.map((p) => ({
      category: p.category,
      title: p.title,
      tool: p.tool ?? null,
      startedOn: p.startedOn ?? p.years.slice(0, 4),
      endedOn: p.years === '2016/2017' ? '2017' : null,
      status: p.status ?? 'done',
      note: NOTE + (p.with ? ' Participants illustratifs.' : ''),
      participants: participantsOf(p).map((c) => ({ collectivityId: c.id })),
    })),
  );
  const created = await scheme.createScheme(db, ctx, SCHEME);
  const byInsee = new Map(communes.map((c) => [c.inseeCode, c.id]));
  await scheme.recordSchemeHistory(
    db,
    ctx,
    created.id,
    ACTIONS,
    OPINIONS.map((o) => ({ collectivityId: byInsee.get(o.insee)!, opinion: 'favourable', givenOn: o.givenOn, deliberationReference: o.reference })),
  );
}
