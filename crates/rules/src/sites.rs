//! Nitrogen sites: what each nitrogen is (class), where it sits (ring locant), which others it
//! is equivalent to (symmetry class), how basic (pKa) and how nucleophilic it is.
//!
//! The numbers come from `data/sites.tsv` (a base value per class, corrections per
//! substituent and per beta atom, interactions between basic sites); the file says where each
//! value comes from.
//!
//! Labels: a saturated 1,4-diazepane ring is numbered N1 C2 C3 N4 C5 C6 C7 and a piperazine
//! N1 C2 C3 N4 C5 C6. N1 is the substituted nitrogen when only one is; otherwise the
//! numbering that gives ring substituents the lowest locants (so 1,4-diazepan-5-one has its
//! carbonyl at C5); otherwise the nitrogen written first. Atom classes 1 and 4 in the input
//! (`[NH:4]`) override the choice. A second such ring gets primed labels (`N1'`). Other
//! nitrogens: an atom class `[N:k]` gives `Nk`; a linear polyamine chain is numbered along its
//! backbone (ethylenediamine N1, N2; spermidine N1, N4, N8); the rest are `ring` or `exo`,
//! primed when repeated.

use std::collections::VecDeque;
use std::sync::OnceLock;

use regiochem_mol::{AtomId, BondOrder, Element, Molecule};
use serde::Serialize;

use crate::data::{DataError, optional_number, rows};
use crate::shield::Protonation;

/// What kind of nitrogen a site is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SiteClass {
    /// R-NH2.
    Primary,
    /// R2NH.
    Secondary,
    /// R3N.
    Tertiary,
    /// N on an aromatic ring carbon (anilines, N-aryl and N-heteroaryl amines).
    Aniline,
    /// N-C(=O)R.
    Amide,
    /// N-C(=O)OR.
    Carbamate,
    /// N-C(=O)N.
    Urea,
    /// N-S(=O)2R.
    Sulfonamide,
    /// A ring nitrogen of an aromatic ring.
    Heteroaromatic,
    /// N+ with hydrogens or four substituents.
    Ammonium,
    /// N(=O)O.
    Nitro,
    /// C#N.
    Nitrile,
    /// C=N, the carbon bearing no nitrogen.
    Imine,
    /// The imino nitrogen of an amidine, N=C-N (the basic site; its amino N is `Other`).
    Amidine,
    /// The imino nitrogen of a guanidine, N=C(N)N.
    Guanidine,
    /// The N-H of an alkyl hydrazine whose other nitrogen is not acylated or aryl (R-NH-NH2,
    /// both ends).
    Hydrazine,
    /// The free N-H of a hydrazine whose other nitrogen carries an aryl or is a ring N of an
    /// azole (phenylhydrazine, 2-hydrazinylpyridine, N-aminopyrrole).
    Arylhydrazine,
    /// The free N-H of a hydrazine whose other nitrogen is acylated or sulfonylated (acyl
    /// hydrazides, carbazates, sulfonyl hydrazides).
    Hydrazide,
    /// The N-H of a hydroxylamine or its O-alkyl ether (N,O-dimethylhydroxylamine, the Weinreb
    /// amine).
    Hydroxylamine,
    /// Anything else (azides, the acylated N of a hydrazide, the amino N of amidines and
    /// guanidines).
    Other,
}

impl SiteClass {
    const ALL: [SiteClass; 20] = [
        SiteClass::Primary,
        SiteClass::Secondary,
        SiteClass::Tertiary,
        SiteClass::Aniline,
        SiteClass::Amide,
        SiteClass::Carbamate,
        SiteClass::Urea,
        SiteClass::Sulfonamide,
        SiteClass::Heteroaromatic,
        SiteClass::Ammonium,
        SiteClass::Nitro,
        SiteClass::Nitrile,
        SiteClass::Imine,
        SiteClass::Amidine,
        SiteClass::Guanidine,
        SiteClass::Hydrazine,
        SiteClass::Arylhydrazine,
        SiteClass::Hydrazide,
        SiteClass::Hydroxylamine,
        SiteClass::Other,
    ];

    /// The name used in data files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            SiteClass::Primary => "primary",
            SiteClass::Secondary => "secondary",
            SiteClass::Tertiary => "tertiary",
            SiteClass::Aniline => "aniline",
            SiteClass::Amide => "amide",
            SiteClass::Carbamate => "carbamate",
            SiteClass::Urea => "urea",
            SiteClass::Sulfonamide => "sulfonamide",
            SiteClass::Heteroaromatic => "heteroaromatic",
            SiteClass::Ammonium => "ammonium",
            SiteClass::Nitro => "nitro",
            SiteClass::Nitrile => "nitrile",
            SiteClass::Imine => "imine",
            SiteClass::Amidine => "amidine",
            SiteClass::Guanidine => "guanidine",
            SiteClass::Hydrazine => "hydrazine",
            SiteClass::Arylhydrazine => "arylhydrazine",
            SiteClass::Hydrazide => "hydrazide",
            SiteClass::Hydroxylamine => "hydroxylamine",
            SiteClass::Other => "other",
        }
    }

    /// A nitrogen whose lone pair is tied up (acyl, sulfonyl): it pulls electrons from its
    /// neighbours' nitrogens.
    fn is_acylated(self) -> bool {
        matches!(
            self,
            SiteClass::Amide | SiteClass::Carbamate | SiteClass::Urea | SiteClass::Sulfonamide
        )
    }
}

/// One nitrogen of a molecule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Site {
    /// Index of the atom in input order.
    pub atom: usize,
    /// Locant: ring (`N1`, `N4`), chain (`N1`, `N4`, `N8`), atom class (`N7`), or `ring` /
    /// `exo` (primed when repeated).
    pub label: String,
    /// What kind of nitrogen.
    pub class: SiteClass,
    /// Symmetry class: equal for nitrogens the molecule's symmetry exchanges.
    pub symmetry_class: u32,
    /// Estimated micro pKa of the conjugate acid, if the site is basic at all.
    pub pka: Option<f64>,
    /// Relative rate toward a moderately hindered electrophile (unhindered secondary
    /// amine = 1); 0 for a site that is not a nucleophile.
    pub nucleophilicity: f64,
    /// log10 of `nucleophilicity` before rounding (2 decimals), if a nucleophile: tells apart
    /// the weak nucleophiles that `nucleophilicity` rounds to 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_rate: Option<f64>,
    /// log10 nucleophilicity before sterics, if a nucleophile.
    #[serde(skip)]
    pub log_nucleophilicity: Option<f64>,
    /// Steric bulk: heavy substituents on the N plus the branching of its alpha atoms.
    #[serde(skip)]
    pub bulk: u32,
    /// The terms the micro pKa is the sum of, when asked for ([`SiteModel::explain`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pka_terms: Vec<PkaTerm>,
}

/// One term of a site's micro pKa: a feature of the structure, how often it occurs, and what
/// it adds (the count times the fitted coefficient of `data/sites.tsv`; 0 for a feature the
/// file has no coefficient for).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PkaTerm {
    /// The feature (`amine/F/3`: a fluorine three bonds from an aliphatic amine N).
    pub name: String,
    /// How many times it occurs (for `aniline/sigma`, the sum of the Hammett constants).
    pub count: f64,
    /// Its contribution to the pKa.
    pub value: f64,
}

impl Site {
    /// log10 of the relative rate toward an electrophile with this steric sensitivity (bulk
    /// counted from that of a secondary amine, 2), or
    /// `None` for a site that is not a nucleophile.
    pub fn log_rate(&self, steric: f64) -> Option<f64> {
        self.log_nucleophilicity
            .map(|n| n - steric * (f64::from(self.bulk) - 2.0))
    }
}

/// Aniline's pKa (CRC Handbook), the reference of the aniline Brønsted term.
const ANILINE_PKA: f64 = 4.6;

/// The ring acceptors conjugated with an aniline nitrogen `n`, each of which pulls its lone pair
/// into the ring: pyridine-type aromatic nitrogens (two ring bonds, no H) two or four bonds from
/// `n`, ortho or para to the ring carbon `n` sits on (the exocyclic N of 2- and 4-aminopyridines
/// and aminopyrimidines is amidine-like), and ring carbons carrying an exocyclic C=O three bonds
/// from `n` through a ring carbon, meta to that carbon, where the N, the ring C=C and the C=O
/// make a vinylogous amide (the 6-amino of a uracil, the 4-amino of a 2-quinolone; the 5-amino
/// of a uracil, next to the C=O, is not conjugated with it and stays the nucleophile).
fn conjugated_aza(molecule: &Molecule, n: AtomId) -> usize {
    // Breadth-first through aromatic atoms, up to four bonds from `n`.
    let mut depth: Vec<(AtomId, u32)> = vec![(n, 0)];
    let mut frontier = vec![n];
    for d in 1..=4 {
        let mut next = Vec::new();
        for &atom in &frontier {
            for (neighbour, _) in molecule.neighbors(atom) {
                if depth.iter().any(|(a, _)| *a == neighbour)
                    || !molecule.atom(neighbour).is_aromatic()
                {
                    continue;
                }
                depth.push((neighbour, d));
                next.push(neighbour);
            }
        }
        frontier = next;
    }
    let at = |x: AtomId| depth.iter().find(|(a, _)| *a == x).map(|(_, d)| *d);
    depth
        .iter()
        .filter(|&&(x, d)| {
            let atom = molecule.atom(x);
            match atom.element() {
                Element::N => {
                    (d == 2 || d == 4)
                        && atom.hydrogens() == 0
                        && atom.charge() == 0
                        && molecule.neighbors(x).count() == 2
                }
                Element::C => {
                    d == 3
                        && molecule.neighbors(x).any(|(y, b)| {
                            b.order() == BondOrder::Double
                                && !b.is_aromatic()
                                && molecule.atom(y).element() == Element::O
                        })
                        && molecule.neighbors(x).any(|(y, _)| {
                            at(y) == Some(2) && molecule.atom(y).element() == Element::C
                        })
                }
                _ => false,
            }
        })
        .count()
}

