//! The acid-base shield: fast proton equilibria among the microspecies of every species in a
//! pot, and how reactive a free nitrogen is when its partner carries a proton.
//!
//! Each species has basic sites with micro pKa values and pairwise interactions `W` (how much
//! a proton on one site lowers the other's pKa). A microstate (a set of protonated sites)
//! weighs `10^(Σ (pKa_i − pH) − Σ W_ij)` over its protonated sites and pairs. Strong acid added
//! first (`acid` equivalents per substrate) is shared by all species: the pH is the one at
//! which the bound protons equal the acid. HX released by the reaction is taken to be
//! scavenged (the seed protocols end with a basic workup), so it does not add to the acid.
//!
//! A site reacts only while free; a free site whose partner `j` is protonated is deactivated
//! by `φ = 10^(−β·W_ij)` (the charged partner withdraws electron density; chemistry notes
//! section 4). Numbers are kept in log space, so no pH overflows.

/// The basic sites of one species.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Protonation {
    /// Micro pKa of each site (conjugate acid).
    pub pka: Vec<f64>,
    /// Pairwise interactions `(i, j, W)`, `i < j`.
    pub interactions: Vec<(usize, usize, f64)>,
}

/// At most this many sites of one species take part in the proton equilibria (2^8 = 256
/// microstates): the most basic ones (highest pKa, the earlier site first among equals). The
/// others are treated as never protonated; a species with more basic sites than this (a
/// polyamine with nine or more amines) is outside what the shield model was calibrated on, and
/// enumerating its 2^n microstates would not end.
pub const MAX_SITES: usize = 8;

const LN10: f64 = std::f64::consts::LN_10;

impl Protonation {
    /// For each site, its bit in a microstate mask, `None` for a site that takes no part.
    fn slots(&self) -> Vec<Option<u32>> {
        let mut order: Vec<usize> = (0..self.pka.len()).collect();
        order.sort_by(|&a, &b| self.pka[b].total_cmp(&self.pka[a]).then(a.cmp(&b)));
        order.truncate(MAX_SITES);
        order.sort_unstable();
        let mut slots = vec![None; self.pka.len()];
        for (bit, site) in (0u32..).zip(order) {
            slots[site] = Some(bit);
        }
        slots
    }

    /// Whether `site` is protonated in `mask` (never for a site that takes no part, or an
    /// index past the sites).
    fn protonated(slots: &[Option<u32>], mask: u32, site: usize) -> bool {
        slots
            .get(site)
            .copied()
            .flatten()
            .is_some_and(|bit| mask & (1 << bit) != 0)
    }

    fn mask_count(slots: &[Option<u32>]) -> u32 {
        let taking_part = slots.iter().flatten().count();
        1 << taking_part
    }

    fn interaction(&self, slots: &[Option<u32>], mask: u32) -> f64 {
        self.interactions
            .iter()
            .filter(|&&(i, j, _)| {
                Self::protonated(slots, mask, i) && Self::protonated(slots, mask, j)
            })
            .map(|(_, _, w)| w)
            .sum()
    }

    /// The microstates, ready for fast evaluation at any pH.
    pub fn prepare(&self) -> Microstates {
        let slots = self.slots();
        let states = (0..Self::mask_count(&slots))
            .map(|mask| {
                let mut log = -self.interaction(&slots, mask);
                let mut bound = 0.0;
                for (i, pka) in self.pka.iter().enumerate() {
                    if Self::protonated(&slots, mask, i) {
                        log += pka;
                        bound += 1.0;
                    }
                }
                (bound, log)
            })
            .collect();
        let mut micro = Microstates {
            states,
            saturated: 0.0,
        };
        micro.saturated = micro.moments(LOWEST_PH).0;
        micro
    }

    /// For each microstate, how reactive `site` is in it: 0 when protonated, else
    /// `10^(−β Σ W)` over its protonated partners. A site that takes no part in the
    /// equilibria (past [`MAX_SITES`]) is never protonated, so only its partners damp it.
    pub fn activity(&self, site: usize, beta: f64) -> Vec<f64> {
        let slots = self.slots();
        (0..Self::mask_count(&slots))
            .map(|mask| {
                if Self::protonated(&slots, mask, site) {
                    return 0.0;
                }
                let damping: f64 = self
                    .interactions
                    .iter()
                    .filter_map(|&(i, j, w)| {
                        let partner = if i == site {
                            j
                        } else if j == site {
                            i
                        } else {
                            return None;
                        };
                        Self::protonated(&slots, mask, partner).then_some(w)
                    })
                    .sum();
                10f64.powf(-beta * damping)
            })
            .collect()
    }

