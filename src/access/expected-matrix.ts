import type { Action, Role } from './model.ts';

/**
 * The expected matrix, written from docs/permissions.md (not from the code): for each action,
 * what each role reaches on its own commune and on another commune.
 * Y = allowed on both, O = own commune only, N = never.
 */
export const EXPECTED: Record<Action, Record<Role, 'Y' | 'O' | 'N'>> = {
  'territory.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'territory.edit': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'collectivity.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'collectivity.readRestricted': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  'collectivity.edit': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'population.import': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'users.read': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'users.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'audit.read': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  // aids
  'aid.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'aid.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'project.read': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  'project.edit': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  'contribution.grant': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'funding.overview': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  // assemblies
  'assembly.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'assembly.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'Y', commune: 'N', reader: 'N' },
  'sitting.record': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'Y', commune: 'N', reader: 'N' },
  // procurement
  'procurement.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'procurement.readMemberData': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  'procurement.declareNeeds': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  'procurement.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'procurement.recordConsumption': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'procurement.export': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'procurement.statistics': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'N', reader: 'Y' },
  // agreements
  'agreement.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'agreement.readStaff': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'N', commune: 'N', reader: 'N' },
  'agreement.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'agreement.approve': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'Y', commune: 'N', reader: 'N' },
  'compensation.read': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'Y' },
  'compensation.register': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'Y' },
  'compensation.manage': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  // charging
  'charging.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'N', commune: 'Y', reader: 'Y' },
  'charging.readStatement': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  'charging.manageCosts': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'charging.run': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'charging.export': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  // catalogue
  'catalogue.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'catalogue.readCommune': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'N', commune: 'O', reader: 'N' },
  'catalogue.request': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  'catalogue.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'catalogue.indicators': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'N', reader: 'Y' },
  // convergence and scheme
  'convergence.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'convergence.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'scheme.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'scheme.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'N', commune: 'N', reader: 'N' },
  'scheme.recordOpinion': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'Y', commune: 'N', reader: 'N' },
  // deliberations
  'deliberation.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'Y', reader: 'Y' },
  'deliberation.manage': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'Y', commune: 'N', reader: 'N' },
  // dashboards
  'dashboard.territory': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'N', commune: 'N', reader: 'Y' },
  'dashboard.commune': { admin: 'Y', finance: 'Y', serviceHead: 'N', secretariat: 'N', commune: 'O', reader: 'N' },
  // report
  'report.read': { admin: 'Y', finance: 'Y', serviceHead: 'Y', secretariat: 'Y', commune: 'N', reader: 'Y' },
  'report.edit': { admin: 'Y', finance: 'N', serviceHead: 'N', secretariat: 'Y', commune: 'N', reader: 'N' },
};