/// The ring atoms ortho to an aniline nitrogen `n` that carry a heavy substituent or a fused
/// ring (a third heavy neighbour besides their two ring bonds), on every aromatic carbon `n`
/// sits on: they crowd the N-H the electrophile must reach (o-toluidine and
/// 2,6-diaminopyridines acylate at the unhindered amine). A pyridine-type N ortho counts as
/// no substituent.
fn ortho_substituents(molecule: &Molecule, n: AtomId) -> usize {
    let heavy = |x: AtomId| {
        molecule
            .neighbors(x)
            .filter(|(y, _)| molecule.atom(*y).element() != Element::H)
            .count()
    };
    molecule
        .neighbors(n)
        .filter(|(ipso, _)| molecule.atom(*ipso).is_aromatic())
        .flat_map(|(ipso, _)| {
            molecule
                .neighbors(ipso)
                .filter(move |(ortho, b)| *ortho != n && b.is_in_ring())
                .map(|(ortho, _)| ortho)
        })
        .filter(|&ortho| molecule.atom(ortho).is_aromatic() && heavy(ortho) >= 3)
        .count()
}

/// The parameters of `data/sites.tsv`.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteModel {
    classes: Vec<(SiteClass, Option<f64>, Option<f64>)>,
    /// Fitted pKa coefficients of structural features, by feature name.
    terms: indexmap::IndexMap<String, f64>,
    /// Hammett constants of aniline ring substituents, by `kind/meta` and `kind/para` (see
    /// [`HAMMETT_KINDS`]).
    hammett: indexmap::IndexMap<String, f64>,
    benzyl_nucleophilicity: f64,
    /// Log nucleophilicity per trityl (a carbon carrying three aryl rings) on the N.
    trityl_nucleophilicity: f64,
    /// Log nucleophilicity added to a secondary amine whose N is in no ring.
    acyclic_secondary: f64,
    /// Log nucleophilicity of an aniline per pKa unit above aniline's own (a Brønsted slope).
    aniline_bronsted: f64,
    /// Log nucleophilicity of an aniline per pyridine-type ring N ortho or para to it.
    aniline_aza: f64,
    /// Log nucleophilicity of an aniline per substituted or fused ring atom ortho to its N.
    aniline_ortho: f64,
    bonded: f64,
    ring_3: f64,
    chain_3: f64,
    four: f64,
    five: f64,
    far: f64,
    steric: f64,
}

const SITES_FILE: &str = "sites.tsv";

