/** The clock tests move forward instead of sleeping, shared with the dev server package's test kit. */
export { createTestClock, type TestClock } from 'fusionauth-dev-server/testing';
