import type { ChargingScheme } from '../agreements/charging-scheme.ts';
import { Cents } from '../platform/money.ts';
import type { ChargingInput, CostLineInput, Participant, ServiceInput } from './model.ts';

/** Test factories with overrides. */
export const aParticipant = (id: string, tieKey = id, over: Partial<Participant> = {}): Participant => ({ collectivityId: id, tieKey, name: `Collectivité ${id}`, ...over });

export const aService = (over: Partial<ServiceInput> & { scheme?: ChargingScheme } = {}): ServiceInput => ({
  id: 's1',
  code: 'S1',
  name: 'Service commun',
  participants: [aParticipant('a', '42218'), aParticipant('b', '42207')],
  scheme: { components: [{ percent: '100', rule: { kind: 'driver', driver: 'population' } }] },
  ...over,
});

let next = 0;
export const aCostLine = (over: Partial<Omit<CostLineInput, 'amountCents'>> & { amountCents?: number } = {}): CostLineInput => ({
  id: `line-${++next}`,
  serviceId: 's1',
  centreId: null,
  category: 'staff',
  label: 'Rémunérations',
  sourceReference: null,
  attributedTo: null,
  ...over,
  amountCents: Cents.of(over.amountCents ?? 100_000),
});

export const anInput = (over: Partial<ChargingInput> = {}): ChargingInput => ({
  year: 2019,
  phase: 'final',
  services: [aService()],
  costLines: [],
  drivers: [],
  workUnits: [],
  centres: [],
  supportMethod: 'reciprocal',
  ...over,
});