impl SiteModel {
    /// The model shipped in the crate.
    pub fn standard() -> Result<&'static SiteModel, DataError> {
        static MODEL: OnceLock<Result<SiteModel, DataError>> = OnceLock::new();
        MODEL
            .get_or_init(|| SiteModel::parse(include_str!("../data/sites.tsv")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a site model file.
    pub fn parse(text: &str) -> Result<SiteModel, DataError> {
        let mut classes = Vec::new();
        let mut terms = indexmap::IndexMap::new();
        let mut hammett = indexmap::IndexMap::new();
        let mut values = indexmap::IndexMap::new();
        for (line, fields) in rows(SITES_FILE, text, 5)? {
            let pka = optional_number(SITES_FILE, line, fields[2])?;
            let nucleophilicity = optional_number(SITES_FILE, line, fields[3])?;
            if fields[0] == "term" {
                let value = pka.ok_or_else(|| {
                    DataError::new(
                        SITES_FILE,
                        line,
                        format!("term `{}` has no value", fields[1]),
                    )
                })?;
                if !is_feature_name(fields[1]) {
                    return Err(DataError::new(
                        SITES_FILE,
                        line,
                        format!("`{}` is not a feature the site model computes", fields[1]),
                    ));
                }
                terms.insert(fields[1].to_string(), value);
                continue;
            }
            if fields[0] == "hammett" {
                let known = fields[1].split_once('/').is_some_and(|(kind, position)| {
                    HAMMETT_KINDS.contains(&kind) && matches!(position, "meta" | "para")
                });
                let value = pka.filter(|_| known).ok_or_else(|| {
                    DataError::new(
                        SITES_FILE,
                        line,
                        format!("`{}` is not a Hammett constant with a value", fields[1]),
                    )
                })?;
                hammett.insert(fields[1].to_string(), value);
                continue;
            }
            if fields[0] == "class" {
                let class = SiteClass::ALL
                    .into_iter()
                    .find(|c| c.name() == fields[1])
                    .ok_or_else(|| DataError {
                        file: SITES_FILE,
                        line,
                        message: format!("unknown site class `{}`", fields[1]),
                    })?;
                classes.push((class, pka, nucleophilicity));
            } else {
                let key = format!("{}/{}", fields[0], fields[1]);
                values.insert(key, (line, pka, nucleophilicity));
            }
        }
        let get = |key: &str, column: usize| -> Result<f64, DataError> {
            let (line, pka, nucleophilicity) = values.get(key).copied().unwrap_or((0, None, None));
            let value = if column == 0 { pka } else { nucleophilicity };
            value.ok_or_else(|| DataError {
                file: SITES_FILE,
                line,
                message: format!("missing value for `{key}`"),
            })
        };
        let model = SiteModel {
            benzyl_nucleophilicity: get("substituent/benzyl", 1)?,
            trityl_nucleophilicity: get("substituent/trityl", 1)?,
            acyclic_secondary: get("substituent/acyclic-secondary", 1)?,
            aniline_bronsted: get("aniline/bronsted", 1)?,
            aniline_aza: get("aniline/conjugated-aza", 1)?,
            aniline_ortho: get("aniline/ortho", 1)?,
            bonded: get("interaction/bonded", 0)?,
            ring_3: get("interaction/ring-3", 0)?,
            chain_3: get("interaction/chain-3", 0)?,
            four: get("interaction/4", 0)?,
            five: get("interaction/5", 0)?,
            far: get("interaction/far", 0)?,
            steric: get("steric/default", 1)?,
            classes,
            terms,
            hammett,
        };
        for class in SiteClass::ALL {
            if !model.classes.iter().any(|(c, _, _)| *c == class) {
                return Err(DataError {
                    file: SITES_FILE,
                    line: 0,
                    message: format!("no row for site class `{}`", class.name()),
                });
            }
        }
        Ok(model)
    }

    fn class_values(&self, class: SiteClass) -> (Option<f64>, Option<f64>) {
        self.classes
            .iter()
            .find(|(c, _, _)| *c == class)
            .map_or((None, None), |&(_, p, n)| (p, n))
    }

    /// Every nitrogen of `molecule`, in input order.
    pub fn perceive(&self, molecule: &Molecule) -> Vec<Site> {
        self.sites(molecule, false)
    }

    /// Every nitrogen of `molecule`, in input order, each with the terms of its pKa.
    pub fn explain(&self, molecule: &Molecule) -> Vec<Site> {
        self.sites(molecule, true)
    }

    fn sites(&self, molecule: &Molecule, explain: bool) -> Vec<Site> {
        let symmetry = molecule.symmetry_classes();
        let mut labels = ring_labels(molecule);
        other_labels(molecule, &mut labels);
        let nitrogens: Vec<AtomId> = molecule
            .atoms()
            .filter(|(_, atom)| atom.element() == Element::N)
            .map(|(id, _)| id)
            .collect();
        let classes: Vec<SiteClass> = nitrogens.iter().map(|&n| classify(molecule, n)).collect();
        let mut class_of = vec![None; molecule.atom_count()];
        for (&n, &class) in nitrogens.iter().zip(&classes) {
            class_of[n.index()] = Some(class);
        }
        nitrogens
            .iter()
            .zip(&classes)
            .map(|(&id, &class)| {
                let (base_pka, base_nuc) = self.class_values(class);
                let tritylation = aryl_carbinyls(molecule, id);
                let benzyls = tritylation.benzyls as f64;
                let trityls = tritylation.trityls as f64;
                let features =
                    base_pka.map(|_| pka_features(molecule, id, class, &class_of, &self.hammett));
                let terms: Vec<PkaTerm> = features
                    .iter()
                    .flatten()
                    .map(|(name, count)| PkaTerm {
                        value: round2(count * self.terms.get(name).copied().unwrap_or(0.0)),
                        name: name.clone(),
                        count: *count,
                    })
                    .collect();
                let pka = base_pka.map(|p| {
                    p + features
                        .iter()
                        .flatten()
                        .map(|(name, count)| count * self.terms.get(name).copied().unwrap_or(0.0))
                        .sum::<f64>()
                });
                let electronic = match (class, pka) {
                    (SiteClass::Aniline, Some(pka)) => {
                        self.aniline_bronsted * (pka - ANILINE_PKA)
                            + self.aniline_aza * conjugated_aza(molecule, id) as f64
                            + self.aniline_ortho * ortho_substituents(molecule, id) as f64
                    }
                    _ => 0.0,
                };
                let open_chain = if class == SiteClass::Secondary && !molecule.atom(id).is_in_ring()
                {
                    self.acyclic_secondary
                } else {
                    0.0
                };
                let log_nucleophilicity = base_nuc.map(|n| {
                    n + benzyls * self.benzyl_nucleophilicity
                        + trityls * self.trityl_nucleophilicity
                        + electronic
                        + open_chain
                });
                let bulk = bulk(molecule, id);
                let site = Site {
                    atom: id.index(),
                    label: labels
                        .iter()
                        .find(|(atom, _)| *atom == id)
                        .map_or_else(|| format!("N{}", id.index()), |(_, l)| l.clone()),
                    class,
                    symmetry_class: symmetry[id.index()],
                    pka: pka.map(round2),
                    nucleophilicity: 0.0,
                    log_rate: None,
                    log_nucleophilicity,
                    bulk,
                    pka_terms: if explain { terms } else { Vec::new() },
                };
                let log_rate = site.log_rate(self.steric);
                let nucleophilicity = log_rate.map_or(0.0, |l| round3(10f64.powf(l)));
                Site {
                    nucleophilicity,
                    log_rate: log_rate.map(round2),
                    ..site
                }
            })
            .collect()
    }

    /// The basic sites of `molecule` (those with a pKa) as a [`Protonation`], and for each
    /// site of `sites` its index there.
    pub fn protonation(
        &self,
        molecule: &Molecule,
        sites: &[Site],
    ) -> (Protonation, Vec<Option<usize>>) {
        let mut protonation = Protonation::default();
        let mut index = Vec::with_capacity(sites.len());
        let mut basic = Vec::new();
        for site in sites {
            match site.pka {
                Some(pka) if pka > 0.0 => {
                    index.push(Some(protonation.pka.len()));
                    protonation.pka.push(pka);
                    basic.push(site.atom);
                }
                _ => index.push(None),
            }
        }
        for (i, &a) in basic.iter().enumerate() {
            let distances = distances_from(molecule, a);
            for (j, &b) in basic.iter().enumerate().skip(i + 1) {
                let Some(d) = distances[b] else { continue };
                let same_ring = shares_ring(molecule, a, b);
                let w = match d {
                    0 | 1 => self.bonded,
                    2..=3 if same_ring => self.ring_3,
                    2..=3 => self.chain_3,
                    4 => self.four,
                    5 => self.five,
                    _ => self.far,
                };
                protonation.interactions.push((i, j, w));
            }
        }
        (protonation, index)
    }
}

/// The feature families: which kind of basic nitrogen, and how far its features reach.
const FAMILIES: [(&str, u32); 4] = [
    ("amine", 4),
    ("aniline", 6),
    ("amidine", 4),
    ("guanidine", 4),
];

/// The groups a feature can name (see [`group`]; `O-ring`, amines only, an ether O on a ring
/// with the N, as in morpholine).
const GROUPS: [&str; 24] = [
    "F", "Cl", "Br", "I", "O", "S", "SO", "N", "N-aryl", "N-acyl", "N=C", "N-other", "N+", "n",
    "c", "C=O", "C#N", "C=N", "C=C", "C#C", "Cq", "P", "Si", "O-ring",
];

/// Ring sizes a ring feature can name (`8` stands for eight or more).
const RING_SIZES: std::ops::RangeInclusive<u32> = 3..=8;

/// Where a substituent sits on the aromatic ring an aniline N is attached to, by ring bonds
/// from the carbon bearing the N (1, 2, 3).
const POSITIONS: [&str; 3] = ["ortho", "meta", "para"];

/// Groups a ring-position feature can name beyond [`GROUPS`]: `C` a CH3 or CH2 (alkyl), `oxo`
/// an exocyclic O that [`group`] leaves to its carbon (C=O on a ring carbon, N-oxide O-).
const POSITION_GROUPS: [&str; 2] = ["C", "oxo"];

/// Ring heteroatoms a ring-position feature can name (`ring-n`: a pyridine-type or pyrrole-type
/// N in the aniline's own ring).
const RING_MEMBERS: [&str; 3] = ["n", "o", "s"];

/// Substituent kinds with Hammett constants in `data/sites.tsv` (`hammett` rows, `kind/meta`
/// and `kind/para`); see [`hammett_kind`].
const HAMMETT_KINDS: [&str; 28] = [
    "F",
    "Cl",
    "Br",
    "I",
    "alkyl",
    "branched-alkyl",
    "CF3",
    "aryl",
    "vinyl",
    "ethynyl",
    "OH",
    "OR",
    "OAr",
    "OAc",
    "NH2",
    "NR2",
    "NHAc",
    "NO2",
    "NR3+",
    "CN",
    "CHO",
    "COR",
    "CO2R",
    "CONH2",
    "SR",
    "SO2R",
    "SO2NH2",
    "SiR3",
];

/// The largest aromatic ring [`aromatic_ring`] looks for.
const MAX_ARENE: usize = 7;

/// The family of features of a site class, if its pKa has any beyond the class value.
fn family(class: SiteClass) -> Option<(&'static str, u32)> {
    let name = match class {
        SiteClass::Primary | SiteClass::Secondary | SiteClass::Tertiary => "amine",
        SiteClass::Aniline => "aniline",
        SiteClass::Amidine => "amidine",
        SiteClass::Guanidine => "guanidine",
        _ => return None,
    };
    FAMILIES.iter().copied().find(|(f, _)| *f == name)
}

/// Whether `name` is a feature [`pka_features`] can produce: `family/group/distance`,
/// `family/ring/size`, `aniline/alkyl`, `aniline/aryl`, and for anilines the ring the N is on:
/// `aniline/arene/size`, `aniline/group/position`, `aniline/ring-x/position` and `aniline/sigma`.
fn is_feature_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    let Some(&(_, reach)) = parts
        .first()
        .and_then(|f| FAMILIES.iter().find(|(n, _)| n == f))
    else {
        return false;
    };
    let aniline = parts[0] == "aniline";
    match parts[1..] {
        ["ring", size] => size.parse().is_ok_and(|s| RING_SIZES.contains(&s)),
        ["arene", size] => aniline && size.parse().is_ok_and(|s| RING_SIZES.contains(&s)),
        ["sigma"] => aniline,
        [group, position] if POSITIONS.contains(&position) => {
            aniline
                && (GROUPS.contains(&group)
                    || POSITION_GROUPS.contains(&group)
                    || group
                        .strip_prefix("ring-")
                        .is_some_and(|m| RING_MEMBERS.contains(&m)))
        }
        [group, distance] => {
            GROUPS.contains(&group)
                && (group != "O-ring" || parts[0] == "amine")
                && distance
                    .parse()
                    .is_ok_and(|d: u32| (1..=reach).contains(&d))
        }
        ["alkyl" | "aryl"] => parts[0] == "aniline",
        _ => false,
    }
}

/// The structural features of nitrogen `n` of class `class` whose fitted coefficients sum,
/// with the class value, to its micro pKa: the smallest ring through `n`; for anilines the
/// alkyl and extra aryl groups on `n`, and the aromatic ring each aryl on `n` belongs to
/// ([`arene_features`]: its size, its heteroatoms, the first atom of each meta and para
/// substituent by position, once each, and their Hammett sum); then every heavy atom up to the family's
/// reach (in bonds) that is one of the [`GROUPS`], at its distance, once per shortest path from
/// `n` (the oxygen of morpholine twice, as two N-C-C-O paths), except that the two ways round an
/// aniline's own aromatic ring count as one (a para substituent is one group, not two). In a
/// fixed order (by distance, then input order), so output is deterministic.
fn pka_features(
    molecule: &Molecule,
    n: AtomId,
    class: SiteClass,
    class_of: &[Option<SiteClass>],
    hammett: &indexmap::IndexMap<String, f64>,
) -> Vec<(String, f64)> {
    let Some((family, reach)) = family(class) else {
        return Vec::new();
    };
    let mut counts: indexmap::IndexMap<String, f64> = indexmap::IndexMap::new();
    let mut add = |name: String| *counts.entry(name).or_insert(0.0) += 1.0;
    if let Some(size) = smallest_ring(molecule, n, *RING_SIZES.end()) {
        add(format!("{family}/ring/{}", size.min(*RING_SIZES.end())));
    }
    // Atoms an aniline's ring-position features already describe.
    let mut described = vec![false; molecule.atom_count()];
    if family == "aniline" {
        for (x, _) in molecule.neighbors(n) {
            let atom = molecule.atom(x);
            if atom.element() == Element::H {
                continue;
            }
            if !atom.is_aromatic() {
                add("aniline/alkyl".to_string());
            }
        }
        let aryls: Vec<AtomId> = molecule
            .neighbors(n)
            .filter(|(x, _)| molecule.atom(*x).is_aromatic())
            .map(|(x, _)| x)
            .collect();
        for _ in 1..aryls.len() {
            add("aniline/aryl".to_string());
        }
        let mut sigma = 0.0;
        for &ipso in &aryls {
            let arene = arene_features(molecule, n, ipso, class_of, hammett, &mut described);
            for name in arene.features {
                add(name);
            }
            sigma += arene.sigma;
        }
        if sigma != 0.0 {
            counts.insert("aniline/sigma".to_string(), sigma);
        }
    }
    // Breadth-first, counting the shortest paths to every atom within reach.
    let mut distance = vec![u32::MAX; molecule.atom_count()];
    let mut paths = vec![0.0f64; molecule.atom_count()];
    let mut order = Vec::new();
    let mut queue = VecDeque::from([n]);
    distance[n.index()] = 0;
    paths[n.index()] = 1.0;
    while let Some(id) = queue.pop_front() {
        let d = distance[id.index()];
        if d >= reach {
            continue;
        }
        // The two ways round an aniline's own ring are one path: every atom of that ring
        // passes on one (all paths into `id` are counted before it leaves the queue).
        if described[id.index()] {
            paths[id.index()] = 1.0;
        }
        for (next, _) in molecule.neighbors(id) {
            if distance[next.index()] == u32::MAX {
                distance[next.index()] = d + 1;
                queue.push_back(next);
                order.push(next);
            }
            if distance[next.index()] == d + 1 {
                paths[next.index()] += paths[id.index()];
            }
        }
    }
    for x in order {
        if described[x.index()] {
            continue;
        }
        if let Some(g) = group(molecule, x, class_of) {
            // A ring O of an amine's own ring (morpholine, 1,4-oxazepane): through-ring and
            // through-space at once, not the same as a side-chain O at that distance.
            let g = if family == "amine"
                && g == "O"
                && molecule.atom(x).is_in_ring()
                && shares_ring(molecule, n.index(), x.index())
            {
                "O-ring"
            } else {
                g
            };
            let name = format!("{family}/{g}/{}", distance[x.index()]);
            *counts.entry(name).or_insert(0.0) += paths[x.index()];
        }
    }
    counts.into_iter().collect()
}

/// The features of the aromatic ring that carbon `ipso` (bonded to the aniline N `n`) belongs
/// to: `aniline/arene/size`; `aniline/ring-x/position` for each ring heteroatom (x `n`, `o`,
/// `s`, ortho, meta or para); `aniline/group/position` for the first atom of each meta and para
/// substituent, by its [`group`], a CH3 or CH2 being `C` and an exocyclic oxo O `oxo`; and the
/// sum of the Hammett constants (sigma meta, sigma para) of those whose [`hammett_kind`] has
/// them. Ortho groups are not Hammett-like (sterics, hydrogen bonds) and keep only their
/// distance feature (3 bonds), which they share with side-chain groups at that distance: on the
/// 277 measured anilines an `ortho` feature of its own cross-validated worse (o-anisidine has
/// two neighbours in the data, both proton sponges). A fused ring counts as substituents on
/// its fusion atoms: 1-naphthylamine has an aromatic `c` meta (and its ortho fusion neighbour
/// at distance 3), 2-naphthylamine one meta and one para; indoline its C3 ortho beside its N's
/// own `aniline/ring/5`. Atoms off the ring, the first substituent atoms included, keep their
/// distance features. Marks the ring atoms in `described`. Nothing when `ipso` lies on no
/// aromatic ring of at most [`MAX_ARENE`] atoms.
fn arene_features(
    molecule: &Molecule,
    n: AtomId,
    ipso: AtomId,
    class_of: &[Option<SiteClass>],
    hammett: &indexmap::IndexMap<String, f64>,
    described: &mut [bool],
) -> Arene {
    let mut arene = Arene::default();
    let Some(ring) = aromatic_ring(molecule, ipso) else {
        return arene;
    };
    let size = ring.len();
    let out = &mut arene.features;
    out.push(format!(
        "aniline/arene/{}",
        (size as u32).min(*RING_SIZES.end())
    ));
    for &atom in &ring {
        described[atom.index()] = true;
    }
    for (i, &member) in ring.iter().enumerate().skip(1) {
        let Some(position) = i
            .min(size - i)
            .checked_sub(1)
            .and_then(|j| POSITIONS.get(j))
        else {
            continue;
        };
        let kind = match molecule.atom(member).element() {
            Element::C => None,
            Element::N => Some("n"),
            Element::O => Some("o"),
            Element::S => Some("s"),
            _ => None,
        };
        if let Some(kind) = kind {
            out.push(format!("aniline/ring-{kind}/{position}"));
        }
        for (x, _) in molecule.neighbors(member) {
            let atom = molecule.atom(x);
            if x == n || atom.element() == Element::H || ring.contains(&x) {
                continue;
            }
            let name = match (group(molecule, x, class_of), atom.element()) {
                (Some(g), _) => g,
                (None, Element::C) => "C",
                (None, Element::O) => "oxo",
                (None, _) => continue,
            };
            if *position != "ortho" {
                out.push(format!("aniline/{name}/{position}"));
            }
            if *position != "ortho"
                && let Some(kind) = hammett_kind(molecule, member, x, class_of)
            {
                arene.sigma += hammett
                    .get(&format!("{kind}/{position}"))
                    .copied()
                    .unwrap_or(0.0);
            }
        }
    }
    arene
}

/// What [`arene_features`] finds on one aromatic ring of an aniline.
#[derive(Default)]
struct Arene {
    features: Vec<String>,
    sigma: f64,
}

/// The Hammett substituent kind (one of [`HAMMETT_KINDS`]) of the substituent whose first atom
/// `x` is bonded to ring atom `ring_atom`, or `None` for one the table does not cover (a fused
/// ring: `x` in a ring with `ring_atom`; N-linked heteroaryls, rarer groups).
fn hammett_kind(
    molecule: &Molecule,
    ring_atom: AtomId,
    x: AtomId,
    class_of: &[Option<SiteClass>],
) -> Option<&'static str> {
    let atom = molecule.atom(x);
    let bond_in_ring = molecule
        .neighbors(x)
        .any(|(y, b)| y == ring_atom && b.is_in_ring());
    if bond_in_ring {
        return None;
    }
    // The heavy neighbours of x other than the ring atom, with their bonds.
    let others: Vec<(AtomId, BondOrder, bool)> = molecule
        .neighbors(x)
        .filter(|(y, _)| *y != ring_atom && molecule.atom(*y).element() != Element::H)
        .map(|(y, b)| (y, b.order(), b.is_aromatic()))
        .collect();
    let element_of = |y: AtomId| molecule.atom(y).element();
    let count = |element: Element| others.iter().filter(|o| element_of(o.0) == element).count();
    let double_o = others
        .iter()
        .filter(|o| o.1 == BondOrder::Double && !o.2 && element_of(o.0) == Element::O)
        .count();
    let carbonyl = |y: AtomId| {
        molecule.neighbors(y).any(|(z, b)| {
            b.order() == BondOrder::Double
                && !b.is_aromatic()
                && molecule.atom(z).element() == Element::O
        })
    };
    let group = match group(molecule, x, class_of) {
        Some(g) => g,
        None if atom.element() == Element::C => "alkyl",
        None => return None,
    };
    Some(match group {
        "alkyl" => "alkyl",
        "F" => "F",
        "Cl" => "Cl",
        "Br" => "Br",
        "I" => "I",
        "O" => match others.first() {
            None => "OH",
            Some(&(y, _, _)) if molecule.atom(y).is_aromatic() => "OAr",
            Some(&(y, _, _)) if element_of(y) == Element::C && carbonyl(y) => "OAc",
            Some(&(y, _, _)) if element_of(y) == Element::C => "OR",
            _ => return None,
        },
        "N-aryl" | "N" if atom.charge() == 0 => {
            if others.iter().any(|o| molecule.atom(o.0).is_aromatic()) {
                return None;
            }
            if others.is_empty() { "NH2" } else { "NR2" }
        }
        "N-acyl" if matches!(class_of[x.index()], Some(SiteClass::Amide)) => "NHAc",
        "N+" if count(Element::O) >= 2 => "NO2",
        "N+" if atom.hydrogens() > 0 || others.iter().all(|o| element_of(o.0) == Element::C) => {
            "NR3+"
        }
        "C#N" => "CN",
        "C=O" if double_o == 1 => {
            let single: Vec<Element> = others
                .iter()
                .filter(|o| o.1 == BondOrder::Single)
                .map(|o| element_of(o.0))
                .collect();
            match single.as_slice() {
                [] => "CHO",
                [Element::O] => "CO2R",
                [Element::N] => "CONH2",
                [Element::C] => "COR",
                _ => return None,
            }
        }
        "SO" if double_o == 2 => match others
            .iter()
            .find(|o| o.1 == BondOrder::Single)
            .map(|o| element_of(o.0))
        {
            Some(Element::N) => "SO2NH2",
            Some(Element::C) => "SO2R",
            _ => return None,
        },
        "S" if others.len() == 1 && element_of(others[0].0) == Element::C => "SR",
        "Cq" if count(Element::F) >= 2 => "CF3",
        "Cq" if others.iter().all(|o| element_of(o.0) == Element::C) => "branched-alkyl",
        "c" => "aryl",
        "C=C" => "vinyl",
        "C#C" => "ethynyl",
        "Si" => "SiR3",
        _ => return None,
    })
}

