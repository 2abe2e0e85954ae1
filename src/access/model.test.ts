import { describe, expect, it } from 'vitest';
import { can, ROLES, type Action, type Role, type RoleAssignment } from './model.ts';
import { EXPECTED } from './expected-matrix.ts';

const OWN = 'commune-a';
const OTHER = 'commune-b';

function assignment(role: Role, collectivityId: string | null = null): RoleAssignment {
  return { id: 'x', territoryId: 't', personId: 'p', role, collectivityId };
}


const rows = (Object.keys(EXPECTED) as Action[]).flatMap((action) => ROLES.map((role) => [action, role, EXPECTED[action][role]] as const));

describe('permission policy', () => {
  it.each(rows)('%s for %s: %s', (action, role, expected) => {
    const held = [assignment(role, role === 'commune' ? OWN : null)];
    expect(can(held, action, { collectivityId: OWN })).toBe(expected !== 'N');
    expect(can(held, action, { collectivityId: OTHER })).toBe(expected === 'Y');
  });

  it('a commune user without a target commune reaches nothing restricted', () => {
    expect(can([assignment('commune', OWN)], 'collectivity.readRestricted')).toBe(false);
  });

  it('nobody without a role may do anything', () => {
    for (const action of Object.keys(EXPECTED) as Action[]) expect(can([], action, { collectivityId: OWN })).toBe(false);
  });

  it('roles add up: a commune user who is also finance reads every commune', () => {
    expect(can([assignment('commune', OWN), assignment('finance')], 'collectivity.readRestricted', { collectivityId: OTHER })).toBe(true);
  });
});
