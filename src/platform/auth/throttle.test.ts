import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle.ts';

describe('LoginThrottle', () => {
  it('blocks an account after 10 failures from one address, for the window only', () => {
    let now = 0;
    const throttle = new LoginThrottle(10, 50, 600_000, () => now);
    for (let i = 0; i < 10; i++) {
      expect(throttle.allowed('1.2.3.4', 'a@x.fr')).toBe(true);
      throttle.fail('1.2.3.4', 'a@x.fr');
    }
    expect(throttle.allowed('1.2.3.4', 'a@x.fr')).toBe(false);
    expect(throttle.allowed('1.2.3.4', 'b@x.fr')).toBe(true);
    expect(throttle.allowed('5.6.7.8', 'a@x.fr')).toBe(true);
    now = 600_001;
    expect(throttle.allowed('1.2.3.4', 'a@x.fr')).toBe(true);
  });

  it('blocks an address spraying many accounts', () => {
    const throttle = new LoginThrottle(10, 50, 600_000, () => 0);
    for (let i = 0; i < 50; i++) throttle.fail('1.2.3.4', `u${i}@x.fr`);
    expect(throttle.allowed('1.2.3.4', 'new@x.fr')).toBe(false);
  });
});
