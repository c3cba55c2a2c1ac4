//! Competitive consecutive kinetics: how far each species of a reaction network gets when a
//! limited amount of co-reactant is shared among all the sites that can take it.
//!
//! The network is chemistry-free: species (indices) with basic sites and reaction channels
//! (site, rate, product). Amounts are on the substrate basis (substrate = 1). The co-reactant
//! `B` enters every channel the same way, so with the progress variable `dτ = B dt` the
//! equations become `dx/dτ = r(x)` and `B` only decides where the integration stops: when the
//! co-reactant consumed equals the equivalents added, or when nothing can react any more.
//!
//! Two solvers:
//! - [`Network::solve`] dispatches to the closed form when the substrate has at most two
//!   sites, reaches at most three species, and no acid is present (DESIGN.md section 3:
//!   `P/A0 = (a^κ − a)/(1 − κ)`, generalised to unequal site rates);
//! - otherwise a fourth-order Runge-Kutta integration in `τ`, with the acid-base shield
//!   recomputed at every stage ([`crate::shield`]).

use crate::shield::{self, Microstates, Protonation};

/// A reaction channel: one site of one species taking one co-reactant unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// Index of the reacting site in the species' [`Species::sites`] (its protonation state
    /// decides whether it reacts), or `None` for a site that is never protonated.
    pub site: Option<usize>,
    /// Relative rate constant (per site, already including nucleophilicity and sterics).
    pub rate: f64,
    /// The species formed.
    pub product: usize,
}

/// One species of the network.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Species {
    /// How many co-reactant units the species carries (0 for the substrate).
    pub units: u32,
    /// Basic sites: their pKa values and pairwise interactions.
    pub sites: Protonation,
    /// Channels leaving this species.
    pub channels: Vec<Channel>,
}

/// A reaction network; species 0 is the substrate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// Species in discovery order.
    pub species: Vec<Species>,
}

/// How a network run is set up.
#[derive(Clone, Debug, PartialEq)]
pub struct Charge {
    /// Equivalents of co-reactant per substrate.
    pub equivalents: f64,
    /// Equivalents of strong acid added before the co-reactant.
    pub acid: f64,
    /// The proton acceptors among the agents, `(pKa of the conjugate acid, equivalents)`: they
    /// share the acid with the network's species (a base added with a shield takes its acid).
    pub bases: Vec<(f64, f64)>,
    /// Brønsted sensitivity of a free N to a protonated partner (see [`crate::shield`]).
    pub beta: f64,
}

/// Where a run ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Amount of each species (substrate basis; sums to 1).
    pub amounts: Vec<f64>,
    /// Co-reactant consumed per substrate.
    pub consumed: f64,
    /// Which solver produced it.
    pub solver: Solver,
}

/// How far the amounts of an [`Outcome`] may be from summing to 1.
pub const BALANCE_TOLERANCE: f64 = 1e-6;

impl Outcome {
    /// Whether the run kept mass balance: every amount finite and not negative, and products
    /// plus unreacted substrate summing to 1 within [`BALANCE_TOLERANCE`]. A run that does not
    /// is an internal error of the model, never an answer.
    pub fn balanced(&self) -> bool {
        let sum: f64 = self.amounts.iter().sum();
        self.amounts.iter().all(|a| a.is_finite() && *a >= 0.0)
            && (sum - 1.0).abs() <= BALANCE_TOLERANCE
    }

    /// The sum of the amounts (1 for a balanced run).
    pub fn total(&self) -> f64 {
        self.amounts.iter().sum()
    }
}

/// The solver used for a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Solver {
    /// Closed form (two sites, no acid).
    ClosedForm,
    /// Runge-Kutta integration.
    Integration,
}

/// Amounts below this are treated as gone.
const NEGLIGIBLE: f64 = 1e-12;

/// The last step of a run ends when the co-reactant used exceeds the charge by at most this
/// (relative to the charge, or to 1 below one equivalent) ...
const END_TOLERANCE: f64 = 1e-14;
/// ... or when the step lengths bracketing the end are this close (relative to the step).
const END_WIDTH: f64 = 1e-13;

