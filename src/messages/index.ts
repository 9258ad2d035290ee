/** Everything that crosses a node boundary: envelopes and their zod-validated bodies. */
export { parseEnvelope, message, addressSchema, type Envelope } from './envelope.ts';
export * from './schemas.ts';
