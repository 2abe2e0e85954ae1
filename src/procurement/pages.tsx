import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav } from '../access/guard.tsx';
import { groupPages } from './pages/groups.tsx';
import { needsPages } from './pages/needs.tsx';
import { contractPages } from './pages/contracts.tsx';
import { statisticsPages } from './pages/statistics.tsx';
import { decpPages } from './pages/decp.tsx';

/** Joint purchasing's pages: groups, needs, contracts and consumption, yearly statistics, essential data (DECP). */
export function procurementPages(app: App, deps: ServerDeps): void {
  addNav({ label: 'Achats groupés', path: '/achats', action: 'procurement.read' });
  groupPages(app, deps);
  needsPages(app, deps);
  contractPages(app, deps);
  statisticsPages(app, deps);
  decpPages(app, deps);
}
