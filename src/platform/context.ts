import type { Actor } from './audit.ts';
import type { Scope } from './db/database.ts';

/** Who acts, in which territory: what every territory use case receives. */
export interface TerritoryContext {
  readonly territoryId: string;
  readonly actor: Actor;
}

export function scopeOf(ctx: TerritoryContext): Scope {
  return { territoryId: ctx.territoryId, personId: ctx.actor.personId };
}
