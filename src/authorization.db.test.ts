import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './platform/db/database.ts';
import { testDatabase, testDatabaseKind } from './platform/db/testing.ts';
import { loadConfig } from './platform/config.ts';
import { SYSTEM_ACTOR } from './platform/audit.ts';
import { buildServer, type App, type RouteEntry } from './platform/http/server.tsx';
import { TestClient } from './platform/http/testing.ts';
import { plugins } from './app.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SIREN, loadDemo } from './demo/service.ts';
import { findOfficialEpci } from './territory/official-data.ts';
import * as territory from './territory/service.ts';
import * as access from './access/service.ts';
import { EXPECTED } from './access/expected-matrix.ts';
import type { Action, Role } from './access/model.ts';
import { documentText } from './platform/documents/testing.ts';
// aids
import * as aids from './aids/service.ts';
import { parisToday } from './platform/clock.ts';
// assemblies
import * as assemblies from './assemblies/service.ts';
import { recordExcuse } from './assemblies/live-service.ts';
// procurement
import { plantProcurement } from './procurement/testing.ts';
// agreements
import { plantAgreements } from './agreements/testing.ts';
// catalogue
import { plantCatalogue } from './catalogue/testing.ts';
// convergence and scheme
import { plantConvergence } from './convergence/testing.ts';
// deliberations
import * as deliberations from './deliberations/service.ts';
import { decidedSitting, tinyPdf } from './deliberations/testing.ts';

/**
 * Every route, and who may call it: written from docs/permissions.md. The test fails on a route missing
 * here, on a route whose declared access differs, and on any answer that differs from the policy.
 * `commune: true` routes concern one commune (their :insee), so 'O' rules apply.
 */
