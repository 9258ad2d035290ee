export { type Bus, type Handler, type BatchHandler, type RetryPolicy, DEFAULT_RETRY } from './port.ts';
export { InProcessBus, type InProcessOptions } from './in-process.ts';
