import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav } from '../access/guard.tsx';
import { cataloguePages } from './pages/catalogue.tsx';
import { portalPages } from './pages/portal.tsx';
import { requestPages } from './pages/requests.tsx';
import { managePages } from './pages/manage.tsx';
import { networkPages } from './pages/networks.tsx';
import { trainingPages } from './pages/trainings.tsx';
import { indicatorPages } from './pages/indicators.tsx';

/** The catalogue's pages: cards and offers, the commune portal, the pooling team's requests, offers, networks, trainings, indicators. */
export function cataloguePagesPlugin(app: App, deps: ServerDeps): void {
  addNav({ label: 'Services aux communes', path: '/catalogue', action: 'catalogue.read' });
  cataloguePages(app, deps);
  portalPages(app, deps);
  requestPages(app, deps);
  managePages(app, deps);
  networkPages(app, deps);
  trainingPages(app, deps);
  indicatorPages(app, deps);
}