const MATRIX: Record<string, { access: 'public' | 'person' | Action; commune?: boolean }> = {
  'GET /connexion': { access: 'public' },
  'POST /connexion': { access: 'public' },
  'POST /deconnexion': { access: 'person' },
  'GET /': { access: 'person' },
  'GET /accessibilite': { access: 'public' },
  'GET /t/:siren': { access: 'territory.read' },
  'GET /t/:siren/communes': { access: 'collectivity.read' },
  'GET /t/:siren/communes/:insee': { access: 'collectivity.read', commune: true },
  'GET /t/:siren/communes/:insee/acces': { access: 'collectivity.readRestricted', commune: true },
  'GET /t/:siren/collectivites': { access: 'collectivity.read' },
  'POST /t/:siren/collectivites': { access: 'collectivity.edit' },
  'POST /t/:siren/collectivites/:id/siret': { access: 'collectivity.edit' },
  'POST /t/:siren/collectivites/nature': { access: 'territory.edit' },
  'POST /t/:siren/populations': { access: 'population.import' },
  'GET /t/:siren/utilisateurs': { access: 'users.read' },
  'GET /t/:siren/journal': { access: 'audit.read' },
  'POST /t/:siren/journal/verification': { access: 'audit.read' },
  'GET /api/moi': { access: 'person' },
  'GET /api/moi/jetons': { access: 'person' },
  'POST /api/moi/jetons': { access: 'person' },
  'DELETE /api/moi/jetons/:id': { access: 'person' },
  'GET /api/t/:siren': { access: 'territory.read' },
  'GET /api/t/:siren/communes': { access: 'collectivity.read' },
  'GET /api/t/:siren/communes/:insee': { access: 'collectivity.read', commune: true },
  'GET /api/t/:siren/collectivites': { access: 'collectivity.read' },
  'POST /api/t/:siren/collectivites': { access: 'collectivity.edit' },
  'GET /api/t/:siren/utilisateurs': { access: 'users.read' },
  'POST /api/t/:siren/utilisateurs': { access: 'users.manage' },
  'DELETE /api/t/:siren/utilisateurs/roles/:assignmentId': { access: 'users.manage' },
  'POST /t/:siren/utilisateurs': { access: 'users.manage' },
  'POST /t/:siren/utilisateurs/roles/:assignmentId/retrait': { access: 'users.manage' },
  'GET /t/:siren/communes.pdf': { access: 'collectivity.read' },
  'GET /t/:siren/communes.xlsx': { access: 'collectivity.read' },
  'GET /t/:siren/communes.csv': { access: 'collectivity.read' },
  // aids
  'GET /t/:siren/aides': { access: 'aid.read' },
  'POST /t/:siren/aides/recherches': { access: 'aid.read' },
  'GET /t/:siren/aides/:schemeId': { access: 'aid.read' },
  'GET /t/:siren/aides/gestion': { access: 'aid.manage' },
  'GET /t/:siren/aides/nouvelle': { access: 'aid.manage' },
  'POST /t/:siren/aides': { access: 'aid.manage' },
  'GET /t/:siren/aides/:schemeId/modifier': { access: 'aid.manage' },
  'POST /t/:siren/aides/:schemeId': { access: 'aid.manage' },
  'POST /t/:siren/aides/import': { access: 'aid.manage' },
  'POST /t/:siren/aides/donnees-communes': { access: 'aid.manage' },
  'POST /t/:siren/aides/echues': { access: 'aid.manage' },
  'GET /t/:siren/aides.csv': { access: 'aid.read' },
  'GET /t/:siren/aides.xlsx': { access: 'aid.read' },
  'GET /t/:siren/aides.json': { access: 'aid.read' },
  'GET /t/:siren/communes/:insee/projets': { access: 'project.read', commune: true },
  'POST /t/:siren/communes/:insee/projets': { access: 'project.edit', commune: true },
  'GET /t/:siren/communes/:insee/projets/:projectId': { access: 'project.read', commune: true },
  'POST /t/:siren/communes/:insee/projets/:projectId/aides': { access: 'project.edit', commune: true },
  'POST /t/:siren/communes/:insee/projets/:projectId/aides/:fundingId': { access: 'project.edit', commune: true },
  'GET /t/:siren/financements': { access: 'funding.overview' },
  'GET /t/:siren/financements/graphique.svg': { access: 'funding.overview' },
  'GET /t/:siren/alertes': { access: 'aid.read' },
  'POST /t/:siren/alertes/lecture': { access: 'aid.read' },
  'POST /t/:siren/alertes/recherches/:searchId/suppression': { access: 'aid.read' },
  'GET /api/t/:siren/aides': { access: 'aid.read' },
  'GET /api/t/:siren/aides/export': { access: 'aid.read' },
  'POST /api/t/:siren/aides/import': { access: 'aid.manage' },
  'GET /api/t/:siren/aides/:schemeId': { access: 'aid.read' },
  'POST /api/t/:siren/aides': { access: 'aid.manage' },
  'PUT /api/t/:siren/aides/:schemeId': { access: 'aid.manage' },
  'GET /api/t/:siren/communes/:insee/projets': { access: 'project.read', commune: true },
  'POST /api/t/:siren/communes/:insee/projets': { access: 'project.edit', commune: true },
  'GET /api/t/:siren/communes/:insee/projets/:projectId': { access: 'project.read', commune: true },
  'POST /api/t/:siren/communes/:insee/projets/:projectId/aides': { access: 'project.edit', commune: true },
  'PUT /api/t/:siren/communes/:insee/projets/:projectId/aides/:fundingId': { access: 'project.edit', commune: true },
  'GET /api/t/:siren/financements': { access: 'funding.overview' },
  'GET /api/t/:siren/recherches': { access: 'aid.read' },
  'POST /api/t/:siren/recherches': { access: 'aid.read' },
  'DELETE /api/t/:siren/recherches/:searchId': { access: 'aid.read' },
  'GET /api/t/:siren/alertes': { access: 'aid.read' },
  'POST /api/t/:siren/alertes/lecture': { access: 'aid.read' },
  // assemblies
  'GET /t/:siren/seances': { access: 'assembly.read' },
  'POST /t/:siren/seances': { access: 'assembly.manage' },
  'GET /t/:siren/seances/:sittingId': { access: 'assembly.read' },
  'POST /t/:siren/seances/:sittingId/points': { access: 'assembly.manage' },
  'POST /t/:siren/seances/:sittingId/seconde-convocation': { access: 'assembly.manage' },
  'GET /t/:siren/seances/:sittingId/emargement.pdf': { access: 'assembly.read' },
  'GET /t/:siren/seances/:sittingId/direct': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/presence': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/appel': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/pouvoir': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/suppleance': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/retrait': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/ouverture': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/vote': { access: 'sitting.record' },
  'POST /t/:siren/seances/:sittingId/direct/levee': { access: 'sitting.record' },
  'GET /t/:siren/instances': { access: 'assembly.read' },
  'POST /t/:siren/instances': { access: 'assembly.manage' },
  'GET /t/:siren/instances/:bodyId': { access: 'assembly.read' },
  'POST /t/:siren/instances/:bodyId/mandats': { access: 'assembly.manage' },
  'POST /t/:siren/instances/:bodyId/import': { access: 'assembly.manage' },
  'GET /t/:siren/instances/:bodyId/assiduite': { access: 'assembly.read' },
  'GET /api/t/:siren/instances': { access: 'assembly.read' },
  'POST /api/t/:siren/instances': { access: 'assembly.manage' },
  'GET /api/t/:siren/instances/:bodyId': { access: 'assembly.read' },
  'POST /api/t/:siren/instances/:bodyId/mandats': { access: 'assembly.manage' },
  'GET /api/t/:siren/instances/:bodyId/assiduite': { access: 'assembly.read' },
  'GET /api/t/:siren/seances': { access: 'assembly.read' },
  'POST /api/t/:siren/instances/:bodyId/seances': { access: 'assembly.manage' },
  'GET /api/t/:siren/seances/:sittingId': { access: 'assembly.read' },
  'POST /api/t/:siren/seances/:sittingId/points': { access: 'assembly.manage' },
  'POST /api/t/:siren/seances/:sittingId/seconde-convocation': { access: 'assembly.manage' },
  'POST /api/t/:siren/seances/:sittingId/ouverture': { access: 'sitting.record' },
  'POST /api/t/:siren/seances/:sittingId/levee': { access: 'sitting.record' },
  'POST /api/t/:siren/seances/:sittingId/appel': { access: 'sitting.record' },
  'POST /api/t/:siren/seances/:sittingId/mouvements': { access: 'sitting.record' },
  'POST /api/t/:siren/seances/:sittingId/excuses': { access: 'sitting.record' },
  'POST /api/t/:siren/seances/:sittingId/pouvoirs': { access: 'sitting.record' },
  'POST /api/t/:siren/seances/:sittingId/suppleances': { access: 'sitting.record' },
  'GET /api/t/:siren/points/:itemId/presences': { access: 'assembly.read' },
  'POST /api/t/:siren/points/:itemId/retraits': { access: 'sitting.record' },
  'POST /api/t/:siren/points/:itemId/vote': { access: 'sitting.record' },
  // charging
  'GET /t/:siren/refacturation': { access: 'charging.read' },
  'POST /t/:siren/refacturation/calculs': { access: 'charging.run' },
  'GET /t/:siren/refacturation/:annee/:phase': { access: 'charging.read' },
  'POST /t/:siren/refacturation/:annee/:phase/validation': { access: 'charging.run' },
  'GET /t/:siren/refacturation/:annee/:phase/communes/:insee': { access: 'charging.readStatement', commune: true },
  'GET /t/:siren/refacturation/:annee/:phase/communes/:insee/etat.pdf': { access: 'charging.readStatement', commune: true },
  'GET /t/:siren/refacturation/:annee/:phase/communes/:insee/notification.pdf': { access: 'charging.readStatement', commune: true },
  'GET /t/:siren/refacturation/:annee/:phase/ecritures.csv': { access: 'charging.export' },
  'GET /t/:siren/refacturation/:annee/:phase/synthese.pdf': { access: 'charging.export' },
  'GET /t/:siren/refacturation/:annee/:phase/synthese.xlsx': { access: 'charging.export' },
  'GET /t/:siren/refacturation/couts': { access: 'charging.manageCosts' },
  'POST /t/:siren/refacturation/couts': { access: 'charging.manageCosts' },
  'POST /t/:siren/refacturation/couts/import': { access: 'charging.manageCosts' },
  'GET /t/:siren/refacturation/inducteurs': { access: 'charging.manageCosts' },
  'GET /api/t/:siren/refacturation/:annee/:phase': { access: 'charging.read' },
  'POST /api/t/:siren/refacturation/calculs': { access: 'charging.run' },
  'POST /api/t/:siren/refacturation/:annee/:phase/validation': { access: 'charging.run' },
  'GET /api/t/:siren/refacturation/:annee/:phase/communes/:insee': { access: 'charging.readStatement', commune: true },
  // procurement
  'GET /t/:siren/achats': { access: 'procurement.read' },
  'POST /t/:siren/achats/groupements': { access: 'procurement.manage' },
  'GET /t/:siren/achats/groupements/:groupId': { access: 'procurement.read' },
  'POST /t/:siren/achats/groupements/:groupId/membres': { access: 'procurement.manage' },
  'POST /t/:siren/achats/groupements/:groupId/approbations': { access: 'procurement.manage' },
  'POST /t/:siren/achats/groupements/:groupId/lots': { access: 'procurement.manage' },
  'POST /t/:siren/achats/groupements/:groupId/signature': { access: 'procurement.manage' },
  'POST /t/:siren/achats/groupements/:groupId/lancement': { access: 'procurement.manage' },
  'POST /t/:siren/achats/groupements/:groupId/cloture': { access: 'procurement.manage' },
  'GET /t/:siren/achats/groupements/:groupId/besoins/:insee': { access: 'procurement.declareNeeds', commune: true },
  'POST /t/:siren/achats/groupements/:groupId/besoins/:insee': { access: 'procurement.declareNeeds', commune: true },
  'GET /t/:siren/achats/groupements/:groupId/besoins-organismes/:memberId': { access: 'procurement.manage' },
  'POST /t/:siren/achats/groupements/:groupId/besoins-organismes/:memberId': { access: 'procurement.manage' },
  'GET /t/:siren/achats/marches': { access: 'procurement.read' },
  'GET /t/:siren/achats/marches/nouveau': { access: 'procurement.manage' },
  'POST /t/:siren/achats/marches': { access: 'procurement.manage' },
  'GET /t/:siren/achats/marches/:contractId': { access: 'procurement.read' },
  'POST /t/:siren/achats/marches/:contractId/modifications': { access: 'procurement.manage' },
  'POST /t/:siren/achats/marches/:contractId/consommations': { access: 'procurement.recordConsumption' },
  'POST /t/:siren/achats/marches/:contractId/consommations/import': { access: 'procurement.recordConsumption' },
  'GET /t/:siren/achats/statistiques': { access: 'procurement.statistics' },
  'GET /t/:siren/achats/statistiques.pdf': { access: 'procurement.statistics' },
  'GET /t/:siren/achats/statistiques.xlsx': { access: 'procurement.statistics' },
  'GET /t/:siren/achats/statistiques.csv': { access: 'procurement.statistics' },
  'GET /t/:siren/achats/decp': { access: 'procurement.export' },
  'GET /t/:siren/achats/decp.json': { access: 'procurement.export' },
  'POST /t/:siren/achats/decp/import': { access: 'procurement.manage' },
  'GET /api/t/:siren/achats/groupements': { access: 'procurement.read' },
  'POST /api/t/:siren/achats/groupements': { access: 'procurement.manage' },
  'GET /api/t/:siren/achats/groupements/:groupId': { access: 'procurement.read' },
  'POST /api/t/:siren/achats/groupements/:groupId/membres': { access: 'procurement.manage' },
  'POST /api/t/:siren/achats/groupements/:groupId/approbations': { access: 'procurement.manage' },
  'POST /api/t/:siren/achats/groupements/:groupId/signature': { access: 'procurement.manage' },
  'POST /api/t/:siren/achats/groupements/:groupId/lancement': { access: 'procurement.manage' },
  'POST /api/t/:siren/achats/groupements/:groupId/cloture': { access: 'procurement.manage' },
  'POST /api/t/:siren/achats/groupements/:groupId/lots': { access: 'procurement.manage' },
  'POST /api/t/:siren/achats/groupements/:groupId/besoins/:insee': { access: 'procurement.declareNeeds', commune: true },
  'POST /api/t/:siren/achats/groupements/:groupId/besoins-organismes/:memberId': { access: 'procurement.manage' },
  'GET /api/t/:siren/achats/marches': { access: 'procurement.read' },
  'POST /api/t/:siren/achats/marches': { access: 'procurement.manage' },
  'GET /api/t/:siren/achats/marches/:contractId': { access: 'procurement.read' },
  'POST /api/t/:siren/achats/marches/:contractId/modifications': { access: 'procurement.manage' },
  'POST /api/t/:siren/achats/marches/:contractId/consommations': { access: 'procurement.recordConsumption' },
  'GET /api/t/:siren/achats/statistiques/:year': { access: 'procurement.statistics' },
  'GET /api/t/:siren/achats/decp': { access: 'procurement.export' },
  'POST /api/t/:siren/achats/decp': { access: 'procurement.manage' },
  // agreements
  'GET /t/:siren/conventions': { access: 'agreement.read' },
  'GET /t/:siren/conventions.csv': { access: 'agreement.read' },
  'GET /t/:siren/conventions.xlsx': { access: 'agreement.read' },
  'GET /t/:siren/conventions/:agreementId': { access: 'agreement.read' },
  'GET /t/:siren/conventions/:agreementId/fiche.pdf': { access: 'agreement.read' },
  'POST /t/:siren/conventions/:agreementId/approbations': { access: 'agreement.approve' },
  'GET /t/:siren/attributions-compensation': { access: 'compensation.register' },
  'GET /t/:siren/communes/:insee/attribution-compensation': { access: 'compensation.read', commune: true },
  'POST /t/:siren/attributions-compensation': { access: 'compensation.manage' },
  'GET /api/t/:siren/services-mutualises': { access: 'agreement.read' },
  'POST /api/t/:siren/services-mutualises': { access: 'agreement.manage' },
  'POST /api/t/:siren/services-mutualises/:serviceId/participants': { access: 'agreement.manage' },
  'POST /api/t/:siren/services-mutualises/:serviceId/agents': { access: 'agreement.manage' },
  'POST /api/t/:siren/conventions': { access: 'agreement.manage' },
  'GET /api/t/:siren/conventions/:agreementId': { access: 'agreement.read' },
  'POST /api/t/:siren/conventions/:agreementId/avenants': { access: 'agreement.manage' },
  'POST /api/t/:siren/conventions/:agreementId/approbations': { access: 'agreement.approve' },
  'POST /api/t/:siren/conventions/:agreementId/avenants/:amendmentId/approbations': { access: 'agreement.approve' },
  'POST /api/t/:siren/conventions/:agreementId/comite': { access: 'agreement.manage' },
  'POST /api/t/:siren/conventions/:agreementId/comite/reunions': { access: 'agreement.manage' },
  'GET /api/t/:siren/attributions-compensation': { access: 'compensation.register' },
  'PUT /api/t/:siren/communes/:insee/attributions-compensation/:annee': { access: 'compensation.manage', commune: true },
  'GET /api/t/:siren/communes/:insee/attributions-compensation': { access: 'compensation.read', commune: true },
  // catalogue
  'GET /t/:siren/catalogue': { access: 'catalogue.read' },
  'GET /t/:siren/catalogue/offres/:offerId': { access: 'catalogue.read' },
  'GET /t/:siren/communes/:insee/services': { access: 'catalogue.readCommune', commune: true },
  'POST /t/:siren/communes/:insee/services/demandes': { access: 'catalogue.request', commune: true },
  'GET /t/:siren/catalogue/demandes': { access: 'catalogue.manage' },
  'POST /t/:siren/catalogue/demandes/:subscriptionId/acceptation': { access: 'catalogue.manage' },
  'POST /t/:siren/catalogue/demandes/:subscriptionId/refus': { access: 'catalogue.manage' },
  'GET /t/:siren/catalogue/gestion': { access: 'catalogue.manage' },
  'POST /t/:siren/catalogue/offres': { access: 'catalogue.manage' },
  'GET /t/:siren/catalogue/reseaux': { access: 'catalogue.read' },
  'POST /t/:siren/catalogue/offres/:offerId/reunions': { access: 'catalogue.manage' },
  'GET /t/:siren/catalogue/formations': { access: 'catalogue.manage' },
  'POST /t/:siren/catalogue/formations': { access: 'catalogue.manage' },
  'POST /t/:siren/catalogue/formations/:sessionId/stagiaires': { access: 'catalogue.manage' },
  'POST /t/:siren/catalogue/conservation': { access: 'catalogue.manage' },
  'POST /t/:siren/catalogue/anonymisation': { access: 'catalogue.manage' },
  'GET /t/:siren/catalogue/indicateurs': { access: 'catalogue.indicators' },
  'GET /t/:siren/catalogue/indicateurs.pdf': { access: 'catalogue.indicators' },
  'GET /t/:siren/catalogue/indicateurs.xlsx': { access: 'catalogue.indicators' },
  'GET /t/:siren/catalogue/indicateurs.csv': { access: 'catalogue.indicators' },
  'GET /api/t/:siren/catalogue/offres': { access: 'catalogue.read' },
  'GET /api/t/:siren/catalogue/offres/:offerId': { access: 'catalogue.read' },
  'POST /api/t/:siren/catalogue/offres': { access: 'catalogue.manage' },
  'GET /api/t/:siren/communes/:insee/services': { access: 'catalogue.readCommune', commune: true },
  'POST /api/t/:siren/communes/:insee/services/demandes': { access: 'catalogue.request', commune: true },
  'PUT /api/t/:siren/communes/:insee/referents/:theme': { access: 'catalogue.manage', commune: true },
  'GET /api/t/:siren/catalogue/demandes': { access: 'catalogue.manage' },
  'POST /api/t/:siren/catalogue/demandes/:subscriptionId/acceptation': { access: 'catalogue.manage' },
  'POST /api/t/:siren/catalogue/demandes/:subscriptionId/refus': { access: 'catalogue.manage' },
  'POST /api/t/:siren/catalogue/adhesions/:subscriptionId/fin': { access: 'catalogue.manage' },
  'POST /api/t/:siren/catalogue/adhesions/:subscriptionId/comptes': { access: 'catalogue.manage' },
  'GET /api/t/:siren/catalogue/reseaux': { access: 'catalogue.read' },
  'POST /api/t/:siren/catalogue/offres/:offerId/reunions': { access: 'catalogue.manage' },
  'GET /api/t/:siren/catalogue/formations': { access: 'catalogue.manage' },
  'POST /api/t/:siren/catalogue/formations': { access: 'catalogue.manage' },
  'POST /api/t/:siren/catalogue/formations/:sessionId/stagiaires': { access: 'catalogue.manage' },
  'PUT /api/t/:siren/catalogue/conservation': { access: 'catalogue.manage' },
  'POST /api/t/:siren/catalogue/anonymisation': { access: 'catalogue.manage' },
  'GET /api/t/:siren/catalogue/indicateurs/:year': { access: 'catalogue.indicators' },
  'POST /api/t/:siren/catalogue/import/:kind': { access: 'catalogue.manage' },
  // convergence and scheme
  'GET /t/:siren/convergence': { access: 'convergence.read' },
  'GET /t/:siren/convergence.csv': { access: 'convergence.read' },
  'GET /t/:siren/convergence.xlsx': { access: 'convergence.read' },
  'POST /t/:siren/convergence/projets': { access: 'convergence.manage' },
  'POST /t/:siren/convergence/import': { access: 'convergence.manage' },
  'GET /t/:siren/convergence/projets/:convergenceProjectId': { access: 'convergence.read' },
  'POST /t/:siren/convergence/projets/:convergenceProjectId': { access: 'convergence.manage' },
  'POST /t/:siren/convergence/projets/:convergenceProjectId/suppression': { access: 'convergence.manage' },
  'POST /t/:siren/convergence/projets/:convergenceProjectId/participants': { access: 'convergence.manage' },
  'POST /t/:siren/convergence/projets/:convergenceProjectId/participants/:participantId': { access: 'convergence.manage' },
  'POST /t/:siren/convergence/projets/:convergenceProjectId/participants/:participantId/retrait': { access: 'convergence.manage' },
  'GET /t/:siren/schema': { access: 'scheme.read' },
  'GET /t/:siren/schema/nouveau': { access: 'scheme.manage' },
  'POST /t/:siren/schema': { access: 'scheme.manage' },
  'GET /t/:siren/schema/:poolingSchemeId': { access: 'scheme.read' },
  'POST /t/:siren/schema/:poolingSchemeId': { access: 'scheme.manage' },
  'POST /t/:siren/schema/:poolingSchemeId/actions': { access: 'scheme.manage' },
  'POST /t/:siren/schema/:poolingSchemeId/actions/:actionId': { access: 'scheme.manage' },
  'POST /t/:siren/schema/:poolingSchemeId/avis': { access: 'scheme.recordOpinion' },
  'POST /api/t/:siren/convergence/import': { access: 'convergence.manage' },
  'GET /api/t/:siren/convergence/projets': { access: 'convergence.read' },
  'GET /api/t/:siren/convergence/tableau/:year': { access: 'convergence.read' },
  'POST /api/t/:siren/convergence/projets': { access: 'convergence.manage' },
  'GET /api/t/:siren/convergence/projets/:convergenceProjectId': { access: 'convergence.read' },
  'POST /api/t/:siren/convergence/projets/:convergenceProjectId': { access: 'convergence.manage' },
  'DELETE /api/t/:siren/convergence/projets/:convergenceProjectId': { access: 'convergence.manage' },
  'POST /api/t/:siren/convergence/projets/:convergenceProjectId/participants': { access: 'convergence.manage' },
  'POST /api/t/:siren/convergence/projets/:convergenceProjectId/participants/:participantId': { access: 'convergence.manage' },
  'DELETE /api/t/:siren/convergence/projets/:convergenceProjectId/participants/:participantId': { access: 'convergence.manage' },
  'GET /api/t/:siren/schemas': { access: 'scheme.read' },
  'GET /api/t/:siren/schemas/en-vigueur': { access: 'scheme.read' },
  'POST /api/t/:siren/schemas': { access: 'scheme.manage' },
  'GET /api/t/:siren/schemas/:poolingSchemeId': { access: 'scheme.read' },
  'POST /api/t/:siren/schemas/:poolingSchemeId': { access: 'scheme.manage' },
  'POST /api/t/:siren/schemas/:poolingSchemeId/actions': { access: 'scheme.manage' },
  'POST /api/t/:siren/schemas/:poolingSchemeId/actions/:actionId': { access: 'scheme.manage' },
  'POST /api/t/:siren/schemas/:poolingSchemeId/avis': { access: 'scheme.recordOpinion' },
  // deliberations
  'GET /t/:siren/publication': { access: 'public' },
  'GET /t/:siren/deliberations': { access: 'deliberation.read' },
  'GET /t/:siren/deliberations/nouvelle': { access: 'deliberation.manage' },
  'POST /t/:siren/deliberations': { access: 'deliberation.manage' },
  'POST /t/:siren/deliberations/numerotation': { access: 'deliberation.manage' },
  'GET /t/:siren/deliberations/registre.pdf': { access: 'deliberation.read' },
  'GET /t/:siren/deliberations/scdl.csv': { access: 'deliberation.read' },
  'GET /t/:siren/deliberations/:deliberationId': { access: 'deliberation.read' },
  'GET /t/:siren/deliberations/:deliberationId/extrait.pdf': { access: 'deliberation.read' },
  'GET /t/:siren/deliberations/:deliberationId/extrait.docx': { access: 'deliberation.read' },
  'GET /t/:siren/deliberations/:deliberationId/annexes/:annexId': { access: 'deliberation.read' },
  'POST /t/:siren/deliberations/:deliberationId/annexes': { access: 'deliberation.manage' },
  'POST /t/:siren/deliberations/:deliberationId/transmission': { access: 'deliberation.manage' },
  'POST /t/:siren/deliberations/:deliberationId/publication': { access: 'deliberation.manage' },
  'GET /t/:siren/seances/:sittingId/proces-verbal.pdf': { access: 'deliberation.read' },
  'GET /t/:siren/seances/:sittingId/deliberations.pdf': { access: 'deliberation.read' },
  'GET /api/t/:siren/deliberations': { access: 'deliberation.read' },
  'POST /api/t/:siren/deliberations': { access: 'deliberation.manage' },
  'POST /api/t/:siren/deliberations/numerotation': { access: 'deliberation.manage' },
  'GET /api/t/:siren/deliberations/:deliberationId': { access: 'deliberation.read' },
  'POST /api/t/:siren/deliberations/:deliberationId/transmission': { access: 'deliberation.manage' },
  'POST /api/t/:siren/deliberations/:deliberationId/publication': { access: 'deliberation.manage' },
  // dashboards
  'GET /t/:siren/tableau-de-bord': { access: 'dashboard.territory' },
  'GET /t/:siren/tableau-de-bord/:key/graphique.svg': { access: 'dashboard.territory' },
  'GET /t/:siren/tableau-de-bord/:key/donnees.csv': { access: 'dashboard.territory' },
  'GET /t/:siren/communes/:insee/tableau-de-bord': { access: 'dashboard.commune', commune: true },
  'GET /t/:siren/communes/:insee/tableau-de-bord/:key/graphique.svg': { access: 'dashboard.commune', commune: true },
  'GET /t/:siren/communes/:insee/tableau-de-bord/:key/donnees.csv': { access: 'dashboard.commune', commune: true },
  'GET /api/t/:siren/tableau-de-bord': { access: 'dashboard.territory' },
  'GET /api/t/:siren/communes/:insee/tableau-de-bord': { access: 'dashboard.commune', commune: true },
  // report
  'GET /t/:siren/rapport': { access: 'report.read' },
  'POST /t/:siren/rapport/:annee/textes/:section': { access: 'report.edit' },
  'GET /t/:siren/rapport.pdf': { access: 'report.read' },
  'GET /t/:siren/rapport.docx': { access: 'report.read' },
  'GET /api/t/:siren/rapport/:annee': { access: 'report.read' },
  'PUT /api/t/:siren/rapport/:annee/textes/:section': { access: 'report.edit' },
};

