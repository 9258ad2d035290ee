/**
 * Every tuning constant of the fingerprint engine, in one place. Lengths are in pixels at 500 ppi
 * (images at other resolutions are resampled to 500 ppi first). The same values serve every sensor.
 */
export const BASE_PPI = 500;
/** Resample when the resolution differs from 500 ppi by more than this share. */
export const RESAMPLE_TOLERANCE = 0.05;

/** Block size of the block-wise fields (mask, orientation, frequency). */
export const BLOCK = 8;

/** Segmentation: a block is foreground when its gradient energy exceeds this share of the image's 90th percentile. */
export const MASK_ENERGY_SHARE = 0.12;
/** Images with a foreground smaller than this many blocks hold no usable print. */
export const MIN_FOREGROUND_BLOCKS = 40;
/** Below this mean orientation coherence over the foreground there is no ridge flow: not a print. */
export const MIN_MEAN_COHERENCE = 0.25;

/** Orientation: half-size of the gradient averaging window, in blocks (window = 2r+1 blocks). */
export const ORIENTATION_RADIUS_BLOCKS = 1;
/** Gaussian smoothing of the doubled-angle field, sigma in blocks. */
export const ORIENTATION_SMOOTH_SIGMA = 1.5;

/** Ridge period search range and default (pixels per ridge at 500 ppi). */
export const MIN_RIDGE_PERIOD = 5;
export const MAX_RIDGE_PERIOD = 15;
export const DEFAULT_RIDGE_PERIOD = 9;

/**
 * Gabor enhancement: kernel radius, envelope sigma relative to the period, orientation steps. The
 * radius covers 2 sigma of the envelope at the usual 9-pixel period (radius 6 cut it at 1.5 sigma,
 * weakening the smoothing along the ridges that mends breaks in dry and noisy prints).
 */
export const GABOR_RADIUS = 8;
export const GABOR_SIGMA_PER_PERIOD = 0.45;
export const GABOR_ORIENTATIONS = 16;
/** Periods are quantised to steps of this many pixels for the kernel bank. */
export const GABOR_PERIOD_STEP = 0.5;

/** Minutiae closer than this to the foreground border are dropped (border artefacts). */
export const BORDER_MARGIN = 12;
/** Ridge length traced from a minutia: spur test, and the sense of its direction. */
export const DIRECTION_TRACE = 10;
/** Minutia direction: sigma of the Gaussian window whose gradients give the ridge axis, in local ridge periods. */
export const DIRECTION_WINDOW_PERIODS = 2;
/** Spurs: an ending linked to a bifurcation by a skeleton path shorter than this is noise. */
export const SPUR_LENGTH = 12;
/** Breaks: two endings closer than this, facing each other, are one interrupted ridge. */
export const BREAK_DISTANCE = 14;
/** Bridges / islands: two bifurcations closer than this are dropped together. */
export const BRIDGE_DISTANCE = 10;
/** Clusters: minutiae with more than this many others within CLUSTER_RADIUS are noise. */
export const CLUSTER_RADIUS = 12;
export const CLUSTER_MAX = 2;
/** Keep at most this many minutiae (best quality first). */
export const MAX_MINUTIAE = 80;

/** Matcher: neighbours per local structure and the largest distance a neighbour may have. */
export const NEIGHBOURS = 7;
/**
 * Of those, the candidate's nearest this many look up the probe's edges (the probe's hash holds all
 * NEIGHBOURS): the probe's wider set still finds a look-alike when either print lost or gained a
 * neighbour, while the candidate's farther, less stable edges mostly added chance agreements. On
 * FVC2002 B (our extractor) 7 gave EER 1.43 / 2.08 / 1.43 / 2.15 %, 5 gives 1.34 / 2.15 / 1.13 /
 * 2.15 % and skips 2/7 of the look-ups; 4 lost DB3 (2.85 %).
 */
