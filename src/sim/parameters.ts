import type { OffenseCategory } from '../policy/case.ts';

/**
 * Every tuning constant of the rollout model, in one place. The fields marked "fitted" were fitted
 * to ../shared/data/published/figures.csv by `scomm sim --calibrate --fit` (iterative proportional
 * updates, each parameter tied to the target it moves most; see calibration.ts); the others come
 * from the public sources named beside them or are stated assumptions. Re-fit after changing the
 * model, never tune one number by hand. Last fit: `scomm sim --calibrate --fit 6 --scale 0.25`
 * (seed 1), then checked at scale 1 with `scomm sim --calibrate` (every target within 10 %).
 */
export interface SimParameters {
  /**
   * Jail admissions per year, nationally (fitted to ~7.2 M IDENT submissions by February 2011).
   * BJS "Jail Inmates at Midyear" reports 12.9 M admissions in the year to mid-2008 and 11.8 M in 2011.
   */
  bookingsPerYear: number;
  /** Sigma of the log-normal county multiplier on the booking rate (county-to-county variation). */
  countyBookingSigma: number;
  /**
   * IDENT match probability per booking = this x the county's non-citizen share, capped (fitted to
   * 477,035 matches, October 2008 - February 2011). IDENT holds non-citizens and naturalised
   * citizens alike, so the share is a proxy.
   */
  matchPerNoncitizenShare: number;
  matchProbabilityCap: number;
  /**
   * Exponent on the county's non-citizen share (1 = proportional). Below 1, matches are spread more
   * evenly across counties: IDENT also holds visa holders and naturalised citizens found everywhere.
   */
  matchNoncitizenExponent: number;
  /** Sigma of the log-normal county multiplier on matching (enrolment and arrest-pattern variation). */
  countyMatchSigma: number;
  /** Immigration status of the people IDENT matches (assumption, LESC determinations not published). */
  matchedStatus: { removable: number; lpr: number; citizen: number };
  /** Share of matched people with a criminal conviction on record (assumption). */
  matchedConvictedShare: number;
  /** Share of convicted matched people whose worst conviction is Level 1 (assumption; removals set the transfer odds). */
  convictionLevel1Share: number;
  /**
   * Share of matched people's convictions missing from the criminal record CJIS returns at booking
   * (dispositions never reported to the FBI, state-only and foreign convictions). The IDENT match is
   * levelled on the record ("charged with or convicted of"), the removal on the full record ICE
   * establishes before it ("convicted of"): fitted to the 4,000 removals among the 18,000 identified
   * as Level 1 by April 2010, beside 9,800 removals convicted of Level 1 two months later.
   */
  recordGapShare: number;
  /**
   * Mean days a person held on a felony charge stays in criminal custody (prosecution, sentence)
   * before ICE can take them (assumption; exponential). Misdemeanour and traffic bookings are
   * transferred within days.
   */
  felonyCustodyMeanDays: number;
  /** Of the rest, share whose worst conviction is a Level 2 felony (the others: misdemeanours). */
  convictionLevel2Share: number;
  /** Offense of the booking charge for matched people (weights; traffic and petty dominate local bookings). */
  chargeMix: Partial<Record<OffenseCategory, number>>;
  /** Multiplier on the weights of Level 1 charge categories (fitted to Level 1 identifications by April 2010). */
  chargeLevel1Scale: number;
  /** Safeguard-relevant facts, shares of matched bookings (assumptions). */
  victimOrWitnessShare: number;
  claimsCitizenshipShare: number;
  juvenileShare: number;
  /** Probability that a decision ends in a transfer to ICE custody, by action, before the scale. */
  transferProbability: Record<string, number>;
  /** Multiplier on every transfer probability (fitted to 46,929 removals through June 2010). */
  transferScale: number;
  /** Relative odds of transfer with no conviction on record (fitted to the non-criminal removals). */
  noConvictionTransferFactor: number;
  /** Relative odds of transfer with a Level 1 conviction (ICE's stated focus; fitted to Level 1 removals to June 2010). */
  level1TransferFactor: number;
  /**
   * ICE's civil enforcement priorities of 2010-06-30 (Morton memo): from that date the odds of a
   * transfer are multiplied by these, by the conviction level ICE establishes (none: no conviction);
   * fitted to the removals of April 2011 (more than 77,000 convicted, 28,000 of them Level 1) and to
   * the 28 % of 2011 transfers with no criminal record.
   */
  priorities2010: { from: string; level1: number; level2or3: number; none: number };
  /**
   * Sigma of the log-normal county multiplier on the odds of transferring someone with no
   * conviction (jails and field offices differ in what they hold people for; assumption). It is
   * what puts some counties above 50 % no-record transfers while the nation is at 28 %.
   */
  countyNoConvictionSigma: number;
  /** Relative odds of removal after transfer with no conviction (transfers vs removals shares, 28 % vs 26 %). */
  noConvictionRemovalFactor: number;
  /** A lawful permanent resident is removable only after certain convictions: relative odds otherwise. */
  lprTransferFactor: number;
  /** Under the traffic rule a later conviction re-decides the case; this share is convicted. */
  trafficConvictionShare: number;
  removalGivenTransfer: number;
  /** Days from transfer to removal: a processing floor plus an exponential tail. */
  removalDelayMinDays: number;
  removalDelayMeanExtraDays: number;
}

export const LEVEL1_CHARGES: OffenseCategory[] = ['homicide', 'kidnapping', 'sexual_assault', 'robbery', 'aggravated_assault', 'weapons', 'sex_offense', 'child_cruelty', 'domestic_violence', 'hit_and_run_injury'];

export const SIM_PARAMETERS: SimParameters = {
  bookingsPerYear: 11_349_682,
  countyBookingSigma: 0.35,
  matchPerNoncitizenShare: 0.1983,
  matchProbabilityCap: 0.45,
  matchNoncitizenExponent: 0.5,
  countyMatchSigma: 0.3,
  matchedStatus: { removable: 0.62, lpr: 0.3, citizen: 0.08 },
  matchedConvictedShare: 0.55,
  convictionLevel1Share: 0.3,
  recordGapShare: 0.7074,
  felonyCustodyMeanDays: 240,
  convictionLevel2Share: 0.38,
  chargeMix: {
    traffic: 0.2, dui: 0.1, petty: 0.12, larceny: 0.1, drugs: 0.1, domestic_violence: 0.06, aggravated_assault: 0.05,
    burglary: 0.05, fraud: 0.04, immigration: 0.04, weapons: 0.03, robbery: 0.02, sex_offense: 0.01, sexual_assault: 0.01,
    homicide: 0.004, kidnapping: 0.003, child_cruelty: 0.005, hit_and_run_injury: 0.008, reckless_driving_injury: 0.01, other: 0.08,
  },
  chargeLevel1Scale: 0.2064,
  victimOrWitnessShare: 0.01,
  claimsCitizenshipShare: 0.01,
  juvenileShare: 0.02,
  transferProbability: { detainer: 0.3, notify: 0.15, review: 0.07, await_conviction: 0, no_action: 0 },
  transferScale: 2.7707,
  noConvictionTransferFactor: 0.5168,
  level1TransferFactor: 0.8053,
  priorities2010: { from: '2010-06-30', level1: 1.1309, level2or3: 0.4557, none: 0.6693 },
  countyNoConvictionSigma: 0.5,
  noConvictionRemovalFactor: 0.9,
  lprTransferFactor: 0.25,
  trafficConvictionShare: 0.55,
  removalGivenTransfer: 0.85,
  removalDelayMinDays: 20,
  removalDelayMeanExtraDays: 70,
};