/// The smallest aromatic ring through aromatic atom `start` (ring bonds between aromatic
/// atoms), as its atoms in ring order from `start`; `None` if it has more than
/// [`MAX_ARENE`] atoms or there is none. Ties go to the ring found first in input order.
fn aromatic_ring(molecule: &Molecule, start: AtomId) -> Option<Vec<AtomId>> {
    let aromatic_step = |a: AtomId| {
        molecule
            .neighbors(a)
            .filter(|(b, bond)| bond.is_in_ring() && molecule.atom(*b).is_aromatic())
            .map(|(b, _)| b)
            .collect::<Vec<_>>()
    };
    let first = aromatic_step(start);
    let mut best: Option<Vec<AtomId>> = None;
    for (k, &u) in first.iter().enumerate() {
        // Shortest path from u to a later neighbour of start, avoiding start.
        let mut parent: Vec<Option<AtomId>> = vec![None; molecule.atom_count()];
        let mut seen = vec![false; molecule.atom_count()];
        seen[start.index()] = true;
        seen[u.index()] = true;
        let mut queue = VecDeque::from([(u, 1usize)]);
        let mut found = None;
        'search: while let Some((id, len)) = queue.pop_front() {
            if len + 1 > MAX_ARENE {
                break;
            }
            for next in aromatic_step(id) {
                if seen[next.index()] {
                    continue;
                }
                seen[next.index()] = true;
                parent[next.index()] = Some(id);
                if first[k + 1..].contains(&next) {
                    found = Some(next);
                    break 'search;
                }
                queue.push_back((next, len + 1));
            }
        }
        let Some(end) = found else { continue };
        let mut path = vec![end];
        let mut at = end;
        while let Some(p) = parent[at.index()] {
            path.push(p);
            at = p;
        }
        path.push(start);
        path.reverse();
        if path.len() <= MAX_ARENE && best.as_ref().is_none_or(|b| path.len() < b.len()) {
            best = Some(path);
        }
    }
    best
}

/// What kind of group atom `x` is for the pKa features (`Cq` a branching sp3 carbon, with
/// three or four heavy neighbours), or `None` for a CH2 or CH3,
/// hydrogen and atoms whose effect another atom carries (a carbonyl O, nitro O, nitrile N).
fn group(molecule: &Molecule, x: AtomId, class_of: &[Option<SiteClass>]) -> Option<&'static str> {
    let atom = molecule.atom(x);
    let double_to = |element: Element| {
        molecule.neighbors(x).any(|(y, b)| {
            b.order() == BondOrder::Double
                && !b.is_aromatic()
                && molecule.atom(y).element() == element
        })
    };
    let triple = molecule
        .neighbors(x)
        .any(|(_, b)| b.order() == BondOrder::Triple);
    Some(match atom.element() {
        Element::F => "F",
        Element::CL => "Cl",
        Element::BR => "Br",
        Element::I => "I",
        Element::O => {
            if atom.charge() < 0
                || molecule
                    .neighbors(x)
                    .any(|(_, b)| b.order() != BondOrder::Single)
            {
                return None;
            }
            "O"
        }
        Element::S if double_to(Element::O) => "SO",
        Element::S => "S",
        Element::P => "P",
        e if e.number() == 14 => "Si",
        Element::N if atom.is_aromatic() => "n",
        Element::N if atom.charge() > 0 => "N+",
        Element::N => match class_of[x.index()] {
            Some(SiteClass::Primary | SiteClass::Secondary | SiteClass::Tertiary) => "N",
            Some(SiteClass::Aniline) => "N-aryl",
            Some(c) if c.is_acylated() => "N-acyl",
            Some(SiteClass::Imine | SiteClass::Amidine | SiteClass::Guanidine) => "N=C",
            Some(SiteClass::Nitrile) => return None,
            _ => "N-other",
        },
        Element::C if atom.is_aromatic() => "c",
        Element::C
            if triple
                && molecule
                    .neighbors(x)
                    .any(|(y, _)| molecule.atom(y).element() == Element::N) =>
        {
            "C#N"
        }
        Element::C if triple => "C#C",
        Element::C if double_to(Element::O) || double_to(Element::S) => "C=O",
        Element::C if double_to(Element::N) => "C=N",
        Element::C if double_to(Element::C) => "C=C",
        Element::C
            if molecule
                .neighbors(x)
                .filter(|(y, _)| molecule.atom(*y).element() != Element::H)
                .count()
                >= 3 =>
        {
            "Cq"
        }
        _ => return None,
    })
}