    /// Average number of protons bound per molecule at `ph`.
    pub fn bound_protons(&self, ph: f64) -> f64 {
        self.prepare().moments(ph).0
    }

    /// Fraction of molecules in which `site` is free, each weighted by the deactivation its
    /// protonated partners cause.
    pub fn reactive_fraction(&self, site: usize, ph: f64, beta: f64) -> f64 {
        let micro = self.prepare();
        let mut weights = Vec::new();
        micro.weights(ph, &mut weights);
        micro.expect(&weights, &self.activity(site, beta))
    }
}

/// The microstates of one species: protons bound and log10 weight at pH 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Microstates {
    states: Vec<(f64, f64)>,
    /// Mean protons bound at the lowest pH the search tries, computed once: every
    /// equilibration first asks whether all the acid is bound even there.
    saturated: f64,
}

/// The pH range [`equilibrate`] searches.
const LOWEST_PH: f64 = -30.0;
const HIGHEST_PH: f64 = 50.0;

impl Microstates {
    /// Normalised weights of the microstates at `ph`, into `out`.
    pub fn weights(&self, ph: f64, out: &mut Vec<f64>) {
        let (total, _, _) = self.sum_weights(ph, out);
        out.iter_mut().for_each(|w| *w /= total);
    }

    /// [`Microstates::moments`], keeping the unnormalised weights and their total.
    fn moments_keeping(&self, ph: f64, weights: &mut Vec<f64>, kept_total: &mut f64) -> (f64, f64) {
        let (total, mean, variance) = self.sum_weights(ph, weights);
        *kept_total = total;
        (mean, variance)
    }

    /// The weights of the microstates at `ph` (scaled by the largest) into `weights`, in
    /// order: their total, and the mean and variance of the protons bound. Each state's
    /// `log − n·pH` is computed once, into `weights`, and turned into its weight in place.
    fn sum_weights(&self, ph: f64, weights: &mut Vec<f64>) -> (f64, f64, f64) {
        weights.clear();
        weights.extend(self.states.iter().map(|(n, log)| log - n * ph));
        let top = weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (mut total, mut first, mut second) = (0.0, 0.0, 0.0);
        for (w, (n, _)) in weights.iter_mut().zip(&self.states) {
            *w = ((*w - top) * LN10).exp();
            total += *w;
            first += *w * n;
            second += *w * n * n;
        }
        let mean = first / total;
        (total, mean, (second / total - mean * mean).max(0.0))
    }

    /// Normalised weights from [`Microstates::moments_keeping`]'s, into `out`: what
    /// [`Microstates::weights`] gives at the same pH.
    pub(crate) fn weights_from(kept: &[f64], total: f64, out: &mut Vec<f64>) {
        out.clear();
        out.extend(kept.iter().map(|w| w / total));
    }

    /// Mean and variance of the protons bound at `ph`.
    pub fn moments(&self, ph: f64) -> (f64, f64) {
        let (_, mean, variance) = self.sum_weights(ph, &mut Vec::new());
        (mean, variance)
    }

    /// The weighted mean of `values` (one per microstate) under `weights`.
    pub fn expect(&self, weights: &[f64], values: &[f64]) -> f64 {
        weights.iter().zip(values).map(|(w, v)| w * v).sum()
    }
}

/// The pH at which the species (with their amounts) bind `acid` protons per substrate,
/// starting the search at `guess`; `None` when there is no acid. Acid beyond every site's
/// capacity gives a pH low enough to protonate them all. Safeguarded Newton: the bound
/// protons fall monotonically with pH, their slope is `−ln 10` times the variance.
pub fn equilibrate(species: &[Microstates], amounts: &[f64], acid: f64, guess: f64) -> Option<f64> {
    solve(species, amounts, acid, guess, None).map(|(ph, _)| ph)
}

/// The unnormalised microstate weights of each species at one pH and their total, as
/// [`Microstates::weights`] computes them before it divides.
pub(crate) type Kept = Vec<(Vec<f64>, f64)>;

/// How [`solve`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Converged at a pH it evaluated last (the kept weights are those at that pH). Solving
    /// again for the same amounts from that pH evaluates it once and returns it again, bit for
    /// bit.
    Converged,
    /// All the acid is bound even at the lowest pH, which is returned whatever the guess.
    Saturated,
    /// The iterations ran out or the bracket closed without meeting the tolerance.
    Stopped,
}

impl Ended {
    /// Whether solving again for the same amounts, starting at the pH returned, gives the same
    /// pH bit for bit (and the same kept weights).
    pub(crate) fn repeatable(self) -> bool {
        matches!(self, Ended::Converged | Ended::Saturated)
    }
}

