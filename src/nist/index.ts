/** ANSI/NIST-ITL 1-2011 transactions, traditional encoding: read, write, build and read CAR submissions. */
export { parseTransaction, type ParseOptions } from './reader.ts';
export { writeTransaction, cntValue } from './writer.ts';
export { recordImage } from './image-info.ts';
export { decodeRecordImage } from './record-image.ts';
export { buildCar, readCar, carInputSchema, type CarInput, type CarCharge, type CarFinger, type CarSubmission } from './car.ts';
export { FS, GS, RS, US, type Transaction, type NistRecord, type TaggedRecord, type BinaryRecord, type NistField, type RecordImage } from './types.ts';
