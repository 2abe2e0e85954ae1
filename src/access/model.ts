/** Roles a person may hold in a territory (docs/permissions.md explains each). */
export const ROLES = ['admin', 'finance', 'serviceHead', 'secretariat', 'commune', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administration (mission mutualisation)',
  finance: 'Finances',
  serviceHead: 'Responsable de service commun',
  secretariat: 'Secrétariat des assemblées',
  commune: 'Utilisateur communal',
  reader: 'Lecture seule / élu',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface RoleAssignment {
  readonly id: string;
  readonly territoryId: string;
  readonly personId: string;
  readonly role: Role;
  /** The commune a commune user acts for; null for territory-wide roles. */
  readonly collectivityId: string | null;
}

/** What someone may do. New modules add their actions here and to docs/permissions.md. */
export const ACTIONS = [
  'territory.read',
  'territory.edit',
  'collectivity.read',
  'collectivity.readRestricted',
  'collectivity.edit',
  'population.import',
  'users.read',
  'users.manage',
  'audit.read',
  // aids
  'aid.read',
  'aid.manage',
  'project.read',
  'project.edit',
  'contribution.grant',
  'funding.overview',
  // assemblies
  'assembly.read',
  'assembly.manage',
  'sitting.record',
  // procurement
  'procurement.read',
  'procurement.readMemberData',
  'procurement.declareNeeds',
  'procurement.manage',
  'procurement.recordConsumption',
  'procurement.export',
  'procurement.statistics',
  // agreements
  'agreement.read',
  'agreement.readStaff',
  'agreement.manage',
  'agreement.approve',
  'compensation.read',
  'compensation.register',
  'compensation.manage',
  // charging
  'charging.read',
  'charging.readStatement',
  'charging.manageCosts',
  'charging.run',
  'charging.export',
  // catalogue
  'catalogue.read',
  'catalogue.readCommune',
  'catalogue.request',
  'catalogue.manage',
  'catalogue.indicators',
  // convergence and scheme
  'convergence.read',
  'convergence.manage',
  'scheme.read',
  'scheme.manage',
  'scheme.recordOpinion',
  // deliberations
  'deliberation.read',
  'deliberation.manage',
  // dashboards
  'dashboard.territory',
  'dashboard.commune',
  // report
  'report.read',
  'report.edit',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What the action is about: the collectivity it concerns, when it concerns one. */
export interface Target {
  readonly collectivityId?: string | null;
}

type Rule = 'all' | 'own' | 'none';

/** The policy as a table: for each action, what each role may reach ('own' = their own commune). */
export const POLICY: Record<Action, Record<Role, Rule>> = {
  'territory.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'territory.edit': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'collectivity.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'collectivity.readRestricted': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  'collectivity.edit': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'population.import': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'users.read': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'users.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'audit.read': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  // aids
  'aid.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'aid.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'project.read': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  'project.edit': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  'contribution.grant': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'funding.overview': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  // assemblies
  'assembly.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'assembly.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'all', commune: 'none', reader: 'none' },
  'sitting.record': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'all', commune: 'none', reader: 'none' },
  // procurement
  'procurement.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'procurement.readMemberData': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  'procurement.declareNeeds': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  'procurement.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'procurement.recordConsumption': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'procurement.export': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'procurement.statistics': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'none', reader: 'all' },
  // agreements
  'agreement.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'agreement.readStaff': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'none', commune: 'none', reader: 'none' },
  'agreement.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'agreement.approve': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'all', commune: 'none', reader: 'none' },
  'compensation.read': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'all' },
  'compensation.register': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'all' },
  'compensation.manage': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  // charging
  'charging.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'none', commune: 'all', reader: 'all' },
  'charging.readStatement': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  'charging.manageCosts': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'charging.run': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'charging.export': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  // catalogue
  'catalogue.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'catalogue.readCommune': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'none', commune: 'own', reader: 'none' },
  'catalogue.request': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  'catalogue.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'catalogue.indicators': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'none', reader: 'all' },
  // convergence and scheme
  'convergence.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'convergence.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'scheme.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'scheme.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'none', commune: 'none', reader: 'none' },
  'scheme.recordOpinion': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'all', commune: 'none', reader: 'none' },
  // deliberations
  'deliberation.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'all', reader: 'all' },
  'deliberation.manage': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'all', commune: 'none', reader: 'none' },
  // dashboards
  'dashboard.territory': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'none', commune: 'none', reader: 'all' },
  'dashboard.commune': { admin: 'all', finance: 'all', serviceHead: 'none', secretariat: 'none', commune: 'own', reader: 'none' },
  // report
  'report.read': { admin: 'all', finance: 'all', serviceHead: 'all', secretariat: 'all', commune: 'none', reader: 'all' },
  'report.edit': { admin: 'all', finance: 'none', serviceHead: 'none', secretariat: 'all', commune: 'none', reader: 'none' },
};

/** True when one of the person's roles in the territory allows the action on the target. */
export function can(assignments: readonly RoleAssignment[], action: Action, target: Target = {}): boolean {
  return assignments.some((a) => {
    const rule = POLICY[action][a.role];
    if (rule === 'all') return true;
    if (rule === 'own') return target.collectivityId != null && a.collectivityId === target.collectivityId;
    return false;
  });
}

/** True when some role allows the action on something (maybe only the person's own commune). */
export function mayEver(assignments: readonly RoleAssignment[], action: Action): boolean {
  return assignments.some((a) => POLICY[action][a.role] !== 'none');
}

/** Who may call a route: anyone, any signed-in person, or those whose role allows an action. */
export type RouteAccess = 'public' | 'person' | Action;

export function isRouteAccess(value: unknown): value is RouteAccess {
  return value === 'public' || value === 'person' || (ACTIONS as readonly unknown[]).includes(value);
}
