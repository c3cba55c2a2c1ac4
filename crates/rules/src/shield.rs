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

/// Sites past this many are treated as never protonated (2^8 microstates).
pub const MAX_SITES: usize = 8;

impl Protonation {
    fn site_count(&self) -> usize {
        self.pka.len().min(MAX_SITES)
    }

    fn interaction(&self, mask: u32) -> f64 {
        self.interactions
            .iter()
            .filter(|(i, j, _)| mask & (1 << i) != 0 && mask & (1 << j) != 0)
            .map(|(_, _, w)| w)
            .sum()
    }

    /// log10 weights of every microstate at `ph`, normalised so the largest is 0.
    fn log_weights(&self, ph: f64) -> Vec<f64> {
        let n = self.site_count();
        let mut logs: Vec<f64> = (0..1u32 << n)
            .map(|mask| {
                let mut log = -self.interaction(mask);
                for (i, pka) in self.pka[..n].iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        log += pka - ph;
                    }
                }
                log
            })
            .collect();
        let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        logs.iter_mut().for_each(|l| *l -= top);
        logs
    }

    /// Average number of protons bound per molecule at `ph`.
    pub fn bound_protons(&self, ph: f64) -> f64 {
        let logs = self.log_weights(ph);
        let (mut total, mut bound) = (0.0, 0.0);
        for (mask, log) in logs.iter().enumerate() {
            let w = 10f64.powf(*log);
            total += w;
            bound += w * f64::from((mask as u32).count_ones());
        }
        bound / total
    }

    /// Fraction of molecules in which `site` is free, each weighted by the deactivation its
    /// protonated partners cause. A site past [`MAX_SITES`] is always free.
    pub fn reactive_fraction(&self, site: usize, ph: f64, beta: f64) -> f64 {
        if site >= self.site_count() {
            return 1.0;
        }
        let logs = self.log_weights(ph);
        let (mut total, mut reactive) = (0.0, 0.0);
        for (mask, log) in logs.iter().enumerate() {
            let mask = mask as u32;
            let w = 10f64.powf(*log);
            total += w;
            if mask & (1 << site) == 0 {
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
                        (mask & (1 << partner) != 0).then_some(w)
                    })
                    .sum();
                reactive += w * 10f64.powf(-beta * damping);
            }
        }
        reactive / total
    }
}

/// The pH at which the species (with their amounts) bind `acid` protons per substrate, or
/// `None` when there is no acid. Acid beyond every site's capacity gives a pH low enough to
/// protonate them all.
pub fn equilibrate(species: &[&Protonation], amounts: &[f64], acid: f64) -> Option<f64> {
    if acid <= 0.0 {
        return None;
    }
    let bound = |ph: f64| -> f64 {
        species
            .iter()
            .zip(amounts)
            .map(|(s, x)| {
                if *x > 0.0 {
                    x * s.bound_protons(ph)
                } else {
                    0.0
                }
            })
            .sum()
    };
    let (mut low, mut high) = (-30.0, 50.0);
    if bound(low) <= acid {
        return Some(low);
    }
    for _ in 0..60 {
        let mid = 0.5 * (low + high);
        if bound(mid) > acid {
            low = mid;
        } else {
            high = mid;
        }
    }
    Some(0.5 * (low + high))
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
        let ph = equilibrate(&[&species[0]], &[1.0], 1.0).unwrap();
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
        let ph = equilibrate(&[&species[0]], &[1.0], 3.0).unwrap();
        assert!(species[0].reactive_fraction(0, ph, 0.3) < 1e-9);
    }

    #[test]
    fn no_acid_needs_no_equilibrium() {
        let species = [homopiperazine()];
        assert_eq!(equilibrate(&[&species[0]], &[1.0], 0.0), None);
    }
}