export const CANDIDATE_NEIGHBOURS = 5;
export const NEIGHBOUR_MAX_DISTANCE = 130;
/** Local structure tolerances: distance (pixels, plus a share of the distance) and angles (radians). */
export const LOCAL_DISTANCE_TOLERANCE = 6;
export const LOCAL_DISTANCE_SHARE = 0.06;
export const LOCAL_ANGLE_TOLERANCE = 0.25;
/** Edge hash bins (pixels, and bins per turn): narrower than the tolerances, so a look-up reads few look-alikes. */
export const EDGE_DISTANCE_BIN = 10;
export const EDGE_ANGLE_BINS = 16;
/** Spatial grid cell of a prepared template (pixels), for pairing after alignment. */
export const GRID_CELL = 32;
/** Alignments tried per comparison: the best-matching local structure pairs... */
export const ALIGNMENT_CANDIDATES = 3;
/** ...that have at least this many agreeing neighbour edges (two agree by chance often). */
export const MIN_SEED_VOTES = 3;
/** Global pairing after alignment: position tolerance grows with distance from the reference pair (distortion). */
export const PAIR_DISTANCE_TOLERANCE = 12;
export const PAIR_DISTANCE_SHARE = 0.06;
export const PAIR_ANGLE_TOLERANCE = 0.45;
/**
 * Score normalisation: with w paired minutiae and a, b minutiae of each template inside the common
 * area, score = 100 w^2 / (a b)^OVERLAP_EXPONENT. Exponent 1 is the product of the two paired
 * shares, blind to how many pairs there are (a few pairs in a tiny overlap scored like many in a
 * large one, and impostors scored highest on tiny overlaps); 0.5 is the pair count times its share;
 * 0.75 lies between (it did better than either on FVC2002 and on synthetic prints alike).
 * An overlap is never counted as holding fewer than MIN_OVERLAP_MINUTIAE: estimated from a handful
 * of minutiae it is unreliable.
 */
export const OVERLAP_EXPONENT = 0.75;
export const MIN_OVERLAP_MINUTIAE = 10;
/** Minutiae compared per template (highest quality first). */
export const MATCH_MAX_MINUTIAE = 64;

/** Synthetic fingerprints (SFinGe-style): master size, pattern class frequencies, ridge growth. */
export const SYNTH_WIDTH = 320;
export const SYNTH_HEIGHT = 400;
export const PATTERN_CLASSES = ['arch', 'tented_arch', 'left_loop', 'right_loop', 'whorl'] as const;
/** Natural frequencies of the five classes (Wilson, Candela and Watson 1994, as used by SFinGe). */
export const PATTERN_FREQUENCIES = [0.037, 0.029, 0.338, 0.317, 0.279];
export const SYNTH_PERIOD_RANGE: [number, number] = [7.5, 10.5];
export const SYNTH_GROWTH_ITERATIONS = 10;
/** Ridges are grown on a grid this much coarser than the image, then interpolated (see createMaster). */
export const SYNTH_GROWTH_SCALE = 2 / 3;
export const SYNTH_SEED_DENSITY = 1 / 300;
/** Least distance between two minutiae of a minutiae-level master (about 1.5 ridge periods). */
export const SYNTH_MINUTIA_SPACING = 14;
/** Impressions: rigid motion, elastic distortion, contact area, skin condition. */
export const IMPRESSION_ROTATION = 0.35;
export const IMPRESSION_TRANSLATION = 30;
export const IMPRESSION_DISTORTION = 9;
export const IMPRESSION_CONTACT: [number, number] = [0.55, 0.9];

/** 1:N search: triplet index (pre-selection) and verification (see search/gallery.ts). */
/** Nearest neighbours per minutia whose pairs make its triplets: 10 (45 pairs) found 149/150 mates among 8 candidates of 2,000 template-path subjects, 8 (28 pairs) 146/150. */
export const SEARCH_TRIPLET_NEIGHBOURS = 10;
export const SEARCH_TRIPLET_DISTANCE_BIN = 20;
export const SEARCH_TRIPLET_DISTANCE_BINS = 6;
export const SEARCH_TRIPLET_ANGLE_BINS = 12;
/** Fingers indexed for pre-selection (right and left index fingers, thumbs). */
export const SEARCH_INDEX_POSITIONS = [1, 2, 6, 7];
/** Fingers compared 1:1 on each pre-selected candidate; their scores are summed. */
export const SEARCH_VERIFY_POSITIONS = [1, 2, 6, 7];
export const SEARCH_CANDIDATES = 8;
/**
 * Pre-selected candidates a template-path search verifies when its first SEARCH_CANDIDATES give no
 * hit. The template path's misses are pre-selection's: in `scomm demo --bookings 1000 --templates`
 * all 9 missed mates ranked 8th to 36th by votes (of 161 encounters) and scored 115-290 on four
 * fingers, 542-845 on ten, when compared. 24: missed 9 -> 1 there, 14 -> 8 at 10,000 bookings, 0
 * false; ~5 % more CPU (160.9 -> 169.9 CPU-s at 10,000, alternating A/B). Not for prints extracted
 * from images: their impostors score higher, and their thresholds are set for the first 8.
 */