/// [`equilibrate`]; with `kept` (one entry per species), also the weights of every species
/// with a positive amount at the pH returned when it ended [`Ended::Converged`].
pub(crate) fn solve(
    species: &[Microstates],
    amounts: &[f64],
    acid: f64,
    guess: f64,
    mut kept: Option<&mut Kept>,
) -> Option<(f64, Ended)> {
    if acid <= 0.0 {
        return None;
    }
    let mut excess = |ph: f64| -> (f64, f64) {
        let mut bound = 0.0;
        let mut slope = 0.0;
        for (index, (micro, x)) in species.iter().zip(amounts).enumerate() {
            if *x > 0.0 {
                let (mean, variance) = match kept.as_deref_mut() {
                    Some(kept) => {
                        let (weights, total) = &mut kept[index];
                        micro.moments_keeping(ph, weights, total)
                    }
                    None => micro.moments(ph),
                };
                bound += x * mean;
                slope -= x * LN10 * variance;
            }
        }
        (bound - acid, slope)
    };
    let (mut low, mut high) = (LOWEST_PH, HIGHEST_PH);
    // `excess(low).0`, from each species' mean at the lowest pH, summed in the same order.
    let mut saturated = 0.0;
    for (micro, x) in species.iter().zip(amounts) {
        if *x > 0.0 {
            saturated += x * micro.saturated;
        }
    }
    if saturated - acid <= 0.0 {
        return Some((low, Ended::Saturated));
    }
    let mut ph = guess.clamp(low, high);
    for _ in 0..100 {
        let (f, slope) = excess(ph);
        if f.abs() < 1e-10 * acid.max(1.0) {
            return Some((ph, Ended::Converged));
        }
        if f > 0.0 {
            low = ph;
        } else {
            high = ph;
        }
        let newton = if slope < 0.0 {
            ph - f / slope
        } else {
            f64::NAN
        };
        ph = if newton.is_finite() && newton > low && newton < high {
            newton
        } else {
            0.5 * (low + high)
        };
        if high - low < 1e-12 {
            break;
        }
    }
    Some((ph, Ended::Stopped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn homopiperazine() -> Protonation {
        // micro pKa 10.7 each (macro 11.0), W 3.5 (second macro pKa 6.9)
        Protonation {
            pka: vec![10.7, 10.7],
            interactions: vec![(0, 1, 3.5)],
        }
    }

    #[test]
    fn one_equivalent_of_acid_makes_the_monocation() {
        let species = [homopiperazine()];
        let ph = equilibrate(&[species[0].prepare()], &[1.0], 1.0, 7.0).unwrap();
        assert!((species[0].bound_protons(ph) - 1.0).abs() < 1e-6);
        // Macro pKa values 11.0 and 6.9: the monocation dominates near pH 9.
        assert!((8.0..10.0).contains(&ph), "{ph}");
    }

    #[test]
    fn a_free_site_next_to_a_protonated_partner_is_deactivated() {
        let sites = homopiperazine();
        let ph = 9.0;
        let shielded = sites.reactive_fraction(0, ph, 0.3);
        let free_base_share = sites.reactive_fraction(0, ph, 0.0);
        assert!(shielded < free_base_share);
        assert!(shielded < 0.6);
    }

    #[test]
    fn acid_beyond_capacity_protonates_everything() {
        let species = [homopiperazine()];
        let ph = equilibrate(&[species[0].prepare()], &[1.0], 3.0, 7.0).unwrap();
        assert!(species[0].reactive_fraction(0, ph, 0.3) < 1e-9);
    }

    #[test]
    fn no_acid_needs_no_equilibrium() {
        let species = [homopiperazine()];
        assert_eq!(equilibrate(&[species[0].prepare()], &[1.0], 0.0, 7.0), None);
    }

    /// 41 basic amines (issue 8): the enumeration is bounded and no shift overflows; the most
    /// basic sites are the ones that take part.
    #[test]
    fn many_sites_take_part_up_to_the_limit() {
        let n = 41;
        let mut pka: Vec<f64> = vec![9.0; n];
        pka[40] = 11.0;
        let interactions = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j, 0.5)))
            .collect();
        let sites = Protonation { pka, interactions };
        let micro = sites.prepare();
        assert_eq!(micro.states.len(), 1 << MAX_SITES);
        let ph = equilibrate(&[micro], &[1.0], 1.0, 7.0).unwrap();
        assert!((sites.bound_protons(ph) - 1.0).abs() < 1e-6);
        // The most basic site (the last) takes part and carries most of the proton; a site
        // past the limit is never protonated.
        assert!(sites.reactive_fraction(40, ph, 0.0) < 0.5);
        assert!((sites.reactive_fraction(39, ph, 0.0) - 1.0).abs() < 1e-12);
    }
}