impl Network {
    /// Runs the network to the end: the co-reactant is used up or nothing reacts any more.
    pub fn solve(&self, charge: &Charge) -> Outcome {
        match self.closed_form(charge) {
            Some(outcome) => outcome,
            None => self.integrate(charge),
        }
    }

    /// The closed form, when it applies: substrate `A` with channels to at most two products
    /// `P_i`, each of which has at most one channel, both to the same `Q`; no acid.
    fn closed_form(&self, charge: &Charge) -> Option<Outcome> {
        if charge.acid > 0.0 || self.species.is_empty() {
            return None;
        }
        let substrate = &self.species[0];
        let mut firsts: Vec<(usize, f64)> = Vec::new();
        for channel in &substrate.channels {
            match firsts.iter_mut().find(|(p, _)| *p == channel.product) {
                Some(entry) => entry.1 += channel.rate,
                None => firsts.push((channel.product, channel.rate)),
            }
        }
        if firsts.len() > 2 || substrate.channels.len() > 2 {
            return None;
        }
        let mut seconds = Vec::new();
        let mut bis = None;
        for &(product, _) in &firsts {
            let species = &self.species[product];
            let rate: f64 = species.channels.iter().map(|c| c.rate).sum();
            for channel in &species.channels {
                let q = &self.species[channel.product];
                if !q.channels.is_empty() || bis.is_some_and(|b| b != channel.product) {
                    return None;
                }
                bis = Some(channel.product);
            }
            seconds.push(rate);
        }
        let k_a: f64 = firsts.iter().map(|(_, k)| k).sum();
        if k_a <= 0.0 {
            return Some(self.unchanged(Solver::ClosedForm));
        }
        // Amounts at progress τ (Bateman): A = e^{-kA τ}; P_i from A at k_i, decaying at s_i.
        let amounts_at = |tau: f64| -> (f64, Vec<f64>) {
            let a = (-k_a * tau).exp();
            let p = firsts
                .iter()
                .zip(&seconds)
                .map(|(&(_, k), &s)| k * bateman(k_a, s, tau))
                .collect();
            (a, p)
        };
        let consumed_at = |tau: f64| -> f64 {
            let (a, p) = amounts_at(tau);
            let q = 1.0 - a - p.iter().sum::<f64>();
            (1.0 - a) + q.max(0.0)
        };
        let capacity = if bis.is_some() { 2.0 } else { 1.0 };
        let tau = if charge.equivalents >= capacity {
            f64::INFINITY
        } else {
            // consumed(τ) is increasing; bracket, then bisect.
            let mut high = 1.0 / k_a;
            while consumed_at(high) < charge.equivalents && high < 1e12 {
                high *= 2.0;
            }
            let mut low = 0.0;
            for _ in 0..200 {
                let mid = 0.5 * (low + high);
                if consumed_at(mid) < charge.equivalents {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            0.5 * (low + high)
        };
        let mut amounts = vec![0.0; self.species.len()];
        let (a, p) = if tau.is_finite() {
            amounts_at(tau)
        } else {
            let p = seconds
                .iter()
                .zip(&firsts)
                .map(|(&s, &(_, k))| if s > 0.0 { 0.0 } else { k / k_a })
                .collect();
            (0.0, p)
        };
        amounts[0] = a;
        for (&(product, _), &amount) in firsts.iter().zip(&p) {
            amounts[product] += amount;
        }
        if let Some(q) = bis {
            amounts[q] = (1.0 - a - p.iter().sum::<f64>()).max(0.0);
        }
        Some(Outcome {
            consumed: self.consumed(&amounts),
            amounts,
            solver: Solver::ClosedForm,
        })
    }

    fn unchanged(&self, solver: Solver) -> Outcome {
        let mut amounts = vec![0.0; self.species.len()];
        amounts[0] = 1.0;
        Outcome {
            amounts,
            consumed: 0.0,
            solver,
        }
    }

    fn consumed(&self, amounts: &[f64]) -> f64 {
        amounts
            .iter()
            .zip(&self.species)
            .map(|(x, s)| x * f64::from(s.units))
            .sum()
    }

    /// Fluxes `dx/dτ` at `amounts`, and the total rate of co-reactant use.
    fn rates(
        &self,
        amounts: &[f64],
        charge: &Charge,
        shield: &mut Option<Shield>,
        out: &mut [f64],
    ) -> f64 {
        out.iter_mut().for_each(|x| *x = 0.0);
        if let Some(shield) = shield.as_mut() {
            shield.equilibrate(amounts, charge.acid);
        }
        let mut total = 0.0;
        for (index, species) in self.species.iter().enumerate() {
            let amount = amounts[index];
            if amount <= NEGLIGIBLE || species.channels.is_empty() {
                continue;
            }
            for (c, channel) in species.channels.iter().enumerate() {
                let free = match shield.as_ref() {
                    Some(shield) => shield.free(index, c),
                    None => 1.0,
                };
                let flux = channel.rate * free * amount;
                out[index] -= flux;
                out[channel.product] += flux;
                total += flux;
            }
        }
        total
    }

    /// Runge-Kutta integration in τ, stopping when the co-reactant is used up.
    fn integrate(&self, charge: &Charge) -> Outcome {
        self.integrate_with(charge, true)
    }

    /// [`Network::integrate`]; `reuse` takes a step's first stage from the rates already
    /// computed at its start where that gives the same bits (`false` computes every stage, as
    /// the integration did before; the tests compare the two).
    fn integrate_with(&self, charge: &Charge, reuse: bool) -> Outcome {
        let n = self.species.len();
        if n == 0 {
            return Outcome {
                amounts: Vec::new(),
                consumed: 0.0,
                solver: Solver::Integration,
            };
        }
        let mut x = vec![0.0; n];
        x[0] = 1.0;
        let mut scratch = Scratch::new(n);
        let mut shield = (charge.acid > 0.0).then(|| Shield::new(self, charge));
        let mut consumed = 0.0;
        let max_rate = self
            .species
            .iter()
            .flat_map(|s| s.channels.iter().map(|c| c.rate))
            .fold(0.0, f64::max);
        if max_rate <= 0.0 || charge.equivalents <= 0.0 {
            return self.unchanged(Solver::Integration);
        }
        let mut h = 0.01 / max_rate;
        for _ in 0..100_000 {
            let total = self.rates(&x, charge, &mut shield, &mut scratch.k1);
            if total <= 1e-10 * max_rate {
                break;
            }
            // Keep every species' relative change per step small.
            let fastest = x
                .iter()
                .zip(&scratch.k1)
                .filter(|(amount, _)| **amount > 1e-9)
                .map(|(amount, rate)| (-rate / amount).max(0.0))
                .fold(0.0, f64::max);
            let limit = if fastest > 0.0 {
                0.05 / fastest
            } else {
                h * 2.0
            };
            h = (h * 2.0).min(limit);
            // `k1` holds the rates at `x`; the step's first stage would compute them again from
            // the same state, with the same result when there is no shield or its equilibrium
            // at `x` is repeatable, so it is taken as it is (same bits, one solve fewer).
            let known = reuse && shield.as_ref().is_none_or(|s| s.repeatable);
            let next = self.step(&x, h, charge, &mut shield, &mut scratch, known);
            let next_consumed = self.consumed(&next);
            if next_consumed >= charge.equivalents {
                // Find the step length at which the co-reactant runs out: the used-up excess
                // `g(t) = consumed(step(x, t)) − equivalents` rises from below 0 at `t = 0` to
                // `g(h) ≥ 0`. Regula falsi with the Illinois modification (the end that stays
                // put has its value halved), a halving whenever the bracket has not halved in
                // two trials, until the excess is within `END_TOLERANCE` of the charge or the
                // bracket within `END_WIDTH` of `h`. Usually a handful of trials where 60
                // halvings were taken before (issue 9); the amounts move in their last digits
                // only, below the shield's own pH tolerance, and the 4-place batch output of
                // both target files is unchanged.
                let equivalents = charge.equivalents;
                let (mut low, mut high) = (0.0, h);
                // The excess at each end, and the values the secant uses (Illinois-halved).
                let mut g_high = next_consumed - equivalents;
                let (mut f_low, mut f_high) = (consumed - equivalents, g_high);
                let mut best = next;
                // Each trial starts its shield search where the last trial's stage left it, so
                // only a run without a shield has the same rates at `x` every time.
                let known = reuse && shield.is_none();
                // Which end the last trial replaced (-1 low, 1 high), and the bracket's width
                // before each of the last two trials.
                let mut replaced = 0i8;
                let mut widths = [f64::INFINITY; 2];
                for _ in 0..60 {
                    if g_high <= END_TOLERANCE * equivalents.max(1.0) || high - low <= END_WIDTH * h
                    {
                        break;
                    }
                    let secant = (low * f_high - high * f_low) / (f_high - f_low);
                    let halve = high - low > 0.5 * widths[0];
                    let mid = if !halve && secant.is_finite() && secant > low && secant < high {
                        secant
                    } else {
                        0.5 * (low + high)
                    };
                    widths = [widths[1], high - low];
                    let trial = self.step(&x, mid, charge, &mut shield, &mut scratch, known);
                    let g = self.consumed(&trial) - equivalents;
                    if g < 0.0 {
                        low = mid;
                        f_low = g;
                        if replaced == -1 {
                            f_high *= 0.5;
                        }
                        replaced = -1;
                    } else {
                        high = mid;
                        g_high = g;
                        f_high = g;
                        best = trial;
                        if replaced == 1 {
                            f_low *= 0.5;
                        }
                        replaced = 1;
                    }
                }
                x = best;
                consumed = charge.equivalents.min(self.consumed(&x));
                return Outcome {
                    amounts: normalised(x),
                    consumed,
                    solver: Solver::Integration,
                };
            }
            x = next;
            consumed = next_consumed;
        }
        Outcome {
            amounts: normalised(x),
            consumed,
            solver: Solver::Integration,
        }
    }

    /// One Runge-Kutta step of length `h` from `x`; `k1_known` when `s.k1` already holds
    /// the rates at `x` as the first stage would compute them.
    fn step(
        &self,
        x: &[f64],
        h: f64,
        charge: &Charge,
        shield: &mut Option<Shield>,
        s: &mut Scratch,
        k1_known: bool,
    ) -> Vec<f64> {
        if !k1_known {
            self.rates(x, charge, shield, &mut s.k1);
        }
        add_scaled(x, &s.k1, h / 2.0, &mut s.tmp);
        self.rates(&s.tmp, charge, shield, &mut s.k2);
        add_scaled(x, &s.k2, h / 2.0, &mut s.tmp);
        self.rates(&s.tmp, charge, shield, &mut s.k3);
        add_scaled(x, &s.k3, h, &mut s.tmp);
        self.rates(&s.tmp, charge, shield, &mut s.k4);
        x.iter()
            .enumerate()
            .map(|(i, xi)| {
                let dx = (s.k1[i] + 2.0 * s.k2[i] + 2.0 * s.k3[i] + s.k4[i]) * h / 6.0;
                (xi + dx).max(0.0)
            })
            .collect()
    }
}

/// The acid-base shield of one run: every species' microstates, every channel's activity
/// per microstate, and the pH of the last equilibrium (the next search starts there).
struct Shield {
    /// The species' microstates, then one per base of the charge.
    microstates: Vec<Microstates>,
    /// The amounts of the species (updated each equilibrium), then the bases' equivalents.
    amounts: Vec<f64>,
    activity: Vec<Vec<Option<Vec<f64>>>>,
    free: Vec<Vec<f64>>,
    weights: Vec<f64>,
    /// The weights the pH search evaluated last, per species.
    kept: shield::Kept,
    ph: f64,
    /// Whether equilibrating the last amounts again, from the pH found, would give the same
    /// pH and reactive fractions bit for bit (the search converged or the acid saturates).
    repeatable: bool,
}

impl Shield {
    fn new(network: &Network, charge: &Charge) -> Self {
        let beta = charge.beta;
        let mut microstates: Vec<Microstates> =
            network.species.iter().map(|s| s.sites.prepare()).collect();
        let mut amounts = vec![0.0; network.species.len()];
        for &(pka_h, equivalents) in &charge.bases {
            microstates.push(
                Protonation {
                    pka: vec![pka_h],
                    interactions: Vec::new(),
                }
                .prepare(),
            );
            amounts.push(equivalents);
        }
        let activity = network
            .species
            .iter()
            .map(|s| {
                s.channels
                    .iter()
                    .map(|c| c.site.map(|site| s.sites.activity(site, beta)))
                    .collect()
            })
            .collect();
        let free = network
            .species
            .iter()
            .map(|s| vec![1.0; s.channels.len()])
            .collect();
        Shield {
            kept: vec![(Vec::new(), 0.0); microstates.len()],
            microstates,
            amounts,
            activity,
            free,
            weights: Vec::new(),
            ph: 7.0,
            repeatable: false,
        }
    }

    /// Sets the pH for `amounts` and every channel's reactive fraction.
    fn equilibrate(&mut self, amounts: &[f64], acid: f64) {
        self.amounts[..amounts.len()].copy_from_slice(amounts);
        let solved = shield::solve(
            &self.microstates,
            &self.amounts,
            acid,
            self.ph,
            Some(&mut self.kept),
        );
        let mut fresh = false;
        self.repeatable = false;
        if let Some((ph, ended)) = solved {
            self.ph = ph;
            fresh = ended == shield::Ended::Converged;
            self.repeatable = ended.repeatable();
        }
        for (index, micro) in self.microstates.iter().take(amounts.len()).enumerate() {
            if amounts[index] <= NEGLIGIBLE || self.activity[index].is_empty() {
                continue;
            }
            // The search kept every species' weights at the pH it returned (a species with a
            // positive amount was evaluated there); otherwise they are computed here.
            if fresh {
                let (kept, total) = &self.kept[index];
                Microstates::weights_from(kept, *total, &mut self.weights);
            } else {
                micro.weights(self.ph, &mut self.weights);
            }
            for (c, activity) in self.activity[index].iter().enumerate() {
                self.free[index][c] = activity
                    .as_ref()
                    .map_or(1.0, |a| micro.expect(&self.weights, a));
            }
        }
    }

    fn free(&self, species: usize, channel: usize) -> f64 {
        self.free[species][channel]
    }
}

/// Scratch vectors for the Runge-Kutta stages.
struct Scratch {
    k1: Vec<f64>,
    k2: Vec<f64>,
    k3: Vec<f64>,
    k4: Vec<f64>,
    tmp: Vec<f64>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            k1: vec![0.0; n],
            k2: vec![0.0; n],
            k3: vec![0.0; n],
            k4: vec![0.0; n],
            tmp: vec![0.0; n],
        }
    }
}

