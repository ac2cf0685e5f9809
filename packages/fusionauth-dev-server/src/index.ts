/**
 * The programmatic API: `startDevServer()` starts a FusionAuth-compatible server (in memory or on disk,
 * kickstarted or empty) and resolves once `GET /api/status` would answer 200.
 */
export { startDevServer, type DevServer, type DevServerOptions } from './server.ts';
export type { DomainEvent, DomainEvents } from './domain/events.ts';
