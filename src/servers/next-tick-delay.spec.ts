import { nextTickDelay } from './server-reconciler';

describe('nextTickDelay', () => {
  it('starts the next tick one interval after this one started when the tick was quick', () => {
    expect(nextTickDelay(500, 120)).toBe(380);
    expect(nextTickDelay(500, 250)).toBe(250);
  });

  it('leaves the cloud as much idle time as a slow tick took', () => {
    // Lists of 1.4 s on a saturated Nova: not back to back, 1.4 s apart.
    expect(nextTickDelay(500, 1_400)).toBe(1_400);
    expect(nextTickDelay(500, 400)).toBe(400);
  });
});
