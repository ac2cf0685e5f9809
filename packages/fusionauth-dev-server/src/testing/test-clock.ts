/**
 * A clock tests move forward instead of sleeping: real time plus the offset the test has added, so
 * it still runs between moves and instants keep their real order.
 */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
