import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import type { MemberCommune } from '../territory/model.ts';
import type { CatalogueHistory } from '../catalogue/history-service.ts';
import { loadCatalogueHistory } from '../catalogue/history-service.ts';
import type { NewOffer } from '../catalogue/service.ts';
import type { Theme } from '../catalogue/model.ts';

/**
 * The catalogue of services to communes of Saint-Étienne Métropole, section V.2 of the 2020 progress report. The counts are
 * the report's, for 2019: the GIS opened to the 52 other communes (52 subscribed, 148 access accounts, 83 people trained,
 * 3 applications in October 2019); GDPR support (57 people trained from 44 communes); the AFCDP membership (39 communes);
 * the purchasing training plan (35 agents); the UGAP day (48 buyers); the DGS meetings of the 53 communes; the clubs DSI
 * and COM of the communes' referents. Names of people, dates of sessions and meetings, the spread of accounts and
 * trainees over communes and the earlier years are illustrative, and say so.
 */
export const ILLUSTRATIVE = 'Données illustratives (démonstration) : noms, dates et répartition par commune inventés ; seuls les nombres viennent du rapport 2020 (§ V.2).';

const FIRST = ['Camille', 'Julien', 'Sophie', 'Nicolas', 'Claire', 'Thomas', 'Émilie', 'Olivier', 'Laure', 'Mathieu', 'Nadia', 'Pierre', 'Aurélie', 'Karim', 'Hélène', 'Vincent', 'Sandrine', 'Romain', 'Isabelle', 'Yann'];
const LAST = ['Bonnet', 'Chapuis', 'Dumas', 'Faure', 'Granjon', 'Jacquet', 'Mercier', 'Perrin', 'Rochette', 'Servant', 'Tardy', 'Vial', 'Berthon', 'Cuzin', 'Epalle', 'Garnier', 'Montagnon', 'Peyron', 'Ravel', 'Thiollière'];
/** The n-th illustrative person: 400 distinct names. */
const person = (n: number) => `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function offers(epciId: string, villeId: string): NewOffer[] {
  const dsi = 'Direction mutualisée des systèmes d’information et du numérique';
  const com = 'Direction mutualisée de la communication et du marketing territorial';
  const of = (o: Omit<NewOffer, 'providerId' | 'status'> & { providerId?: string }): NewOffer => ({ providerId: epciId, status: 'open', ...o });
  return [
    of({ code: 'club-dsi', kind: 'network', domain: 'digital', theme: 'dsi', providerService: dsi, title: 'Club DSI', description: 'Réseau regroupant les référents de chaque commune du territoire, pour échanger autour du système d’information et du numérique.' }),
    of({ code: 'club-com', kind: 'network', domain: 'communication', theme: 'com', providerService: com, title: 'Club COM', description: 'Réseau regroupant les référents de chaque commune du territoire, pour échanger autour de la communication et du marketing territorial.' }),
    of({
      code: 'sig',
      kind: 'service',
      domain: 'gis',
      providerId: villeId,
      providerService: 'Système d’information géographique de la Ville de Saint-Étienne',
      title: 'SIG métropolitain (système d’information géographique)',
      launchedOn: '1999',
      description:
        'Le SIG en place depuis 20 ans à la Ville de Saint-Étienne, ouvert aux 52 autres communes de Saint-Étienne Métropole : une base de données complète relative à la gestion du patrimoine ou encore à l’espace public ; recueillir, stocker, traiter, analyser et gérer tous les types de données géographiques du territoire.',
      subItems: [
        { title: 'Numérotation de voirie', launchedOn: '2019-10' },
        { title: 'Gestion du mobilier urbain', launchedOn: '2019-10' },
        { title: 'Gestion des espaces verts', launchedOn: '2019-10' },
      ],
      contact: 'sig@demo.mutualis.fr (illustratif)',
    }),
    of({ code: 'rgpd', kind: 'support', domain: 'dataProtection', providerService: dsi, title: 'Accompagnement au Règlement général sur la protection des données (RGPD)', description: 'Accompagnement de l’ensemble des communes de Saint-Étienne Métropole dans la mise en conformité au RGPD, avec des formations.' }),
    of({
      code: 'afcdp',
      kind: 'membership',
      domain: 'dataProtection',
      providerService: dsi,
      title: 'Adhésion à l’AFCDP',
      launchedOn: '2019',
      description: 'Adhésion de la Métropole à l’Association française des correspondants à la protection des données à caractère personnel pour les communes qui le demandent : échange d’outils, de méthodologie et d’expériences via l’agora et les forums.',
    }),
    of({ code: 'echange-fichiers', kind: 'service', domain: 'digital', providerService: dsi, title: 'Plateforme d’échange de fichiers', description: 'Hébergée dans le datacenter de la Métropole, elle permet d’envoyer, recevoir et partager des fichiers volumineux, rapidement et en toute sécurité. Ouverte à l’ensemble des élus et des agents des communes.' }),
    of({ code: 'visioconference', kind: 'service', domain: 'digital', providerService: dsi, title: 'Visioconférence Tixéo', launchedOn: '2019-03', description: 'Outil de visioconférence mis en œuvre en mars 2019 pour la Ville de Saint-Étienne et la Métropole, puis mis à disposition des communes.' }),
    of({ code: 'wifi4eu', kind: 'support', domain: 'funding', title: 'Accompagnement des candidatures Wifi4EU', launchedOn: '2018', description: 'Accompagnement des communes candidates à l’appel à projets européen Wifi4EU pour l’installation du wifi public. Les lauréats figurent dans le guide des aides (aides obtenues).' }),
    of({ code: 'formation-achat', kind: 'training', domain: 'purchasing', title: 'Plan de formation à l’achat public', description: 'Plan de formation ouvert aux agents des communes membres, pour favoriser la professionnalisation du traitement de l’achat public sur le territoire.' }),
    of({ code: 'ugap', kind: 'event', domain: 'purchasing', title: 'Animation territoriale UGAP', launchedOn: '2019', description: 'Volet d’animation territoriale ouvert aux communes membres dans le cadre de la nouvelle convention avec l’UGAP, lors de la conférence économique.' }),
    of({ code: 'rencontres-dgs', kind: 'network', domain: 'governance', theme: 'dgs', title: 'Rencontres des directeurs généraux des services', description: 'Rencontres régulières avec les directeurs généraux des services des 53 communes, sur des thématiques abordées sous forme de conférences.' }),
    of({ code: 'guide-aides', kind: 'service', domain: 'funding', title: 'Guide des aides financières', description: 'Présente l’ensemble des dispositifs nationaux, régionaux et départementaux ; chaque commune recherche le financement auquel elle peut prétendre selon la typologie du projet et sa démographie (voir la rubrique Aides financières).' }),
    of({
      code: 'messagerie',
      kind: 'service',
      domain: 'digital',
      providerService: dsi,
      title: 'Messagerie collaborative des petites communes',
      launchedOn: '2019',
      eligibility: [{ kind: 'populationBelow', threshold: 2_000 }],
      description: 'Messagerie collaborative (courriel, agendas partagés) mise à disposition des communes de moins de 2 000 habitants.',
    }),
  ];
}

const day = (year: number, month: number, d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function catalogueHistory(epciId: string, communes: readonly MemberCommune[]): CatalogueHistory {
  const byPopulation = [...communes].sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.name.localeCompare(b.name, 'fr'));
  const ville = byPopulation.find((c) => c.inseeCode === '42218')!;
  const others = byPopulation.filter((c) => c.id !== ville.id);
  // GIS: 52 communes (20 in 2017, 15 in 2018, 17 in 2019), 148 accounts (3 for the 44 largest, 2 for the others).
  const sig = others.map((c, i) => {
    const startsOn = i < 20 ? day(2017, 3 + (i % 9), 1) : i < 35 ? day(2018, 2 + (i % 10), 1) : day(2019, 1 + (i % 9), 1);
    const count = i < 44 ? 3 : 2;
    // Saint-Chamond's accounts are named (one holder each); the others are counted.
    const accounts = c.inseeCode === '42207' ? [0, 1, 2].map((k) => ({ count: 1, holderName: `${person(300 + k)} (nom illustratif)`, openedOn: startsOn })) : [{ count, openedOn: startsOn }];
    return { offer: 'sig', collectivityId: c.id, requestedOn: startsOn, startsOn, accounts };
  });
  // AFCDP: 39 communes in 2019: all but Saint-Chamond and the 13 smallest.
  const afcdp = byPopulation
    .filter((c) => c.inseeCode !== '42207')
    .slice(0, 39)
    .map((c, i) => ({ offer: 'afcdp', collectivityId: c.id, requestedOn: day(2019, 2 + (i % 8), 5), startsOn: day(2019, 3 + (i % 8), 1) }));
  const themes: { theme: Theme; label: string }[] = [
    { theme: 'dsi', label: 'Référent DSI' },
    { theme: 'com', label: 'Référent communication' },
    { theme: 'dgs', label: 'Directeur ou directrice générale des services' },
  ];
  const referents = themes.flatMap(({ theme, label }, t) =>
    byPopulation.map((c, i) => ({ collectivityId: c.id, theme, name: person(i + 53 * t), position: `${label} (nom illustratif)`, email: `${theme}@${slug(c.name)}.example.fr`, phone: `04 77 ${String(10 + (i % 89)).padStart(2, '0')} ${String(10 + t * 20 + (i % 20)).padStart(2, '0')} 00` })),
  );
  const meeting = (offer: string, heldOn: string, topic: string, present: readonly MemberCommune[], outside = 0, per = 1) => ({
    offer,
    heldOn,
    topic: `${topic} (illustratif)`,
    place: 'Saint-Étienne, hôtel de Métropole',
    outsideAttendees: outside,
    attendance: present.map((c) => ({ collectivityId: c.id, attendees: per })),
  });
  const every = (n: number, k: number) => byPopulation.filter((_, i) => (i + k) % n !== 0);
  const meetings = [
    meeting('rencontres-dgs', '2018-06-14', 'Rencontre des DGS : la loi de programmation des finances publiques', every(4, 1)),
    meeting('rencontres-dgs', '2018-11-22', 'Rencontre des DGS : le schéma de mutualisation', every(5, 2)),
    meeting('rencontres-dgs', '2019-02-07', 'Conférence des DGS : la protection des données', every(4, 0)),
    meeting('rencontres-dgs', '2019-05-16', 'Conférence des DGS : la commande publique', every(5, 1)),
    meeting('rencontres-dgs', '2019-09-26', 'Conférence des DGS : le télétravail', every(3, 2)),
    meeting('rencontres-dgs', '2019-12-05', 'Conférence des DGS : les élections municipales de 2020', every(6, 0)),
    meeting('club-dsi', '2018-10-04', 'Club DSI : sécurité des postes de travail', every(3, 0)),
    meeting('club-dsi', '2019-03-21', 'Club DSI : la visioconférence', every(3, 1)),
    meeting('club-dsi', '2019-06-27', 'Club DSI : les nouvelles applications du SIG', every(4, 3)),
    meeting('club-dsi', '2019-11-14', 'Club DSI : la messagerie collaborative', every(3, 2)),
    meeting('club-com', '2019-04-11', 'Club COM : la marque territoriale', every(3, 0)),
    meeting('club-com', '2019-10-10', 'Club COM : la communication en période électorale', every(4, 1)),
  ];
  // The UGAP day: 48 buyers of various collectivities (16 communes × 2, 4 of the Métropole, 12 from outside the territory).
  meetings.push({ ...meeting('ugap', '2019-10-17', 'Présentation des véhicules techniques vendus en proximité par l’UGAP', byPopulation.slice(0, 16), 12, 2), attendance: [...byPopulation.slice(0, 16).map((c) => ({ collectivityId: c.id, attendees: 2 })), { collectivityId: epciId, attendees: 4 }] });
  const trainees = (from: number, count: number, pool: readonly MemberCommune[], role: string) =>
    Array.from({ length: count }, (_, j) => ({ name: `${person(from + j)}`, role: `${role} (nom illustratif)`, collectivityId: pool[j % pool.length]!.id }));
  const split = <T>(list: readonly T[], parts: number) => Array.from({ length: parts }, (_, p) => list.filter((_, i) => i % parts === p));
  // GIS: 83 people of the 52 communes; GDPR: 57 people of 44 communes; purchasing: 35 agents of 30 communes.
  const sigTrainees = split(trainees(0, 83, others, 'Agent technique'), 6);
  const rgpdTrainees = split(trainees(100, 57, byPopulation.slice(0, 44), 'Agent ou élu'), 3);
  const achatTrainees = split(trainees(200, 35, byPopulation.slice(0, 30), 'Agent chargé des marchés'), 2);
  const sessions = [
    ...sigTrainees.map((list, k) => ({ offer: 'sig', reference: `SIG-2019-0${k + 1}`, topic: k < 4 ? 'Prise en main de la plateforme de données' : 'Nouvelles applications : voirie, mobilier urbain, espaces verts', heldOn: day(2019, 2 + k * 2 - (k > 3 ? 1 : 0), 12), place: 'Saint-Étienne', trainer: 'Service SIG de la Ville (illustratif)', trainees: list })),
    ...rgpdTrainees.map((list, k) => ({ offer: 'rgpd', reference: `RGPD-2019-0${k + 1}`, topic: 'Le RGPD dans les communes : registre, droits des personnes, sous-traitants', heldOn: day(2019, 3 + k * 3, 19), place: 'Saint-Étienne', trainer: 'Délégué à la protection des données de la Métropole (illustratif)', trainees: list })),
    ...achatTrainees.map((list, k) => ({ offer: 'formation-achat', reference: `ACH-2019-0${k + 1}`, topic: 'Professionnalisation de l’achat public', heldOn: day(2019, 5 + k * 5, 23), place: 'Saint-Étienne', trainer: 'Direction de la commande publique (illustratif)', trainees: list })),
  ];
  return { offers: [], subscriptions: [...sig, ...afcdp], referents, meetings, sessions };
}

export async function loadCatalogueDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  const today = parisToday();
  const register = await territory.listCollectivities(db, ctx);
  const epci = register.find((c) => c.kind === 'epci')!;
  const communes = await territory.listCommunes(db, ctx, { on: today });
  const ville = communes.find((c) => c.inseeCode === '42218')!;
  await loadCatalogueHistory(db, ctx, { ...catalogueHistory(epci.id, communes), offers: offers(epci.id, ville.id) }, today);
}
