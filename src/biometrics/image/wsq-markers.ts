/** WSQ markers (FBI WSQ specification v3.1, Table A.1). */
export const SOI = 0xffa0;
export const EOI = 0xffa1;
export const SOF = 0xffa2;
export const SOB = 0xffa3;
export const DTT = 0xffa4;
export const DQT = 0xffa5;
export const DHT = 0xffa6;
export const DRT = 0xffa7;
export const COM = 0xffa8;

export const MARKER_NAMES: Record<number, string> = {
  [SOI]: 'SOI', [EOI]: 'EOI', [SOF]: 'SOF', [SOB]: 'SOB', [DTT]: 'DTT', [DQT]: 'DQT', [DHT]: 'DHT', [DRT]: 'DRT', [COM]: 'COM',
};

/** Huffman symbols of the coefficient stream (Table A.2). */
export const SYM_ZERO_RUN_MAX = 100; // 1..100: a run of that many zeros
export const SYM_POS8 = 101;
export const SYM_NEG8 = 102;
export const SYM_POS16 = 103;
export const SYM_NEG16 = 104;
export const SYM_ZRUN8 = 105;
export const SYM_ZRUN16 = 106;
/** 107..254: the coefficient (symbol - 180), i.e. -73..74. */
export const SYM_VALUE_MIN = 107;
export const SYM_VALUE_MAX = 254;
export const SYM_VALUE_OFFSET = 180;

export const MAX_HUFFMAN_TABLES = 8;
/** Largest image the decoder accepts (pixels): refuses absurd frame headers before allocating. */
export const MAX_PIXELS = 100_000_000;