fn add_scaled(x: &[f64], dx: &[f64], h: f64, out: &mut [f64]) {
    for ((o, xi), di) in out.iter_mut().zip(x).zip(dx) {
        *o = (xi + h * di).max(0.0);
    }
}

/// Rescales amounts to sum to 1 (removes the round-off of clamping at zero).
fn normalised(mut x: Vec<f64>) -> Vec<f64> {
    let total: f64 = x.iter().sum();
    if total > 0.0 {
        x.iter_mut().for_each(|v| *v /= total);
    }
    x
}

/// `∫ e^{-a s} e^{-b (τ - s)} ds` from 0 to τ: the amount of an intermediate formed at unit
/// rate from a species decaying at `a` and itself decaying at `b`.
fn bateman(a: f64, b: f64, tau: f64) -> f64 {
    let d = a - b;
    if (d * tau).abs() < 1e-9 {
        tau * (-a * tau).exp()
    } else {
        ((-b * tau).exp() - (-a * tau).exp()) / d
    }
}

/// The closed form of DESIGN.md section 3 for a substrate `a` (fraction left) and `κ`:
/// the mono fraction `P/A0`.
pub fn mono_fraction(a: f64, kappa: f64) -> f64 {
    if (kappa - 1.0).abs() < 1e-12 {
        -a * a.ln()
    } else {
        (a.powf(kappa) - a) / (1.0 - kappa)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A symmetric diamine: two equal sites (rate 1 each), mono with one site left.
    fn diamine(second: f64) -> Network {
        Network {
            species: vec![
                Species {
                    units: 0,
                    sites: Protonation::default(),
                    channels: vec![
                        Channel {
                            site: None,
                            rate: 1.0,
                            product: 1,
                        },
                        Channel {
                            site: None,
                            rate: 1.0,
                            product: 1,
                        },
                    ],
                },
                Species {
                    units: 1,
                    sites: Protonation::default(),
                    channels: vec![Channel {
                        site: None,
                        rate: second,
                        product: 2,
                    }],
                },
                Species {
                    units: 2,
                    ..Species::default()
                },
            ],
        }
    }

    fn charge(equivalents: f64) -> Charge {
        Charge {
            equivalents,
            acid: 0.0,
            bases: Vec::new(),
            beta: 0.3,
        }
    }

    #[test]
    fn statistical_diamine_gives_half_mono_at_one_equivalent() {
        let outcome = diamine(1.0).solve(&charge(1.0));
        assert_eq!(outcome.solver, Solver::ClosedForm);
        let [a, p, q] = outcome.amounts[..] else {
            panic!("three species")
        };
        assert!((p - 0.5).abs() < 1e-6, "{p}");
        assert!((a - 0.25).abs() < 1e-6 && (q - 0.25).abs() < 1e-6);
        assert!((outcome.consumed - 1.0).abs() < 1e-9);
    }

    #[test]
    fn closed_form_matches_the_design_formula() {
        // κ = k2/k1 = 1.3/2
        let outcome = diamine(1.3).solve(&charge(0.8));
        let a = outcome.amounts[0];
        let expected = mono_fraction(a, 0.65);
        assert!((outcome.amounts[1] - expected).abs() < 1e-9);
    }

    #[test]
    fn excess_diamine_gives_ninety_to_five_on_the_electrophile() {
        let outcome = diamine(1.0).solve(&charge(0.2));
        let (p, q) = (outcome.amounts[1] / 0.2, outcome.amounts[2] / 0.2);
        assert!(
            (p - 0.9).abs() < 0.005 && (q - 0.05).abs() < 0.003,
            "{p} {q}"
        );
    }

    #[test]
    fn integration_agrees_with_the_closed_form() {
        for (second, eq) in [(1.0, 1.0), (0.3, 0.7), (2.0, 1.5), (1.0, 0.2)] {
            let network = diamine(second);
            let closed = network.solve(&charge(eq));
            let integrated = network.integrate(&charge(eq));
            for (c, i) in closed.amounts.iter().zip(&integrated.amounts) {
                assert!(
                    (c - i).abs() < 1e-4,
                    "{second} {eq}: {closed:?} {integrated:?}"
                );
            }
        }
    }

    #[test]
    fn excess_co_reactant_stops_at_capacity() {
        let outcome = diamine(1.0).solve(&charge(5.0));
        assert!((outcome.amounts[2] - 1.0).abs() < 1e-9);
        assert!((outcome.consumed - 2.0).abs() < 1e-9);
        let outcome = diamine(1.0).integrate(&charge(5.0));
        assert!((outcome.amounts[2] - 1.0).abs() < 1e-6, "{outcome:?}");
    }

    #[test]
    fn mass_balance_holds() {
        for eq in [0.1, 0.5, 1.0, 1.7] {
            let outcome = diamine(0.8).solve(&charge(eq));
            assert!((outcome.amounts.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }

    /// Taking a step's first stage from the rates at its start changes no bit of a run,
    /// with and without the acid-base shield (a triamine with interacting sites, bases in
    /// the pot, several charges).
    #[test]
    fn reusing_the_first_stage_changes_no_bit() {
        let sites = Protonation {
            pka: vec![10.6, 9.8, 8.9],
            interactions: vec![(0, 1, 1.4), (1, 2, 2.1), (0, 2, 0.6)],
        };
        let mono = Protonation {
            pka: vec![9.7, 8.6],
            interactions: vec![(0, 1, 1.9)],
        };
        let network = Network {
            species: vec![
                Species {
                    units: 0,
                    sites,
                    channels: (0..3)
                        .map(|site| Channel {
                            site: Some(site),
                            rate: [1.0, 0.7, 0.3][site],
                            product: 1 + site % 2,
                        })
                        .collect(),
                },
                Species {
                    units: 1,
                    sites: mono.clone(),
                    channels: vec![Channel {
                        site: Some(1),
                        rate: 0.5,
                        product: 3,
                    }],
                },
                Species {
                    units: 1,
                    sites: mono,
                    channels: vec![Channel {
                        site: Some(0),
                        rate: 0.9,
                        product: 3,
                    }],
                },
                Species {
                    units: 2,
                    ..Species::default()
                },
            ],
        };
        for (equivalents, acid, bases) in [
            (1.0, 0.0, vec![]),
            (0.6, 0.0, vec![]),
            (1.0, 1.0, vec![]),
            (1.7, 1.0, vec![(10.7, 1.5)]),
            (0.8, 2.0, vec![]),
            (1.0, 5.0, vec![]),
        ] {
            let charge = Charge {
                equivalents,
                acid,
                bases,
                beta: 0.3,
            };
            let reused = network.integrate_with(&charge, true);
            let computed = network.integrate_with(&charge, false);
            let bits = |o: &Outcome| -> Vec<u64> {
                o.amounts
                    .iter()
                    .chain([&o.consumed])
                    .map(|a| a.to_bits())
                    .collect()
            };
            assert_eq!(bits(&reused), bits(&computed), "{charge:?}");
            assert!(reused.balanced(), "{reused:?}");
        }
    }

    /// The end of a run's last step is solved to the charge (issue 9 replaced its 60
    /// halvings by a safeguarded regula falsi): the co-reactant used is the charge within
    /// 1e-12, with and without the acid-base shield, and the products are in the right order.
    #[test]
    fn the_last_step_uses_up_the_charge() {
        let shielded = |second: f64| {
            let mut network = diamine(second);
            network.species[0].sites = Protonation {
                pka: vec![10.7, 10.7],
                interactions: vec![(0, 1, 3.5)],
            };
            for (site, channel) in network.species[0].channels.iter_mut().enumerate() {
                channel.site = Some(site);
            }
            network.species[1].sites = Protonation {
                pka: vec![10.7, 7.0],
                interactions: vec![(0, 1, 3.5)],
            };
            network.species[1].channels[0].site = Some(0);
            network
        };
        for (network, acid) in [
            (diamine(0.4), 0.0),
            (diamine(3.0), 0.0),
            (shielded(0.4), 0.5),
            (shielded(1.0), 1.0),
        ] {
            for equivalents in [0.05, 0.5, 1.0, 1.3] {
                let charge = Charge {
                    acid,
                    ..charge(equivalents)
                };
                let outcome = network.integrate(&charge);
                assert_eq!(outcome.solver, Solver::Integration);
                assert!(outcome.balanced(), "{outcome:?}");
                let used = network.consumed(&outcome.amounts);
                assert!(
                    (used - equivalents).abs() < 1e-12,
                    "{acid} {equivalents}: {used} {outcome:?}"
                );
                assert!(outcome.amounts[1] > 0.0 && outcome.amounts[2] > 0.0);
            }
        }
    }

    /// Runs keep mass balance, and amounts that do not (as `rate 1e308` gave: every fraction
    /// 0) are recognised as such.
    #[test]
    fn mass_balance_is_checked() {
        for equivalents in [0.3, 1.0, 2.5] {
            let outcome = diamine(0.5).solve(&charge(equivalents));
            assert!(outcome.balanced(), "{outcome:?}");
        }
        let lost = Outcome {
            amounts: vec![0.0, 0.0],
            consumed: 0.0,
            solver: Solver::Integration,
        };
        assert!(!lost.balanced());
    }
}