/// The size of the smallest ring through ring atom `n` (ring bonds only), or `limit` when
/// that ring has `limit` atoms or more; `None` for an atom in no ring.
fn smallest_ring(molecule: &Molecule, n: AtomId, limit: u32) -> Option<u32> {
    if !molecule.atom(n).is_in_ring() {
        return None;
    }
    let mut best: Option<u32> = None;
    // For each ring bond n-u: the shortest path from u back to n that avoids that bond.
    for (u, bond) in molecule.neighbors(n) {
        if !bond.is_in_ring() {
            continue;
        }
        let mut distance = vec![u32::MAX; molecule.atom_count()];
        distance[u.index()] = 0;
        let mut queue = VecDeque::from([u]);
        'search: while let Some(id) = queue.pop_front() {
            let d = distance[id.index()];
            if d + 1 >= limit {
                break;
            }
            for (next, b) in molecule.neighbors(id) {
                if !b.is_in_ring() || (id == u && next == n) {
                    continue;
                }
                if next == n {
                    best = Some(best.map_or(d + 2, |b| b.min(d + 2)));
                    break 'search;
                }
                if distance[next.index()] == u32::MAX {
                    distance[next.index()] = d + 1;
                    queue.push_back(next);
                }
            }
        }
    }
    Some(best.unwrap_or(limit))
}

/// Macro pKa values of a set of interacting basic sites, most basic first: the k-th is
/// `log10(β_k / β_(k-1))` of the binding polynomial, `β_k` summing
/// `10^(Σ pKa − Σ W)` over the microstates with k protons. Empty past [`MAX_MACRO_SITES`]
/// sites (2^12 microstates).
pub fn macro_pka(protonation: &Protonation) -> Vec<f64> {
    let n = protonation.pka.len();
    if n == 0 || n > MAX_MACRO_SITES {
        return Vec::new();
    }
    let mut w = vec![0.0; n * n];
    for &(i, j, value) in &protonation.interactions {
        if i < n && j < n {
            w[i * n + j] += value;
            w[j * n + i] += value;
        }
    }
    // log10 β_k by log-sum-exp over the microstates with k protons.
    let mut terms: Vec<Vec<f64>> = vec![Vec::new(); n + 1];
    for mask in 0..1usize << n {
        let mut log = 0.0;
        for i in 0..n {
            if mask & (1 << i) == 0 {
                continue;
            }
            log += protonation.pka[i];
            for j in 0..i {
                if mask & (1 << j) != 0 {
                    log -= w[i * n + j];
                }
            }
        }
        terms[mask.count_ones() as usize].push(log);
    }
    let log_beta: Vec<f64> = terms
        .iter()
        .map(|logs| {
            let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            top + logs
                .iter()
                .map(|l| 10f64.powf(l - top))
                .sum::<f64>()
                .log10()
        })
        .collect();
    log_beta
        .windows(2)
        .map(|pair| round2(pair[1] - pair[0]))
        .collect()
}

