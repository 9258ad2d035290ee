// Worker threads do not inherit the tsx loader that bin/scomm.js registers in the main thread:
// each worker registers it, then loads the TypeScript module named in workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const mod = await import(workerData.module);
export default mod.default;