export const SEARCH_DEEPER_CANDIDATES = 24;
/**
 * Prepared gallery fingers kept between searches, of the positions only the ten-finger second look
 * compares (~10 kB each; the verify positions' are prepared once, at enrolment, and packed in the
 * gallery): the demo's search threads share it out.
 */
export const SEARCH_PREPARED_CACHE = 40_000;
/** Index keys held by more than this share of the gallery are skipped at search time. */
export const SEARCH_STOP_SHARE = 0.02;
/**
 * Fused-score threshold (sum of 4 finger scores), on the scale of the matcher of
 * src/biometrics/match. `scomm bench search --subjects 100000 --json` (this matcher and extractor,
 * 1,000 rendered mated, 2,000 non-mated searches) calibrates 135.1 at FPIR 0.1 % (best non-mated:
 * rendered 141.0, template path 128.1; 114.0 at 10,000 subjects: the best impostor grows with the
 * gallery); at 200 the 100,000-subject bench's FNIR is 0.3 % at FPIR 0. This is the template path's
 * threshold: pairs with prints extracted from images have their own (SEARCH_THRESHOLD_ONE_EXTRACTED).
 */
export const SEARCH_THRESHOLD = 200;
/**
 * Thresholds for pairs in which prints extracted from images take part (the images path: CARs with
 * WSQ prints), by how many of the two were: one (a probe extracted from a CAR against a
 * template-path record, or the other way), both (against a record created from an earlier
 * booking's extracted prints). Rendered and extracted prints carry more chance minutiae than the
 * template path's: at the same minutiae count their impostor finger scores are ~3x as high (median
 * 23 against 8). `npx tsx bench/search-thresholds.bench.ts 60 2000` (fused over the 4 verify
 * fingers): both extracted, non-mated median 103, p99.9 226, max 290 of 3,540 (0.5 % at or above
 * 200), mated >= 651; one extracted, non-mated max 208, mated >= 307 (60 subjects); neither,
 * non-mated max 97 of 20,000, mated 5.4 % below 200. In the 200-booking images demo IDENT's best
 * non-mates (one extracted) scored up to 210, and two of its mates 261 and 296.
 * @TODO bring rendered impostors down where they arise (extractor, score normalisation), not here.
 */
export const SEARCH_THRESHOLD_ONE_EXTRACTED = 250;
export const SEARCH_THRESHOLD_BOTH_EXTRACTED = 300;
/**
 * The template path's second look: a candidate whose fused score falls short of SEARCH_THRESHOLD
 * but reaches SEARCH_TEN_FINGERS_FROM has its other six fingers compared too, and is a hit when
 * the ten-finger sum reaches SEARCH_THRESHOLD_TEN (as a tenprint examiner looks at every finger of
 * a close call). `npx tsx bench/ten-finger.bench.ts 600 40` (600 template-path subjects, 24,000
 * non-mated pairs): 26 mates (4.3 %) fuse below 200, 25 of them at 100 or more on four fingers (the
 * other at 98), all at 438 or more on ten; one non-mated pair reaches 100 on four (102), the highest
 * on ten is 172 (p99.9 153). The best impostor of a 100,000-subject search (128 on four, see
 * SEARCH_THRESHOLD) would need 222 on the other six, where non-mated pairs' p99.9 is 108.
 * Template-path pairs only: where prints were extracted from images, mates clear their thresholds
 * on four fingers already (of 40: r-t min 310, r-r min 651) while impostors reach 334 and 441 on
 * ten (77 of 1,560 non-mated r-r pairs at 350 or more).
 */
export const SEARCH_TEN_FINGERS_FROM = 100;
export const SEARCH_THRESHOLD_TEN = 350;