/// The most sites [`macro_pka`] enumerates the microstates of.
pub const MAX_MACRO_SITES: usize = 12;

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The class of an N-H nitrogen bonded by a single bond to one N or O (a hydrazine or a
/// hydroxylamine) and otherwise only to hydrogens and saturated, unacylated carbons; None for
/// any other nitrogen (its acylated partner in a hydrazide is `Other`).
fn alpha_heteroatom_class(
    molecule: &Molecule,
    n: AtomId,
    neighbours: &[(AtomId, &regiochem_mol::Bond)],
) -> Option<SiteClass> {
    if molecule.atom(n).hydrogens() == 0 {
        return None;
    }
    let mut partner = None;
    for &(other, bond) in neighbours {
        let neighbour = molecule.atom(other);
        match neighbour.element() {
            Element::N | Element::O if bond.order() == BondOrder::Single && !bond.is_aromatic() => {
                if partner.replace(other).is_some() {
                    return None;
                }
            }
            Element::C
                if bond.order() == BondOrder::Single
                    && !neighbour.is_aromatic()
                    && molecule
                        .neighbors(other)
                        .all(|(_, b)| b.order() == BondOrder::Single) => {}
            Element::H => {}
            _ => return None,
        }
    }
    let partner = partner?;
    let atom = molecule.atom(partner);
    if atom.element() == Element::O {
        return (atom.charge() == 0).then_some(SiteClass::Hydroxylamine);
    }
    if atom.charge() != 0 {
        return None;
    }
    if atom.is_aromatic() {
        return Some(SiteClass::Arylhydrazine);
    }
    let mut class = SiteClass::Hydrazine;
    for (x, b) in molecule.neighbors(partner) {
        if x == n {
            continue;
        }
        if b.order() != BondOrder::Single {
            // A hydrazone N=C or an N-nitroso: not a hydrazine.
            return None;
        }
        let neighbour = molecule.atom(x);
        match neighbour.element() {
            Element::C if neighbour.is_aromatic() => {
                if class == SiteClass::Hydrazine {
                    class = SiteClass::Arylhydrazine;
                }
            }
            Element::C | Element::S => {
                let oxo = molecule.neighbors(x).any(|(o, ob)| {
                    ob.order() == BondOrder::Double
                        && matches!(
                            molecule.atom(o).element(),
                            Element::O | Element::S | Element::N
                        )
                });
                if oxo {
                    class = SiteClass::Hydrazide;
                }
            }
            Element::H => {}
            _ => return None,
        }
    }
    Some(class)
}

/// What kind of nitrogen `n` is.
pub fn classify(molecule: &Molecule, n: AtomId) -> SiteClass {
    let atom = molecule.atom(n);
    if atom.is_aromatic() {
        return SiteClass::Heteroaromatic;
    }
    let neighbours: Vec<_> = molecule.neighbors(n).collect();
    let oxygen_neighbour = neighbours
        .iter()
        .any(|(o, _)| molecule.atom(*o).element() == Element::O);
    if atom.charge() > 0 {
        return if oxygen_neighbour {
            SiteClass::Nitro
        } else {
            SiteClass::Ammonium
        };
    }
    if atom.charge() < 0 {
        return SiteClass::Other;
    }
    if let Some(class) = alpha_heteroatom_class(molecule, n, &neighbours) {
        return class;
    }
    let mut aryl = false;
    let mut acyl: Option<SiteClass> = None;
    for (other, bond) in &neighbours {
        let element = molecule.atom(*other).element();
        match bond.order() {
            BondOrder::Triple => return SiteClass::Nitrile,
            BondOrder::Double if !bond.is_aromatic() => {
                if element != Element::C {
                    return SiteClass::Other;
                }
                return match amino_neighbours(molecule, *other, n) {
                    0 => SiteClass::Imine,
                    1 => SiteClass::Amidine,
                    _ => SiteClass::Guanidine,
                };
            }
            _ => {}
        }
        if element != Element::C && element != Element::S {
            if element != Element::H {
                return SiteClass::Other;
            }
            continue;
        }
        if element == Element::S {
            let oxo = molecule
                .neighbors(*other)
                .filter(|(o, b)| {
                    molecule.atom(*o).element() == Element::O && b.order() == BondOrder::Double
                })
                .count();
            if oxo >= 2 {
                acyl = Some(SiteClass::Sulfonamide);
            }
            continue;
        }
        if molecule.atom(*other).is_aromatic() {
            aryl = true;
            continue;
        }
        let imino = molecule.neighbors(*other).any(|(x, b)| {
            x != n
                && b.order() == BondOrder::Double
                && !b.is_aromatic()
                && molecule.atom(x).element() == Element::N
        });
        if imino {
            return SiteClass::Other;
        }
        let carbonyl = molecule.neighbors(*other).any(|(o, b)| {
            let e = molecule.atom(o).element();
            b.order() == BondOrder::Double
                && !b.is_aromatic()
                && (e == Element::O || e == Element::S)
        });
        if carbonyl && acyl.is_none() {
            let mut kind = SiteClass::Amide;
            for (x, b) in molecule.neighbors(*other) {
                if x == n || b.order() != BondOrder::Single {
                    continue;
                }
                match molecule.atom(x).element() {
                    Element::N => kind = SiteClass::Urea,
                    Element::O if kind != SiteClass::Urea => kind = SiteClass::Carbamate,
                    _ => {}
                }
            }
            acyl = Some(kind);
        }
    }
    if let Some(kind) = acyl {
        return kind;
    }
    if aryl {
        return SiteClass::Aniline;
    }
    match (atom.hydrogens(), neighbours.len()) {
        (2, 1) => SiteClass::Primary,
        (1, 2) => SiteClass::Secondary,
        (0, 3) => SiteClass::Tertiary,
        _ => SiteClass::Other,
    }
}

/// Singly bonded, uncharged, non-aromatic nitrogens on carbon `c` other than `n`: the amino
/// groups that make an imine an amidine (one) or a guanidine (two).
fn amino_neighbours(molecule: &Molecule, c: AtomId, n: AtomId) -> usize {
    molecule
        .neighbors(c)
        .filter(|(x, b)| {
            let atom = molecule.atom(*x);
            *x != n
                && b.order() == BondOrder::Single
                && atom.element() == Element::N
                && !atom.is_aromatic()
                && atom.charge() == 0
        })
        .count()
}

/// The sp3 carbons on `n` that carry aromatic rings: benzyls (one or two rings) and trityls
/// (three rings).
#[derive(Clone, Copy, Debug, Default)]
struct ArylCarbinyls {
    benzyls: usize,
    trityls: usize,
}

/// Count the benzyl and trityl groups on `n`.
fn aryl_carbinyls(molecule: &Molecule, n: AtomId) -> ArylCarbinyls {
    let mut out = ArylCarbinyls::default();
    for (c, _) in molecule.neighbors(n) {
        let atom = molecule.atom(c);
        if atom.element() != Element::C || atom.is_aromatic() {
            continue;
        }
        let rings = molecule
            .neighbors(c)
            .filter(|(a, _)| *a != n && molecule.atom(*a).is_aromatic())
            .count();
        match rings {
            0 => {}
            1 | 2 => out.benzyls += 1,
            _ => out.trityls += 1,
        }
    }
    out
}

/// Steric bulk around `n`: each heavy substituent counts 1, plus one for every heavy atom
/// its alpha atom carries beyond the chain (methyl and CH2R 1, isopropyl 2, tert-butyl and
/// trityl 3).
fn bulk(molecule: &Molecule, n: AtomId) -> u32 {
    molecule
        .neighbors(n)
        .map(|(alpha, _)| {
            let heavy = molecule
                .neighbors(alpha)
                .filter(|(x, _)| molecule.atom(*x).element() != Element::H)
                .count() as u32;
            1 + heavy.saturating_sub(2)
        })
        .sum()
}

/// Topological distances (bonds) from `start` to every atom, `None` if unreachable.
fn distances_from(molecule: &Molecule, start: usize) -> Vec<Option<u32>> {
    let mut distances = vec![None; molecule.atom_count()];
    let mut queue = VecDeque::new();
    distances[start] = Some(0);
    queue.push_back(start);
    while let Some(i) = queue.pop_front() {
        let Some(id) = molecule.atom_at(i) else {
            continue;
        };
        let d = distances[i].unwrap_or(0);
        for (next, _) in molecule.neighbors(id) {
            if distances[next.index()].is_none() {
                distances[next.index()] = Some(d + 1);
                queue.push_back(next.index());
            }
        }
    }
    distances
}

/// Whether two atoms lie on one ring: some ring bond path joins them (both in a ring and
/// connected through ring bonds only). Adequate for the interaction table.
fn shares_ring(molecule: &Molecule, a: usize, b: usize) -> bool {
    let (Some(ida), Some(idb)) = (molecule.atom_at(a), molecule.atom_at(b)) else {
        return false;
    };
    if !molecule.atom(ida).is_in_ring() || !molecule.atom(idb).is_in_ring() {
        return false;
    }
    let mut seen = vec![false; molecule.atom_count()];
    let mut stack = vec![ida];
    seen[a] = true;
    while let Some(id) = stack.pop() {
        if id == idb {
            return true;
        }
        for (next, bond) in molecule.neighbors(id) {
            if bond.is_in_ring() && !seen[next.index()] {
                seen[next.index()] = true;
                stack.push(next);
            }
        }
    }
    false
}

/// A ring found by [`diamine_rings`]: the atoms in locant order, starting at N1 for the
/// first candidate orientation.
struct DiamineRing {
    /// Possible numberings, each the ring atoms from N1.
    orientations: Vec<Vec<AtomId>>,
}

/// Every saturated 1,4-diazepane and piperazine ring of `molecule`, each as its atoms in the
/// preferred locant order (N1 first, N4 fourth; see the module docs).
pub fn diamine_cores(molecule: &Molecule) -> Vec<Vec<AtomId>> {
    diamine_rings(molecule)
        .iter()
        .filter_map(|ring| {
            ring.orientations
                .iter()
                .min_by_key(|order| orientation_key(molecule, order))
                .cloned()
        })
        .collect()
}

/// Locant labels for the nitrogens of every saturated 1,4-diazepane and piperazine ring.
fn ring_labels(molecule: &Molecule) -> Vec<(AtomId, String)> {
    let mut labels: Vec<(AtomId, String)> = Vec::new();
    for (ring_number, ring) in diamine_rings(molecule).iter().enumerate() {
        let best = ring
            .orientations
            .iter()
            .min_by_key(|order| orientation_key(molecule, order));
        let Some(order) = best else { continue };
        let primes = "'".repeat(ring_number);
        for (locant, atom) in [(1, order[0]), (4, order[3])] {
            if labels.iter().all(|(a, _)| *a != atom) {
                labels.push((atom, format!("N{locant}{primes}")));
            }
        }
    }
    labels
}

/// Labels for the nitrogens outside piperazine and diazepane rings (DESIGN.md section 3):
/// an atom class `[N:k]` gives `Nk`; linear polyamine chains (acyclic nitrogens joined by two
/// to four acyclic sp3 carbons) are numbered along the backbone, a terminal nitrogen taking its
/// carbon's locant and an inner one its own position (ethylenediamine N1, N2; spermidine N1,
/// N4, N8; spermine N1, N4, N9, N12), the direction giving the lowest locants, then N1 the
/// substituted end, then N1 written first (a second chain gets primes); any other nitrogen is
/// `ring` or `exo`, primed when repeated.
fn other_labels(molecule: &Molecule, labels: &mut Vec<(AtomId, String)>) {
    let taken = |labels: &Vec<(AtomId, String)>, a: AtomId| labels.iter().any(|(x, _)| *x == a);
    for (id, atom) in molecule.atoms() {
        if atom.element() == Element::N && !taken(labels, id) {
            if let Some(class) = atom.class() {
                labels.push((id, format!("N{class}")));
            }
        }
    }
    let chain_n = |a: AtomId| {
        let atom = molecule.atom(a);
        atom.element() == Element::N && !atom.is_in_ring() && !atom.is_aromatic()
    };
    let chain_c = |a: AtomId| {
        let atom = molecule.atom(a);
        atom.element() == Element::C
            && !atom.is_in_ring()
            && !atom.is_aromatic()
            && molecule
                .neighbors(a)
                .all(|(_, b)| b.order() == BondOrder::Single)
    };
    // Chain links: nitrogen pairs joined by a path of 2-4 chain carbons, with its length.
    let nitrogens: Vec<AtomId> = molecule
        .atoms()
        .map(|(id, _)| id)
        .filter(|&a| chain_n(a) && !taken(labels, a))
        .collect();
    let mut links: Vec<(AtomId, AtomId, usize)> = Vec::new();
    for &start in &nitrogens {
        let mut stack: Vec<(AtomId, Vec<AtomId>)> = molecule
            .neighbors(start)
            .map(|(x, _)| x)
            .filter(|&x| chain_c(x))
            .map(|x| (x, vec![x]))
            .collect();
        while let Some((at, path)) = stack.pop() {
            for (next, _) in molecule.neighbors(at) {
                if next == start || path.contains(&next) {
                    continue;
                }
                if nitrogens.contains(&next) && path.len() >= 2 {
                    if start.index() < next.index()
                        && !links.iter().any(|&(a, b, _)| (a, b) == (start, next))
                    {
                        links.push((start, next, path.len()));
                    }
                } else if chain_c(next) && path.len() < 4 {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    let degree = |a: AtomId| links.iter().filter(|&&(x, y, _)| x == a || y == a).count();
    let mut chains_done = 0;
    let mut seen: Vec<AtomId> = Vec::new();
    for &end in &nitrogens {
        if seen.contains(&end) || degree(end) != 1 {
            continue;
        }
        // Walk the chain from this end.
        let mut order = vec![end];
        let mut gaps = Vec::new();
        let mut branched = false;
        loop {
            let last = *order.last().unwrap_or(&end);
            let next: Vec<(AtomId, usize)> = links
                .iter()
                .filter_map(|&(a, b, k)| match (a == last, b == last) {
                    (true, _) => Some((b, k)),
                    (_, true) => Some((a, k)),
                    _ => None,
                })
                .filter(|(x, _)| !order.contains(x))
                .collect();
            match next.as_slice() {
                [] => break,
                [(x, k)] => {
                    order.push(*x);
                    gaps.push(*k);
                }
                _ => {
                    branched = true;
                    break;
                }
            }
        }
        seen.extend(&order);
        if branched || order.len() < 2 {
            continue;
        }
        let locants = |gaps: &[usize]| {
            let mut out = vec![1];
            let mut running = 0;
            for (i, k) in gaps.iter().enumerate() {
                running += k;
                if i + 1 < gaps.len() {
                    running += 1;
                }
                out.push(running);
            }
            out
        };
        let forward = locants(&gaps);
        let mut reversed_gaps = gaps.clone();
        reversed_gaps.reverse();
        let backward = locants(&reversed_gaps);
        let substituted = |a: AtomId| {
            molecule
                .neighbors(a)
                .filter(|(x, _)| !chain_c(*x) || molecule.atom(*x).element() != Element::C)
                .count()
                + usize::from(molecule.atom(a).hydrogens() == 0)
        };
        let first = order[0];
        let last = order[order.len() - 1];
        let keep = forward < backward
            || forward == backward
                && (substituted(first) > substituted(last)
                    || substituted(first) == substituted(last) && first.index() < last.index());
        let (atoms, numbers): (Vec<AtomId>, Vec<usize>) = if keep {
            (order, forward)
        } else {
            (order.into_iter().rev().collect(), backward)
        };
        let primes = "'".repeat(chains_done);
        chains_done += 1;
        for (a, n) in atoms.into_iter().zip(numbers) {
            labels.push((a, format!("N{n}{primes}")));
        }
    }
    let mut count_ring = 0;
    let mut count_exo = 0;
    for (id, atom) in molecule.atoms() {
        if atom.element() != Element::N || taken(labels, id) {
            continue;
        }
        let (name, count) = if atom.is_in_ring() {
            ("ring", &mut count_ring)
        } else {
            ("exo", &mut count_exo)
        };
        labels.push((id, format!("{name}{}", "'".repeat(*count))));
        *count += 1;
    }
}

/// The preference order of one numbering: atom classes 1 and 4 honoured first, then N1
/// substituted, then the lowest locants for ring substituents, then N1 written first.
fn orientation_key(molecule: &Molecule, order: &[AtomId]) -> (u8, u8, Vec<usize>, usize) {
    let in_ring = |a: AtomId| order.contains(&a);
    let substituted = |atom: AtomId| molecule.neighbors(atom).any(|(x, _)| !in_ring(x));
    let class_mismatch = u8::from(molecule.atom(order[0]).class() == Some(4))
        + u8::from(molecule.atom(order[3]).class() == Some(1));
    let n1_bare = u8::from(!substituted(order[0]) && substituted(order[3]));
    let locants = order
        .iter()
        .enumerate()
        .filter(|(_, a)| substituted(**a))
        .map(|(i, _)| i + 1)
        .collect();
    (class_mismatch, n1_bare, locants, order[0].index())
}

/// Saturated rings N1-C-C-N4-C-C(-C) with every ring atom non-aromatic.
fn diamine_rings(molecule: &Molecule) -> Vec<DiamineRing> {
    let is_ring_carbon = |a: AtomId| {
        let atom = molecule.atom(a);
        atom.element() == Element::C && atom.is_in_ring() && !atom.is_aromatic()
    };
    let ring_neighbours = |a: AtomId| -> Vec<AtomId> {
        molecule
            .neighbors(a)
            .filter(|(x, b)| b.is_in_ring() && is_ring_carbon(*x))
            .map(|(x, _)| x)
            .collect()
    };
    let nitrogens: Vec<AtomId> = molecule
        .atoms()
        .filter(|(_, a)| a.element() == Element::N && a.is_in_ring() && !a.is_aromatic())
        .map(|(id, _)| id)
        .collect();
    let mut rings: Vec<(Vec<AtomId>, DiamineRing)> = Vec::new();
    for (i, &a) in nitrogens.iter().enumerate() {
        for &b in &nitrogens[i + 1..] {
            // Paths of two and three carbons from a to b.
            let mut two = Vec::new();
            let mut three = Vec::new();
            for c1 in ring_neighbours(a) {
                for c2 in ring_neighbours(c1) {
                    if c2 == c1 {
                        continue;
                    }
                    if molecule.bond_between(c2, b).is_some_and(|x| x.is_in_ring()) {
                        two.push(vec![c1, c2]);
                    }
                    for c3 in ring_neighbours(c2) {
                        if c3 != c1 && molecule.bond_between(c3, b).is_some_and(|x| x.is_in_ring())
                        {
                            three.push(vec![c1, c2, c3]);
                        }
                    }
                }
            }
            let disjoint = |p: &[AtomId], q: &[AtomId]| p.iter().all(|x| !q.contains(x));
            let mut orientations = Vec::new();
            // 1,4-diazepane: N1 C2 C3 N4 C5 C6 C7.
            for short in &two {
                for long in &three {
                    if disjoint(short, long) {
                        orientations
                            .push(vec![a, short[0], short[1], b, long[2], long[1], long[0]]);
                        orientations
                            .push(vec![b, short[1], short[0], a, long[0], long[1], long[2]]);
                    }
                }
            }
            // piperazine: N1 C2 C3 N4 C5 C6.
            if orientations.is_empty() {
                for (x, p) in two.iter().enumerate() {
                    for q in &two[x + 1..] {
                        if disjoint(p, q) {
                            for (s, t) in [(p, q), (q, p)] {
                                orientations.push(vec![a, s[0], s[1], b, t[1], t[0]]);
                                orientations.push(vec![b, s[1], s[0], a, t[0], t[1]]);
                            }
                        }
                    }
                }
            }
            if orientations.is_empty() {
                continue;
            }
            let mut atoms = orientations[0].clone();
            atoms.sort();
            if rings.iter().all(|(seen, _)| *seen != atoms) {
                rings.push((atoms, DiamineRing { orientations }));
            }
        }
    }
    rings.into_iter().map(|(_, ring)| ring).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites(smiles: &str) -> Vec<Site> {
        let molecule: Molecule = smiles.parse().unwrap();
        SiteModel::standard().unwrap().perceive(&molecule)
    }

    fn summary(smiles: &str) -> Vec<(String, &'static str)> {
        sites(smiles)
            .into_iter()
            .map(|s| (s.label, s.class.name()))
            .collect()
    }

    #[test]
    fn homopiperazine_nitrogens_are_one_symmetry_class() {
        let sites = sites("C1CNCCNC1");
        assert_eq!(sites.len(), 2);
        assert_eq!(sites[0].symmetry_class, sites[1].symmetry_class);
        assert_eq!(sites[0].pka, sites[1].pka);
        let labels: Vec<_> = sites.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["N1", "N4"]);
    }

    #[test]
    fn an_n_trityl_amine_is_a_thousand_times_less_nucleophilic() {
        // Issue 11: a trityl carbon counted as one benzyl (-0.2), so an N-H trityl amine
        // competed with an alcohol or a free amine as if barely hindered.
        let log = |smiles: &str| sites(smiles)[0].log_nucleophilicity.unwrap();
        let trityl = log("C(NC(c1ccccc1)(c1ccccc1)c1ccccc1)C");
        let benzhydryl = log("C(NC(c1ccccc1)c1ccccc1)C");
        assert!(benzhydryl - trityl > 2.5, "{benzhydryl} vs {trityl}");
    }

    #[test]
    fn boc_homopiperazine_n4_is_the_basic_one() {
        let sites = sites("CC(C)(C)OC(=O)N1CCCNCC1");
        assert_ne!(sites[0].symmetry_class, sites[1].symmetry_class);
        let (boc, free) = (&sites[0], &sites[1]);
        assert_eq!(
            (boc.label.as_str(), boc.class),
            ("N1", SiteClass::Carbamate)
        );
        assert_eq!(
            (free.label.as_str(), free.class),
            ("N4", SiteClass::Secondary)
        );
        assert!(free.pka.unwrap() > boc.pka.unwrap() + 5.0);
        assert_eq!(boc.nucleophilicity, 0.0);
    }

    #[test]
    fn lactam_numbering_puts_the_carbonyl_at_c5() {
        assert_eq!(
            summary("O=C1CCN(Cc2ccccc2)CCN1"),
            [("N1".to_string(), "tertiary"), ("N4".to_string(), "amide")]
        );
        assert_eq!(
            summary("O=C1CCNCCN1"),
            [("N1".to_string(), "secondary"), ("N4".to_string(), "amide")]
        );
    }

    #[test]
    fn atom_classes_override_the_numbering() {
        let labels: Vec<_> = sites("C1C[NH:4]CCNC1")
            .into_iter()
            .map(|s| s.label)
            .collect();
        assert_eq!(labels, ["N4", "N1"]);
    }

    #[test]
    fn classes_of_common_nitrogens() {
        let cases = [
            ("CC(=O)NC", "amide"),
            ("CNC(=O)NC", "urea"),
            ("CS(=O)(=O)NC", "sulfonamide"),
            ("Nc1ccccc1", "aniline"),
            ("c1ccncc1", "heteroaromatic"),
            ("C[N+](C)(C)C", "ammonium"),
            ("CC#N", "nitrile"),
            ("CCN", "primary"),
            ("CN(C)C", "tertiary"),
        ];
        for (smiles, class) in cases {
            let found: Vec<_> = sites(smiles).iter().map(|s| s.class.name()).collect();
            assert!(found.contains(&class), "{smiles}: {found:?}");
        }
        let nitro = sites("O=[N+]([O-])c1ccccc1");
        assert_eq!(nitro[0].class, SiteClass::Nitro);
    }

    #[test]
    fn piperazine_is_labelled_too() {
        let labels: Vec<_> = sites("CN1CCNCC1").into_iter().map(|s| s.label).collect();
        assert_eq!(labels, ["N1", "N4"]);
    }

    #[test]
    fn chains_are_numbered_and_other_nitrogens_are_ring_or_exo() {
        let labels =
            |smiles: &str| -> Vec<String> { sites(smiles).into_iter().map(|s| s.label).collect() };
        // N1 the substituted end when both directions give the same locants.
        assert_eq!(labels("CNCCCN"), ["N1", "N3"]);
        assert_eq!(labels("NCCN"), ["N1", "N2"]);
        // Spermidine from the aminopropyl end (lowest locants): N1, N4, N8.
        assert_eq!(labels("NCCCNCCCCN"), ["N1", "N4", "N8"]);
        assert_eq!(labels("NCCCCNCCCN"), ["N8", "N4", "N1"]);
        assert_eq!(labels("NCCCNCCCCNCCCN"), ["N1", "N4", "N9", "N12"]);
        // 4-Aminopiperidine: the ring NH and the exocyclic amine.
        assert_eq!(labels("NC1CCNCC1"), ["exo", "ring"]);
        // An atom class names the nitrogen.
        assert_eq!(labels("[NH2:7]C1CCNCC1"), ["N7", "ring"]);
    }

    #[test]
    fn primary_beats_secondary_toward_bulky_electrophiles() {
        let sites = sites("CNCCCN");
        let (secondary, primary) = (&sites[0], &sites[1]);
        assert!(primary.log_rate(1.0).unwrap() > secondary.log_rate(1.0).unwrap() + 0.5);
    }

    #[test]
    fn protonation_interactions_follow_distance() {
        let molecule: Molecule = "C1CNCCNC1".parse().unwrap();
        let model = SiteModel::standard().unwrap();
        let sites = model.perceive(&molecule);
        let (protonation, index) = model.protonation(&molecule, &sites);
        assert_eq!(index, [Some(0), Some(1)]);
        assert_eq!(protonation.interactions, [(0, 1, 3.5)]);
        assert_eq!(protonation.pka[0], protonation.pka[1]);
    }

    #[test]
    fn piperazine_macro_constants_match_measured_values() {
        // Hetzer, Robinson & Bates 1968: 9.731 and 5.333 at 25 C.
        let molecule: Molecule = "C1CNCCN1".parse().unwrap();
        let model = SiteModel::standard().unwrap();
        let sites = model.perceive(&molecule);
        let (protonation, _) = model.protonation(&molecule, &sites);
        let macros = macro_pka(&protonation);
        assert_eq!(macros.len(), 2);
        assert!((macros[0] - 9.731).abs() < 0.3, "{macros:?}");
        assert!((macros[1] - 5.333).abs() < 0.3, "{macros:?}");
        // Two equivalent sites: the first macro constant is the micro one plus log10 2.
        assert!((macros[0] - protonation.pka[0] - 2f64.log10()).abs() < 0.01);
    }

    #[test]
    fn acyl_and_aryl_groups_lower_the_free_nitrogen() {
        // 1-acetylpiperazine 7.94, 1-tosylpiperazine 7.41 (Perrin); piperazine micro 9.43.
        let free = |smiles: &str| {
            sites(smiles)
                .into_iter()
                .filter_map(|s| s.pka)
                .fold(f64::NEG_INFINITY, f64::max)
        };
        assert!((free("CC(=O)N1CCNCC1") - 7.94).abs() < 0.5);
        assert!((free("Cc1ccc(S(=O)(=O)N2CCNCC2)cc1") - 7.41).abs() < 0.5);
        assert!(free("c1ccccc1N1CCNCC1") < free("C1CNCCN1"));
    }

    #[test]
    fn electron_poor_and_aza_anilines_are_weaker_nucleophiles() {
        let log = |smiles: &str| sites(smiles)[0].log_nucleophilicity.unwrap();
        // A nitro group para lowers the pKa, and with it the rate.
        assert!(log("Nc1ccc(cc1)[N+]([O-])=O") < log("Nc1ccccc1"));
        // Ring N ortho or para to the amine: amidine-like, slower than aniline.
        assert!(log("Nc1ccccn1") < log("Nc1ccccc1"));
        assert!(log("Nc1ccncc1") < log("Nc1ccccc1"));
        assert!(log("Nc1ncccn1") < log("Nc1ccccn1"));
        // 3-Aminopyridine's ring N is meta: no aza penalty.
        let aza = |smiles: &str| {
            let molecule: Molecule = smiles.parse().unwrap();
            conjugated_aza(&molecule, molecule.atom_at(0).unwrap())
        };
        assert_eq!(aza("Nc1cccnc1"), 0);
        assert_eq!(aza("Nc1ccccn1"), 1);
        assert_eq!(aza("Nc1ncccn1"), 2);
        assert_eq!(aza("Nc1ccncc1"), 1);
        // A ring C=O meta to the amine's carbon, through a ring carbon, is a vinylogous amide
        // (the 4-amino of a 2-quinolone, the 6-amino of a uracil); next to it, it is not.
        assert_eq!(aza("Nc1cc(=O)n(C)c2ccccc12"), 1);
        assert_eq!(aza("Nc1c(N)c(=O)[nH]c(=O)n1C"), 1);
        assert_eq!(aza("Nc1c(N)n(C)c(=O)[nH]c1=O"), 0);
        // Ortho substituents and fused rings crowd the N-H; an ortho ring N does not.
        let ortho = |smiles: &str| {
            let molecule: Molecule = smiles.parse().unwrap();
            ortho_substituents(&molecule, molecule.atom_at(0).unwrap())
        };
        assert_eq!(ortho("Nc1ccccc1"), 0);
        assert_eq!(ortho("Nc1ccccc1C"), 1);
        assert_eq!(ortho("Nc1c(C)cccc1Cl"), 2);
        assert_eq!(ortho("Nc1ccccn1"), 0);
        assert_eq!(ortho("Nc1cccc2ccccc12"), 1);
        assert!(log("Nc1ccccc1C") < log("Nc1ccc(C)cc1"));
    }

    #[test]
    fn amidines_and_guanidines_are_protonated_on_the_imino_nitrogen() {
        let classes: Vec<_> = sites("CC(=N)N").iter().map(|s| s.class).collect();
        assert_eq!(classes, [SiteClass::Amidine, SiteClass::Other]);
        let classes: Vec<_> = sites("NC(=N)N").iter().map(|s| s.class).collect();
        assert_eq!(
            classes,
            [SiteClass::Other, SiteClass::Guanidine, SiteClass::Other]
        );
        assert!(sites("NC(=N)N")[1].pka.unwrap() > 12.0);
    }

    #[test]
    fn hydrazines_and_hydroxylamines_have_their_own_classes() {
        let classes =
            |smiles: &str| -> Vec<SiteClass> { sites(smiles).iter().map(|s| s.class).collect() };
        assert_eq!(classes("CNN"), [SiteClass::Hydrazine, SiteClass::Hydrazine]);
        assert_eq!(
            classes("NNc1ccccc1"),
            [SiteClass::Arylhydrazine, SiteClass::Other]
        );
        assert_eq!(
            classes("Nn1cccc1"),
            [SiteClass::Arylhydrazine, SiteClass::Heteroaromatic]
        );
        assert_eq!(
            classes("NNC(=O)C"),
            [SiteClass::Hydrazide, SiteClass::Other]
        );
        assert_eq!(classes("CNOC"), [SiteClass::Hydroxylamine]);
        // A hydroxamic acid, a hydrazone and an oxime are not.
        assert_eq!(classes("CC(=O)NO"), [SiteClass::Other]);
        assert_eq!(classes("CC(=O)NN=CC")[0], SiteClass::Other);
        assert_ne!(classes("CC=NO"), [SiteClass::Hydroxylamine]);
        // Every such site is a nucleophile, the hydrazide's weaker than an amine's, and the
        // two N of hydrazine interact as bonded sites (8.10 / about -0.9).
        assert!(sites("NNC(=O)C")[0].nucleophilicity > 0.0);
        assert!(sites("NNC(=O)C")[0].nucleophilicity < sites("CCN")[0].nucleophilicity);
        let model = SiteModel::standard().unwrap();
        let molecule: Molecule = "NN".parse().unwrap();
        let sites = model.perceive(&molecule);
        let (protonation, _) = model.protonation(&molecule, &sites);
        let macros = macro_pka(&protonation);
        assert!(macros[1] < 0.0, "{macros:?}");
    }

    #[test]
    fn explained_terms_sum_to_the_pka() {
        let molecule: Molecule = "FCCN1CCOCC1".parse().unwrap();
        let model = SiteModel::standard().unwrap();
        for site in model.explain(&molecule) {
            let Some(pka) = site.pka else { continue };
            let (base, _) = model.class_values(site.class);
            let sum: f64 = site.pka_terms.iter().map(|t| t.value).sum();
            assert!((base.unwrap() + sum - pka).abs() < 0.05, "{site:?}");
            assert!(
                site.pka_terms
                    .iter()
                    .any(|t| t.name == "amine/O-ring/3" && t.count == 2.0)
            );
        }
    }

    #[test]
    fn para_substituent_is_one_group_and_follows_hammett_order() {
        // Issue 11: a para group was counted once per ring path (twice), so 4-chloroaniline
        // (3.96 measured) came out below 3-chloroaniline (3.59). Now each ring position is one
        // feature, with the Hammett sum beside it. (The refit still puts the two within 0.1,
        // the data's other chloroanilines disagreeing; the order is not asserted for Cl.)
        let terms = |smiles: &str| {
            let molecule: Molecule = smiles.parse().unwrap();
            let model = SiteModel::standard().unwrap();
            model.explain(&molecule)[0].pka_terms.clone()
        };
        let para = terms("Nc1ccc(Cl)cc1");
        let count = |name: &str| para.iter().find(|t| t.name == name).map(|t| t.count);
        assert_eq!(count("aniline/Cl/para"), Some(1.0));
        assert_eq!(count("aniline/Cl/5"), Some(1.0));
        assert_eq!(count("aniline/sigma"), Some(0.23));
        assert!(
            para.iter().all(|t| !t.name.starts_with("aniline/c/")),
            "{para:?}"
        );
        let meta = terms("Nc1cccc(Cl)c1");
        assert!(
            meta.iter()
                .any(|t| t.name == "aniline/Cl/meta" && t.count == 1.0)
        );
        // Measured (amines_public.tsv): 4-nitro 1.03 < 3-nitro 2.60 (resonance, sigma_p 0.78 >
        // sigma_m 0.71); 4-methoxy 5.35 > 3-methoxy 4.23 (sigma_p -0.27 < sigma_m 0.12).
        let pka = |smiles: &str| sites(smiles)[0].pka.unwrap();
        assert!(pka("Nc1ccc([N+](=O)[O-])cc1") < pka("Nc1cccc([N+](=O)[O-])c1"));
        assert!(pka("Nc1ccc(OC)cc1") > pka("Nc1cccc(OC)c1"));
        // A fused ring counts as substituents on its fusion atoms (ortho ones by distance).
        let naphthyl = terms("Nc1cccc2ccccc12");
        assert!(naphthyl.iter().any(|t| t.name == "aniline/c/meta"));
        assert!(naphthyl.iter().any(|t| t.name == "aniline/c/3"));
        assert!(naphthyl.iter().all(|t| !t.name.ends_with("/ortho")));
    }

    #[test]
    fn morpholine_oxygen_is_a_ring_group_and_a_side_chain_oxygen_is_not() {
        let names = |smiles: &str| -> Vec<String> {
            let molecule: Molecule = smiles.parse().unwrap();
            let model = SiteModel::standard().unwrap();
            model.explain(&molecule)[0]
                .pka_terms
                .iter()
                .map(|t| t.name.clone())
                .collect()
        };
        assert!(names("N1CCOCC1").contains(&"amine/O-ring/3".to_string()));
        assert!(names("NCCOC").contains(&"amine/O/3".to_string()));
        assert!(!names("NCCOC").iter().any(|n| n.contains("O-ring")));
        // Morpholine 8.33 (diamines_macro_test.tsv) against piperidine 11.12.
        assert!(sites("C1COCCN1")[0].pka.unwrap() < sites("C1CCCCN1")[0].pka.unwrap() - 2.0);
    }

    #[test]
    fn feature_names_are_checked() {
        assert!(is_feature_name("amine/F/3"));
        assert!(is_feature_name("aniline/C#N/6"));
        assert!(is_feature_name("amine/ring/8"));
        assert!(!is_feature_name("amine/F/5"));
        assert!(!is_feature_name("amine/alkyl"));
        assert!(!is_feature_name("imine/F/2"));
        assert!(is_feature_name("aniline/Cl/para"));
        assert!(is_feature_name("aniline/ring-n/ortho"));
        assert!(is_feature_name("aniline/sigma"));
        assert!(is_feature_name("aniline/arene/5"));
        assert!(!is_feature_name("amine/Cl/para"));
        assert!(!is_feature_name("aniline/ring-x/meta"));
        assert!(!is_feature_name("aniline/Cl/peri"));
        assert!(is_feature_name("amine/O-ring/3"));
        assert!(!is_feature_name("aniline/O-ring/3"));
        let bad = "class\tprimary\t10\t0\tx\nhammett\tXx/meta\t1\t-\tx\n";
        assert!(SiteModel::parse(bad).is_err());
        let bad = "class\tprimary\t10\t0\tx\nterm\tamine/X/2\t1\t-\tx\n";
        assert!(SiteModel::parse(bad).is_err());
    }
}
