/**
 * The emulated Xbox Live as a local HTTP service (issue 9), for testing a custom web service the way
 * LocalStack and Azurite test AWS and Azure code: the real auth formats on the real wire.
 *
 * @packageDocumentation
 */
export { start } from './EmulatorService.js';
export type { RunningService, ServiceOptions } from './EmulatorService.js';
export { checkFaults } from './faults.js';
export type { ServiceFaults, ServiceThrottle } from './faults.js';
export { watchServiceEvents } from './serviceEvents.js';
export type { ServiceEvent, ServiceEventWatch } from './serviceEvents.js';
export { startupBanner } from './banner.js';
export type { BannerSource } from './banner.js';