const OWN = '42207'; // Saint-Chamond: the commune of the commune user under test
const OTHER = '42095'; // Firminy
const CANARY_COMMUNE = 'CANARI-FIRMINY-5d1e';
const CANARY_TERRITORY = 'CANARI-GRENOBLE-9b7c';
const OTHER_SIREN = '200040715';

interface Subject {
  readonly name: string;
  readonly role: Role | null;
  readonly territory: 'first' | 'second' | null;
  client: TestClient;
  csrf: string;
}

describe(`authorization matrix on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  /** For each territory, the value of every route parameter (`:id` → an id of that territory's own data). */
  let params: Record<string, Record<string, string>>;
  const subjects: Subject[] = [];

  beforeAll(async () => {
    db = await testDatabase();
    const first = (await loadDemo(db))!;
    const grenoble = findOfficialEpci(OTHER_SIREN);
    if (!('found' in grenoble)) throw new Error('Grenoble');
    const second = await territory.createTerritoryFromOfficialData(db, SYSTEM_ACTOR, grenoble.found);
    const ctx1 = { territoryId: first.id, actor: SYSTEM_ACTOR };
    const ctx2 = { territoryId: second.id, actor: SYSTEM_ACTOR };
    // Canaries: restricted data of commune B, and data of territory 2.
    const firminy = await territory.collectivityByInsee(db, ctx1, OTHER);
    const planted = await access.addUser(db, ctx1, { email: 'canari@firminy.fr', displayName: CANARY_COMMUNE, password: 'canari-canari-canari', role: 'commune', collectivityId: firminy!.id }, new Set([firminy!.id]));
    const admin2 = await access.addUser(db, ctx2, { email: 'admin@grenoble.fr', displayName: `${CANARY_TERRITORY} admin`, password: 'grenoble-grenoble', role: 'admin' }, new Set());
    const ccas2 = await territory.addCollectivity(db, ctx2, { kind: 'ccas', name: `${CANARY_TERRITORY} CCAS`, siren: '264200544' });
    // Ids in the URL are the territory's own (another territory's id is simply not found).
    // Each module adds the parameters of its routes here, taken from the demo data (territory 1) and from data
    // it plants in territory 2, so that an allowed call finds what it names.
    params = {
      [DEMO_SIREN]: { id: (await territory.listCollectivities(db, ctx1)).find((c) => c.kind === 'epci')!.id, assignmentId: planted.id },
      [OTHER_SIREN]: { id: ccas2.id, assignmentId: admin2.id },
    };
    // aids: a scheme, a project with a targeted aid per commune, saved searches; canaries in Firminy's project and search and in territory 2.
    {
      const today = parisToday();
      const scheme1 = (await aids.listSchemes(db, ctx1)).find((s) => s.name.startsWith('DETR'))!;
      const saintChamond = await territory.collectivityByInsee(db, ctx1, OWN);
      const canaryProject = await aids.createProject(db, ctx1, firminy!.id, { title: `${CANARY_COMMUNE} projet`, projectType: 'roads', stage: 'reflection', spendingKind: 'investment', estimatedCost: '1000' });
      await aids.targetScheme(db, ctx1, firminy!.id, canaryProject.id, scheme1.id);
      const own1 = (await aids.projectsOf(db, ctx1, saintChamond!.id))[0]!;
      const other1 = (await aids.projectsOf(db, ctx1, firminy!.id)).find((v) => v.fundings.length > 0)!;
      const firminyCtx = { territoryId: first.id, actor: { personId: planted.personId, label: 'canari' } };
      const search1 = await aids.saveSearch(db, firminyCtx, `${CANARY_COMMUNE} recherche`, { beneficiaryId: firminy!.id, text: 'voirie' }, today);
      const scheme2 = await aids.createScheme(
        db,
        ctx2,
        { name: `${CANARY_TERRITORY} aide`, description: 'Aide du territoire 2.', funders: ['Grenoble-Alpes-Métropole'], level: 'intercommunal', perimeterScale: 'territory', audiences: ['commune'], aidTypes: ['grant'], recurrence: 'ongoing', status: 'published' },
        today,
      );
      const grenoble = await territory.collectivityByInsee(db, ctx2, '38185');
      const project2 = await aids.createProject(db, ctx2, grenoble!.id, { title: `${CANARY_TERRITORY} projet`, projectType: 'roads', stage: 'reflection', spendingKind: 'investment', estimatedCost: '1000' });
      const funding2 = await aids.targetScheme(db, ctx2, grenoble!.id, project2.id, scheme2.id);
      const search2 = await aids.saveSearch(db, { territoryId: second.id, actor: { personId: admin2.personId, label: 'admin 2' } }, `${CANARY_TERRITORY} recherche`, { beneficiaryId: grenoble!.id }, today);
      Object.assign(params[DEMO_SIREN]!, {
        schemeId: scheme1.id,
        searchId: search1.id,
        [`projectId@${OWN}`]: own1.project.id,
        [`fundingId@${OWN}`]: own1.fundings[0]!.id,
        [`projectId@${OTHER}`]: other1.project.id,
        [`fundingId@${OTHER}`]: other1.fundings[0]!.id,
      });
      Object.assign(params[OTHER_SIREN]!, { schemeId: scheme2.id, searchId: search2.id, projectId: project2.id, fundingId: funding2.id });
    }
    // assemblies: a sitting of each territory; an apology note (possibly health data) is restricted to the secretariat.
    const council1 = (await assemblies.listBodies(db, ctx1))[0]!;
    const sitting1 = await assemblies.createSitting(db, ctx1, { bodyId: council1.id, date: '2020-02-24', time: '18:00', place: 'Saint-Étienne', convokedOn: '2020-02-10' });
    const item1 = await assemblies.addAgendaItem(db, ctx1, sitting1.id, { title: 'Budget primitif 2020', kind: 'vote' });
    const excusedMember = (await assemblies.bodyDetail(db, ctx1, council1.id, '2020-02-24')).mandates[0]!.memberId;
    await recordExcuse(db, ctx1, sitting1.id, excusedMember, `${CANARY_COMMUNE} : hospitalisation`);
    const council2 = await assemblies.createBody(db, ctx2, { kind: 'epciCouncil', name: `${CANARY_TERRITORY} conseil` }, '2026-06-01');
    await assemblies.addMandate(db, ctx2, council2.id, { civility: 'Mme', firstName: 'Élue', lastName: CANARY_TERRITORY, role: 'president', seat: 'titular', validFrom: '2020-01-01' });
    const sitting2 = await assemblies.createSitting(db, ctx2, { bodyId: council2.id, date: '2020-02-24', time: '18:00', place: CANARY_TERRITORY, convokedOn: '2020-02-10' });
    const item2 = await assemblies.addAgendaItem(db, ctx2, sitting2.id, { title: `${CANARY_TERRITORY} point`, kind: 'vote' });
    Object.assign(params[DEMO_SIREN]!, { bodyId: council1.id, sittingId: sitting1.id, itemId: item1.id });
    Object.assign(params[OTHER_SIREN]!, { bodyId: council2.id, sittingId: sitting2.id, itemId: item2.id });
    // procurement: a group and a contract of both test communes, canaries in Firminy's needs and consumption, a Firminy-only group, territory 2's own
    const procurementParams = await plantProcurement(db, ctx1, ctx2, { own: OWN, other: OTHER, secondCity: '38185', canaryCommune: CANARY_COMMUNE, canaryTerritory: CANARY_TERRITORY });
    Object.assign(params[DEMO_SIREN]!, procurementParams.first);
    Object.assign(params[OTHER_SIREN]!, procurementParams.second);
    // agreements: the GIS agreement; canaries in a Firminy agreement, agents' names, Firminy's AC deduction, territory 2's own
    const agreementsParams = await plantAgreements(db, ctx1, ctx2, { other: OTHER, secondCity: '38185', canaryCommune: CANARY_COMMUNE, canaryTerritory: CANARY_TERRITORY });
    Object.assign(params[DEMO_SIREN]!, agreementsParams.first);
    Object.assign(params[OTHER_SIREN]!, agreementsParams.second);
    // charging: the demo's 2019 runs (territory 2 has none: its allowed calls answer 409, never 404)
    Object.assign(params[DEMO_SIREN]!, { annee: '2019', phase: 'final' });
    Object.assign(params[OTHER_SIREN]!, { annee: '2019', phase: 'final' });
    // report: a section of the report (the narrative blocks need no planted row)
    Object.assign(params[DEMO_SIREN]!, { section: 'context' });
    Object.assign(params[OTHER_SIREN]!, { section: 'context' });
    // catalogue: a pending request of Firminy, canaries in its request note, DSI referent's e-mail and a trainee; territory 2's own offer
    const catalogueParams = await plantCatalogue(db, ctx1, ctx2, { other: OTHER, secondCity: '38185', canaryCommune: CANARY_COMMUNE, canaryTerritory: CANARY_TERRITORY });
    Object.assign(params[DEMO_SIREN]!, catalogueParams.first);
    Object.assign(params[OTHER_SIREN]!, catalogueParams.second);
    // convergence and scheme: public in the territory; territory 2's project and scheme carry its canary
    const convergenceParams = await plantConvergence(db, ctx1, ctx2, CANARY_TERRITORY);
    Object.assign(params[DEMO_SIREN]!, convergenceParams.first);
    Object.assign(params[OTHER_SIREN]!, convergenceParams.second);
    // deliberations: a deliberation with an annex in each territory; territory 2's (canary title, unpublished) stays off its public page.
    {
      const pdf = tinyPdf();
      const decided1 = await decidedSitting(db, ctx1, council1.id, '2020-03-09', ['Convention SIG']);
      const d1 = await deliberations.createDeliberation(db, ctx1, { itemId: decided1.itemIds[0]!, matterCode: '5.7', decision: 'La convention est approuvée.' });
      const annex1 = await deliberations.attachFile(db, ctx1, d1.id, { filename: 'convention.pdf', bytes: pdf });
      const decided2 = await decidedSitting(db, ctx2, council2.id, '2020-03-09', [`${CANARY_TERRITORY} délibération`]);
      const d2 = await deliberations.createDeliberation(db, ctx2, { itemId: decided2.itemIds[0]!, matterCode: '5.7', decision: `${CANARY_TERRITORY} décision` });
      const annex2 = await deliberations.attachFile(db, ctx2, d2.id, { title: `${CANARY_TERRITORY} annexe`, filename: 'annexe.pdf', bytes: pdf });
      Object.assign(params[DEMO_SIREN]!, { deliberationId: d1.id, annexId: annex1.id });
      Object.assign(params[OTHER_SIREN]!, { deliberationId: d2.id, annexId: annex2.id });
    }
    // dashboards: read only, over the data planted above; a series key of both territories (territory 2's has no data)
    Object.assign(params[DEMO_SIREN]!, { key: 'achats' });
    Object.assign(params[OTHER_SIREN]!, { key: 'achats' });
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
    await app.ready();
    const logIn = async (name: string, role: Role | null, where: Subject['territory'], email: string | null, password: string, home: string) => {
      const client = new TestClient(app);
      if (email) expect((await client.login(email, password)).statusCode, email).toBe(303);
      subjects.push({ name, role, territory: where, client, csrf: email ? await client.csrfFrom(home) : await client.csrfFrom('/connexion') });
    };
    for (const login of DEMO_LOGINS) await logIn(login.email, login.role, 'first', login.email, DEMO_PASSWORD, `/t/${DEMO_SIREN}`);
    await logIn('admin de Grenoble', 'admin', 'second', 'admin@grenoble.fr', 'grenoble-grenoble', `/t/${OTHER_SIREN}`);
    await logIn('anonyme', null, null, null, '', '');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('lists every route, with the access the route itself declares', () => {
    const routes = app.routeInventory.map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in MATRIX)), 'routes absentes de la matrice').toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r)), 'routes de la matrice qui n’existent plus').toEqual([]);
    for (const route of app.routeInventory) expect(route.access, `${route.method} ${route.url}`).toBe(MATRIX[`${route.method} ${route.url}`]!.access);
  });

  function urlFor(route: RouteEntry, siren: string, insee: string): string {
    // A DELETE names something that does not exist: the matrix must not remove the subjects' own roles.
    if (route.method === 'DELETE') return route.url.replace(':siren', siren).replace(/:\w+/g, '01900000-0000-7000-8000-00000000dead');
    const own = params[siren] ?? params[DEMO_SIREN]!;
    return route.url
      .replace(':siren', siren)
      .replace(':insee', insee)
      .replace(/:(\w+)/g, (_, name: string) => {
        // A parameter may have a value per commune (`projectId@42207`): a project of the commune in the URL.
        const value = own[`${name}@${insee}`] ?? own[name];
        if (value === undefined) throw new Error(`${route.method} ${route.url} : paramètre « ${name} » sans valeur dans params (ajoutez-la dans beforeAll)`);
        return value;
      });
  }

  async function call(subject: Subject, route: RouteEntry, url: string) {
    if (route.method === 'GET') return subject.client.get(url);
    if (route.hidden) return subject.client.postForm(url, { _csrf: subject.csrf });
    return subject.client.json(route.method as 'POST' | 'DELETE', url, route.method === 'DELETE' ? undefined : {}, subject.csrf);
  }

  function expected(subject: Subject, access: string, commune: boolean, insee: string, siren: string): 'allowed' | 'forbidden' | 'absent' | 'anonymous' {
    if (access === 'public') return 'allowed';
    if (!subject.role) return 'anonymous';
    if (access === 'person') return 'allowed';
    if (siren !== DEMO_SIREN && subject.territory === 'first') return 'absent';
    if (siren === DEMO_SIREN && subject.territory === 'second') return 'absent';
    const rule = EXPECTED[access as Action][subject.role];
    if (rule === 'Y') return 'allowed';
    if (rule === 'N') return 'forbidden';
    // 'O': a commune user reaches their own commune only.
    const own = subject.name.startsWith('saint-chamond') ? OWN : subject.name.startsWith('firminy') ? OTHER : null;
    return commune && own === insee ? 'allowed' : 'forbidden';
  }

  it('answers every role as the policy says, on its commune, another commune and another territory', async () => {
    const mismatches: string[] = [];
    for (const route of app.routeInventory) {
      const { access: declared, commune = false } = MATRIX[`${route.method} ${route.url}`]!;
      if (route.url === '/deconnexion') continue; // would end the subjects' sessions; covered by the security tests
      const sirens = route.url.includes(':siren') ? [DEMO_SIREN, OTHER_SIREN] : [''];
      const insees = commune ? [OWN, OTHER] : [OWN];
      for (const subject of subjects) {
        for (const siren of sirens) {
          for (const insee of insees) {
            // In its own territory, the second territory's admin asks for one of its communes (Grenoble).
            const url = urlFor(route, siren, subject.territory === 'second' && siren === OTHER_SIREN ? '38185' : insee);
            const response = await call(subject, route, url);
            const want = expected(subject, declared, commune, insee, siren);
            const got = response.statusCode;
            const ok =
              want === 'allowed'
                ? got < 500 &&
                  ![401, 403].includes(got) &&
                  (got !== 404 || route.method === 'DELETE') &&
                  !(got === 302 && String(response.headers.location).startsWith('/connexion'))
                : want === 'forbidden'
                  ? got === 403
                  : want === 'absent'
                    ? got === 404
                    : got === 401 || got === 403 || (got === 302 && String(response.headers.location).startsWith('/connexion'));
            if (!ok) mismatches.push(`${subject.name} ${route.method} ${url}: attendu ${want}, reçu ${got}`);
            // Documents (PDF, XLSX, DOCX) are searched as text, so the canaries cover exports too.
            const body = await documentText(String(response.headers['content-type'] ?? ''), response.rawPayload);
            if (subject.territory !== 'second' && body.includes(CANARY_TERRITORY)) mismatches.push(`${subject.name} ${url}: canari du territoire 2 visible`);
            if (subject.name.startsWith('saint-chamond') && body.includes(CANARY_COMMUNE)) mismatches.push(`${subject.name} ${url}: canari de Firminy visible`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Every route × every subject × both territories (documents typeset too): minutes on a loaded machine.
  }, 600_000);
});
