import type { Plugin } from './platform/http/server.tsx';
import { identify } from './access/guard.tsx';
import { accessPages } from './access/pages.tsx';
import { auditPages } from './access/audit-pages.tsx';
import { accessApi } from './access/api.ts';
import { territoryApi } from './territory/api.ts';
import { sitePages } from './site/pages.tsx';
import { territoryPages } from './territory/pages.tsx';
import { registerPages } from './territory/register-pages.tsx';
// aids
import { aidSearchPages } from './aids/pages-search.tsx';
import { aidAdminPages } from './aids/pages-admin.tsx';
import { projectPages } from './aids/pages-projects.tsx';
import { fundingOverviewPages } from './aids/pages-overview.tsx';
import { alertPages } from './aids/pages-alerts.tsx';
import { aidsApi } from './aids/api.ts';
// assemblies
import { assembliesApi } from './assemblies/api.ts';
import { sittingPages } from './assemblies/pages.tsx';
import { livePages } from './assemblies/live-pages.tsx';
import { bodyPages } from './assemblies/body-pages.tsx';
// charging
import { chargingPages } from './charging/pages.tsx';
import { chargingApi } from './charging/api.ts';
// procurement
import { procurementPages } from './procurement/pages.tsx';
import { procurementApi } from './procurement/api.ts';
// agreements
import { agreementsApi } from './agreements/api.ts';
import { agreementsPages } from './agreements/pages.tsx';
// catalogue
import { cataloguePagesPlugin } from './catalogue/pages.tsx';
import { catalogueApi } from './catalogue/api.ts';
// convergence and scheme
import { convergencePages } from './convergence/pages.tsx';
import { convergenceApi } from './convergence/api.ts';
import { schemePages } from './scheme/pages.tsx';
import { schemeApi } from './scheme/api.ts';
// deliberations
import { deliberationPages } from './deliberations/pages.tsx';
import { deliberationsApi } from './deliberations/api.ts';
// dashboards
import { dashboardPages } from './dashboards/pages.tsx';
import { dashboardsApi } from './dashboards/api.ts';
// report
import { reportPages } from './report/pages.tsx';
import { reportApi } from './report/api.ts';

/** The composition root: every module's routes, in the order their navigation appears. */
export const plugins: readonly Plugin[] = [
  identify,
  territoryPages,
  registerPages,
  accessPages,
  auditPages,
  sitePages,
  territoryApi,
  accessApi,
  // aids
  aidSearchPages,
  aidAdminPages,
  projectPages,
  fundingOverviewPages,
  alertPages,
  aidsApi,
  // assemblies
  sittingPages,
  livePages,
  bodyPages,
  assembliesApi,
  // procurement
  procurementPages,
  procurementApi,
  // agreements
  agreementsPages,
  agreementsApi,
  // charging
  chargingPages,
  chargingApi,
  // catalogue
  cataloguePagesPlugin,
  catalogueApi,
  // convergence and scheme
  schemePages,
  convergencePages,
  convergenceApi,
  schemeApi,
  // deliberations
  deliberationPages,
  deliberationsApi,
  // dashboards
  dashboardPages,
  dashboardsApi,
  // report
  reportPages,
  reportApi,
];
