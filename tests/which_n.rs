//! Which nitrogen reacts (issue 11): `predict SUBSTRATE --with CO-REACTANT` under the default
//! conditions of the co-reactant's class ([`regiochem_rules::defaults`]) over the patent
//! reactions of `../shared/data/reactions/which_n_public.tsv`, scored top-1 on constitution,
//! beside the two baselines of the file's README (random site; primary before secondary before
//! aniline before O-H, unhindered first). The figures are the ones
//! `scripts/accuracy_which_n.py` prints for the README, pinned as bounds so a regression
//! fails. Skips, saying so, where `../shared/` is absent.

use std::collections::BTreeMap;

use regiochem_mol::Molecule;
use regiochem_rules::defaults::{self, DefaultTable};
use regiochem_rules::predict::Engine;
use regiochem_rules::step::Step;
use regiochem_testkit::constitution;

/// Rows of a tab-separated file of `../shared/data/reactions/` (after its `#` line).
pub(crate) fn reaction_rows(name: &str) -> Option<Vec<BTreeMap<String, String>>> {
    regiochem_testkit::shared_tsv_rows(&format!("reactions/{name}"))
}

/// The heuristic's rank of a `kind/ring/hindered` site: lower reacts first.
fn heuristic_rank(kind: &str, hindered: &str) -> u32 {
    let base = match kind {
        "primary" => 0,
        "secondary" => 2,
        "aniline" => 4,
        _ => 6,
    };
    base + u32::from(hindered == "hindered")
}

/// Expected top-1 of the heuristic with ties split evenly.
fn heuristic(row: &BTreeMap<String, String>) -> f64 {
    let own = heuristic_rank(&row["site_kind"], &row["site_hindered"]);
    let others: Vec<u32> = row["alt_site_kinds"]
        .split(';')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let parts: Vec<&str> = s.split('/').collect();
            heuristic_rank(parts[0], parts.get(2).copied().unwrap_or(""))
        })
        .collect();
    if others.iter().any(|&r| r < own) {
        0.0
    } else {
        1.0 / (1 + others.iter().filter(|&&r| r == own).count()) as f64
    }
}

/// One scored case.
pub(crate) struct Scored {
    pub row: BTreeMap<String, String>,
    pub right: bool,
    pub predicted: Option<String>,
    /// The default class used and the products with their fractions (for `WHICH_N_FAILURES`).
    pub detail: String,
    pub random: f64,
    pub heuristic: f64,
}

/// Predicts every case of `rows` under default conditions.
pub(crate) fn score(rows: Vec<BTreeMap<String, String>>) -> Vec<Scored> {
    let engine = Engine::standard().unwrap();
    let table = DefaultTable::standard().unwrap();
    rows.into_iter()
        .map(|mut row| {
            let (predicted, detail) = predict_major(&engine, table, &row);
            let class = detail.split(" | ").next().unwrap_or("-").to_string();
            row.insert("default_class".into(), class);
            let right = predicted.is_some() && predicted == constitution(&row["product"]);
            let random = 1.0 / row["n_candidates"].parse::<f64>().unwrap();
            let heuristic = heuristic(&row);
            Scored {
                row,
                right,
                predicted,
                detail,
                random,
                heuristic,
            }
        })
        .collect()
}

fn predict_major(
    engine: &Engine<'_>,
    table: &DefaultTable,
    row: &BTreeMap<String, String>,
) -> (Option<String>, String) {
    let Ok(substrate) = row["substrate"].parse::<Molecule>() else {
        return (None, "unreadable substrate".into());
    };
    let Ok(co_reactants) = row["co_reactants"]
        .split('.')
        .map(str::parse)
        .collect::<Result<Vec<Molecule>, _>>()
    else {
        return (None, "unreadable co-reactant".into());
    };
    let mut step = Step::new(substrate);
    step.co_reactants = co_reactants;
    step.agents = Vec::new();
    step.equivalents = 1.0;
    step.acid = 0.0;
    let class = table
        .for_co_reactants(&step.co_reactants)
        .map_or("-", |c| c.class.as_str());
    let prediction = defaults::predict(engine, table, &step);
    let products: Vec<String> = prediction
        .products
        .iter()
        .take(3)
        .map(|p| format!("{} {:.2} {}", p.sites, p.fraction, p.smiles))
        .collect();
    let detail = format!("{class} | {}", products.join(" ; "));
    let major = prediction.major().and_then(|p| constitution(&p.smiles));
    (major, detail)
}

/// `(cases, top-1, random, heuristic)` per value of `column` (`""` for all cases).
pub(crate) fn groups(scored: &[Scored], column: &str) -> BTreeMap<String, (usize, f64, f64, f64)> {
    let mut out: BTreeMap<String, (usize, f64, f64, f64)> = BTreeMap::new();
    for case in scored {
        let key = if column.is_empty() {
            "all".to_string()
        } else {
            case.row[column].clone()
        };
        let entry = out.entry(key).or_default();
        entry.0 += 1;
        entry.1 += f64::from(u8::from(case.right));
        entry.2 += case.random;
        entry.3 += case.heuristic;
    }
    for entry in out.values_mut() {
        let n = entry.0 as f64;
        entry.1 /= n;
        entry.2 /= n;
        entry.3 /= n;
    }
    out
}

#[test]
fn constitution_drops_stereo_only() {
    assert_eq!(constitution("C[C@@H](N)O"), constitution("CC(N)O"));
    assert_eq!(constitution("F/C=C/F"), constitution("FC=CF"));
    assert_ne!(constitution("CC(N)O"), constitution("CCNO"));
    assert_eq!(constitution("[C@H](F)(Cl)Br"), constitution("C(F)(Cl)Br"));
}

/// Prints every group's figures, one `PREFIX\tcolumn\tkey\tn\ttop1\trandom\theuristic` line
/// each, for `scripts/accuracy_which_n.py`.
fn print_groups(prefix: &str, scored: &[Scored]) {
    for column in [
        "",
        "site_kind",
        "scaffold",
        "rxn_class",
        "electrophile",
        "default_class",
    ] {
        for (key, (n, top1, random, heuristic)) in groups(scored, column) {
            eprintln!("{prefix}\t{column}\t{key}\t{n}\t{top1:.4}\t{random:.4}\t{heuristic:.4}");
        }
    }
}

/// The held-out figure on `which_n_test.tsv` (USPTO-50k test, USPTO-MIT, USPTO-15K), which
/// nothing is fitted on: ignored, so the suite never looks at it;
/// `scripts/accuracy_which_n.py --test` runs it once for the README's final figure. No floors:
/// it measures, it does not steer.
#[test]
#[ignore = "held-out set, measured once for the final figure: scripts/accuracy_which_n.py --test"]
fn which_n_test_top1() {
    let Some(rows) = reaction_rows("which_n_test.tsv") else {
        return;
    };
    print_groups("WHICH_N_TEST", &score(rows));
}

#[test]
fn which_n_public_top1() {
    let Some(rows) = reaction_rows("which_n_public.tsv") else {
        return;
    };
    let scored = score(rows);
    print_groups("WHICH_N", &scored);
    if std::env::var_os("WHICH_N_FAILURES").is_some() {
        for case in scored.iter().filter(|c| !c.right) {
            let alts: Vec<Option<String>> = case.row["alt_products"]
                .split(';')
                .map(constitution)
                .collect();
            let kind = match &case.predicted {
                None => "none",
                Some(p) if alts.iter().any(|a| a.as_ref() == Some(p)) => "alt",
                Some(_) => "other",
            };
            eprintln!(
                "FAIL\t{}\t{}\t{}\t{}\t{}\t{}\t{:?}\t{kind}\t{}",
                case.row["electrophile"],
                case.row["site_kind"],
                case.row["alt_site_kinds"],
                case.row["substrate"],
                case.row["co_reactants"],
                case.row["product"],
                case.predicted,
                case.detail
            );
        }
    }
    let all = groups(&scored, "")["all"];
    assert_eq!(all.0, 1916);
    // The baselines as the file's README states them.
    assert!((all.2 - 0.485).abs() < 0.001, "random {}", all.2);
    assert!((all.3 - 0.900).abs() < 0.001, "heuristic {}", all.3);
    // The model's figures as measured (README, "Which nitrogen reacts"), as floors.
    let floors = [
        ("", "all", 0.9519),
        ("site_kind", "primary", 0.989),
        ("site_kind", "secondary", 0.979),
        ("site_kind", "aniline", 0.945),
        ("site_kind", "OH", 0.333),
        ("scaffold", "amino_alcohol", 0.951),
        ("scaffold", "aniline_amine", 0.978),
        ("scaffold", "dianiline", 0.975),
        ("scaffold", "aminoaryl_alcohol", 0.847),
        ("scaffold", "piperazine", 0.959),
        ("scaffold", "diamine", 0.973),
        ("scaffold", "aminopiperidine", 0.896),
        ("scaffold", "aminopyrrolidine", 0.944),
    ];
    for (column, key, floor) in floors {
        let top1 = groups(&scored, column)[key].1;
        assert!(top1 >= floor, "{column} {key}: top-1 {top1} below {floor}");
    }
}

/// The major product (constitution) of `substrate` with `co_reactant` under the default
/// conditions of its class, one equivalent.
fn default_major(substrate: &str, co_reactant: &str) -> Option<String> {
    let prediction = default_prediction(substrate, co_reactant);
    constitution(&prediction.major()?.smiles)
}

fn default_prediction(substrate: &str, co_reactant: &str) -> regiochem_rules::predict::Prediction {
    let engine = Engine::standard().unwrap();
    let table = DefaultTable::standard().unwrap();
    let mut step = Step::new(substrate.parse().unwrap());
    step.co_reactants = vec![co_reactant.parse().unwrap()];
    step.equivalents = 1.0;
    defaults::predict(&engine, table, &step)
}

/// The fraction of the product whose constitution is that of `smiles`.
fn fraction_of(prediction: &regiochem_rules::predict::Prediction, smiles: &str) -> f64 {
    let want = constitution(smiles);
    prediction
        .products
        .iter()
        .filter(|p| constitution(&p.smiles) == want)
        .map(|p| p.fraction)
        .sum()
}

#[test]
fn an_acid_bromide_or_fluoride_acylates_as_the_chloride_does() {
    // Issue 11: `acid-chloride` took only chlorides, so an acid bromide alkylated at its
    // alpha-CH2Br (or did nothing) and an acyl fluoride went to Buchwald conditions.
    assert_eq!(
        default_major("CCCCNc1cccc(CO)c1", "O=C(Br)CBr"),
        constitution("CCCCN(C(=O)CBr)c1cccc(CO)c1")
    );
    assert_eq!(
        default_major("C1CCNCC1", "O=C(F)c1ccc(F)cc1"),
        constitution("O=C(c1ccc(F)cc1)N1CCCCC1")
    );
}

#[test]
fn a_carboxylate_salt_couples_under_the_acid_defaults() {
    // Issue 11: a carboxylate was no carboxylic acid for the default table or for
    // amide-coupling, so a tert-butyl ester elsewhere on it was aminolysed instead.
    assert_eq!(
        default_major("NCc1ccccc1", "CC(C)(C)OC(=O)CCC(=O)[O-]"),
        constitution("CC(C)(C)OC(=O)CCC(=O)NCc1ccccc1")
    );
    assert_eq!(
        default_major("NCc1ccccc1", "CC(=O)[O-]"),
        constitution("CC(=O)NCc1ccccc1")
    );
}

#[test]
fn formic_acid_formylates_under_the_acid_defaults() {
    // Issue 11: the amide-coupling template wanted a carbon on the acid carbon.
    assert_eq!(default_major("NCCO", "O=CO"), constitution("O=CNCCO"));
}

#[test]
fn the_bromide_of_a_pyrazolopyrimidine_is_not_a_diazine_halide() {
    // Issue 11: the 3-bromo carbon of the pyrazole ring reached a pyrimidine N through the
    // fused bond and matched snar-diazine, tying with the 4-chloride; only the chloride is
    // a diazine halide. A 5-chloro-4-nitropyrazole still reacts (snar-azine).
    let prediction = default_prediction("C1COCCN1", "Clc1ncnc2[nH]nc(Br)c12");
    let at_chloride = fraction_of(&prediction, "Brc1n[nH]c2ncnc(N3CCOCC3)c12");
    let at_bromide = fraction_of(&prediction, "Clc1ncnc2[nH]nc(N3CCOCC3)c12");
    assert!(
        at_chloride > 0.8 && at_bromide < 0.1,
        "{at_chloride} {at_bromide}"
    );
    assert_eq!(
        default_major("C1COCCN1", "Cn1ncc([N+](=O)[O-])c1Cl"),
        constitution("Cn1ncc([N+](=O)[O-])c1N1CCOCC1")
    );
}

#[test]
fn an_n_sulfonylcarbamate_gives_the_sulfonylurea() {
    // Issue 11: alkyl N-sulfonylcarbamates had no rule and no default class.
    assert_eq!(
        default_major("Nc1ccccc1", "CCOC(=O)NS(=O)(=O)c1ccc(C)cc1"),
        constitution("Cc1ccc(S(=O)(=O)NC(=O)Nc2ccccc2)cc1")
    );
}

#[test]
fn an_alcohol_co_reactant_alkylates_the_amine_by_borrowing_hydrogen() {
    // Issue 11: an alcohol co-reactant had no default class, so nothing reacted; under
    // borrowing hydrogen (the alcohol's aldehyde or ketone) the amine is alkylated, the
    // substrate's own O-H is not, and the unhindered N of a 2-methylpiperazine goes first.
    assert_eq!(
        default_major("OC1CCNCC1", "OC/C=C/c1ccccc1"),
        constitution("OC1CCN(C/C=C/c2ccccc2)CC1")
    );
    assert_eq!(
        default_major("C[C@@H]1CNCCN1", "CC(O)c1ccccc1"),
        constitution("CC1CN(C(C)c2ccccc2)CCN1")
    );
    // A tertiary alcohol cannot be oxidised: no borrowing-hydrogen product.
    assert_eq!(default_major("C1CCNCC1", "CC(C)(C)O"), None);
}

#[test]
fn an_unactivated_aryl_chloride_does_not_take_the_buchwald_defaults() {
    // Issue 11: the Buchwald row (Pd/BINAP, which couples aryl bromides and iodides) took
    // every aryl chloride, so a co-reactant whose other group reacts (here its CH2OH) got
    // conditions under which nothing fired.
    assert_eq!(
        default_major("CNCCO", "Cn1cc(C(=O)NCc2ccc(Cl)cc2)c(=O)c2cc(CO)ccc21"),
        constitution("CN(CCO)Cc1ccc2n(C)cc(C(=O)NCc3ccc(Cl)cc3)c(=O)c2c1")
    );
}

#[test]
fn an_azinyl_triflate_takes_the_amine_by_snar() {
    // Issue 11: aryl triflates had no rule and no default class; a 2-pyridyl triflate with a
    // 5-bromide went to Buchwald conditions at the bromide instead.
    assert_eq!(
        default_major(
            "O[C@@H]1CNC[C@H]1O",
            "O=S(=O)(Oc1cc(Cc2ccccc2)c(Br)cn1)C(F)(F)F"
        ),
        constitution("O[C@@H]1CN(c2cc(Cc3ccccc3)c(Br)cn2)C[C@H]1O")
    );
    assert_eq!(
        default_major("C1CCNCC1", "Cc1cc(OS(=O)(=O)C(F)(F)F)nc(C)n1"),
        constitution("Cc1cc(N2CCCCC2)nc(C)n1")
    );
}

#[test]
fn an_ester_with_an_aryl_bromide_gives_the_amide() {
    // Issue 11: the Buchwald row came before the ester row, so an amino alcohol was arylated
    // at the aryl bromide of an ester co-reactant (which needs a palladium catalyst no one
    // named) instead of opening the ester to the amide.
    assert_eq!(
        default_major("NCCO", "CCOC(=O)c1cnc(N)c2c(COc3ccc(Br)cc3)csc12"),
        constitution("Nc1ncc(C(=O)NCCO)c2scc(COc3ccc(Br)cc3)c12")
    );
}

#[test]
fn an_arylboronic_acid_arylates_the_amine_by_chan_lam() {
    // Issue 11: boronic acids had no rule and no default class (or, with a chloride on the
    // ring, took the Buchwald row); under Cu(OAc)2 in air the primary amine is arylated
    // before a hindered heteroaryl amine.
    assert_eq!(
        default_major(
            "Cc1ccc(S(=O)(=O)n2ccc3c(N[C@@H]4CC[C@@H]5C[C@H](N)C(=O)N5C4)ncnc32)cc1",
            "OB(O)c1cc(F)cc(Cl)c1"
        ),
        constitution(
            "Cc1ccc(S(=O)(=O)n2ccc3c(N[C@@H]4CC[C@@H]5C[C@H](Nc6cc(F)cc(Cl)c6)C(=O)N5C4)ncnc32)cc1"
        )
    );
}

#[test]
fn cyanogen_bromide_gives_the_cyanamide_of_the_most_nucleophilic_amine() {
    // Issue 11: BrCN had no rule and no default class; the piperidine N-H, not the
    // hindered aniline, becomes the cyanamide.
    assert_eq!(
        default_major("Nc1ccc(CC2CCNCC2)cc1Cl", "N#CBr"),
        constitution("N#CN1CCC(Cc2ccc(N)c(Cl)c2)CC1")
    );
}

#[test]
fn chloroacetonitrile_cyanomethylates_the_amine() {
    // Issue 11: no alkylation rule took a halide next to a nitrile (the CH2 is on an sp
    // carbon, not the CX4 of primary-alkyl-chloride), so `N#CCCl` gave no product at all.
    assert_eq!(
        default_major("OCC1CCNCC1", "N#CCCl"),
        constitution("N#CCN1CCC(CO)CC1")
    );
}

#[test]
fn a_tertiary_alpha_bromo_ester_aminates() {
    // Issue 11: a tertiary alpha-bromo ester (methyl 2-bromoisobutyrate) matched no rule and
    // the prediction was "none"; it aminates, slowly, where a plain tertiary halide would not.
    assert_eq!(
        default_major("NCCCO", "COC(=O)C(C)(C)Br"),
        constitution("COC(=O)C(C)(C)NCCCO")
    );
}

#[test]
fn a_trichloromethyl_group_does_not_make_a_co_reactant_an_alkyl_halide() {
    // Issue 11: the CCl3 of a Troc carbamate put an acid co-reactant in the alkyl-halide class,
    // whose conditions (K2CO3, MeCN) fire nothing, instead of the amide coupling.
    assert_eq!(
        default_major("OCC1CCNCC1", "O=C(O)CCNC(=O)OCC(Cl)(Cl)Cl"),
        constitution("OCC1CCN(C(=O)CCNC(=O)OCC(Cl)(Cl)Cl)CC1")
    );
}

#[test]
fn a_sulfonyl_activated_aryl_fluoride_takes_the_amine_by_snar() {
    // Issue 11: a sulfone or sulfonamide para to the fluoride did not count as activating, so
    // an amino alcohol and a 4-fluorophenyl sulfone gave no product.
    assert_eq!(
        default_major("NCCO", "CS(=O)(=O)c1ccc(F)cc1"),
        constitution("CS(=O)(=O)c1ccc(NCCO)cc1")
    );
    // With a carboxylic acid on the same co-reactant the acid couples first.
    assert_eq!(
        default_major("NCCO", "O=C(O)c1ccc(S(=O)(=O)c2ccc(F)cc2)cc1"),
        constitution("O=C(NCCO)c1ccc(S(=O)(=O)c2ccc(F)cc2)cc1")
    );
}

#[test]
fn dihydropyran_gives_the_thp_ether_and_leaves_the_amine() {
    // Issue 11: 3,4-dihydro-2H-pyran had no class and no rule ("none"); with PPTS it makes the
    // THP ether of the alcohol, and no amine rule takes an enol ether.
    assert_eq!(
        default_major("NCCCCO", "C1=COCCC1"),
        constitution("NCCCCOC1CCCCO1")
    );
}

#[test]
fn isobutylene_gives_the_tert_butyl_ether() {
    // Issue 11: isobutylene had no class and no rule; with catalytic H2SO4 the alcohol becomes
    // its tert-butyl ether.
    assert_eq!(
        default_major("NC(CO)C(=O)OC", "C=C(C)C"),
        constitution("COC(=O)C(N)COC(C)(C)C")
    );
}

#[test]
fn an_aryl_sulfonic_acid_gives_the_sulfonamide() {
    // Issue 11: a sulfonic acid co-reactant had no default class and no rule ("none"); with
    // cyanuric chloride and Et3N it sulfonylates the amine as its sulfonyl chloride would,
    // and the amine goes before the alcohol.
    assert_eq!(
        default_major("NCCCO", "Cc1ccc(S(=O)(=O)O)cc1"),
        constitution("Cc1ccc(S(=O)(=O)NCCCO)cc1")
    );
}

#[test]
fn a_weakly_activated_aryl_fluoride_arylates_the_alcohol_under_nah() {
    // Issue 11: an aryl fluoride with only a halogen or carboxamide on the ring had no class
    // ("none"); its standard reaction is an alkoxide SNAr (NaH, DMF), which leaves the free
    // piperidine N-H of 4-hydroxypiperidine alone.
    assert_eq!(
        default_major("OC1CCNCC1", "Fc1ccc(Cl)c(Cl)c1"),
        constitution("Clc1ccc(OC2CCNCC2)cc1Cl")
    );
    // An alcohol on the co-reactant is the group that reacts (its row comes first).
    assert_eq!(
        default_major("C[C@@H]1CNCCN1", "C[C@@H](O)c1cc(F)cc(F)c1"),
        constitution("C[C@@H]1CN([C@@H](C)c2cc(F)cc(F)c2)CCN1")
    );
}

#[test]
fn the_vinylogous_amide_amine_of_a_diaminouracil_is_not_the_one_acylated() {
    // Issue 11: the 6-amino group of a 5,6-diaminouracil is conjugated through C5=C6 with the
    // C4 carbonyl (a vinylogous urea), so the 5-amino group is acylated; the model took the
    // 6-amino group, whose pKa it puts higher.
    assert_eq!(
        default_major("CCCCn1c(N)c(N)c(=O)[nH]c1=O", "CC(=O)O"),
        constitution("CCCCn1c(N)c(NC(C)=O)c(=O)[nH]c1=O")
    );
}

#[test]
fn a_dichloropyrazolopyrimidine_takes_the_amine_at_c7() {
    // Issue 11: C5 and C7 of 5,7-dichloropyrazolo[1,5-a]pyrimidine both counted as "ortho to
    // one ring N, para to another" and tied at 50/50; only C7's para N (N4) is pyridine-type,
    // the bridgehead N cannot take the Meisenheimer charge, so C7 reacts first.
    assert_eq!(
        default_major("OC1CNC1", "Clc1cc(Cl)n2nc(-c3ccccc3)cc2n1"),
        constitution("OC1CN(c2cc(Cl)nc3cc(-c4ccccc4)nn23)C1")
    );
}

#[test]
fn a_trichloropyridazine_takes_the_amine_at_c4() {
    // Issue 11: C3, C4 and C6 of 3,4,6-trichloropyridazine were one rule (snar-azine) and tied
    // at a third each; the 4-chloride, para to N1 and next to no ring N, goes first.
    assert_eq!(
        default_major("OCC1CCNCC1", "Clc1cc(Cl)c(Cl)nn1"),
        constitution("OCC1CCN(c2cc(Cl)nnc2Cl)CC1")
    );
}

#[test]
fn chloroacetic_acid_is_coupled_not_alkylated() {
    // Issue 11: chloroacetic acid took the alkyl-halide row (K2CO3) and the fast
    // alpha-halo-carbonyl rule, so the amine was carboxymethylated; a carboxylate's charge
    // slows that SN2, and the standard use of the acid is the chloroacetamide by coupling.
    assert_eq!(
        default_major("NCCCOc1cccc(CC2CCCCCN2)c1", "O=C(O)CCl"),
        constitution("O=C(CCl)NCCCOc1cccc(CC2CCCCCN2)c1")
    );
}

#[test]
fn an_indole_nitrogen_does_not_activate_a_fluoride_for_snar() {
    // Issue 11: the 4-fluoride of an indole counted as "para to a ring N" (the pyrrole-type
    // N1), so the SNAr conditions were chosen and the amine displaced it; the indole N cannot
    // take the Meisenheimer charge, and the co-reactant's alcohol is the group that reacts.
    assert_eq!(
        default_major(
            "NCCO",
            "Cc1cc2c(F)c(Oc3ccnc(CO)n3)ccc2n1C(=O)Nc1cccc(C(F)(F)F)c1"
        ),
        constitution("Cc1cc2c(F)c(Oc3ccnc(CNCCO)n3)ccc2n1C(=O)Nc1cccc(C(F)(F)F)c1")
    );
}

#[test]
fn an_unactivated_aryl_chloride_is_coupled_with_a_biaryl_phosphine() {
    // Issue 11: an aryl chloride with no SNAr activation had no class ("none": BINAP does not
    // take chlorides); the standard coupling is palladium with XPhos and NaOtBu, and the ring
    // secondary amine reacts, not the amide N-H or the alcohol.
    assert_eq!(
        default_major(
            "O=C(N[C@H]1CCCNC1)C12CC3CC(C1)C(O)C(C3)C2",
            "CCN(CC)C(=O)COc1ccc(Cl)cc1"
        ),
        constitution("CCN(CC)C(=O)COc1ccc(N2CCC[C@H](NC(=O)C34CC5CC(C3)C(O)C(C5)C4)C2)cc1")
    );
}

#[test]
fn a_dichloronitropyridine_takes_the_amine_ortho_to_the_nitro_group() {
    // Issue 11: C2 and C6 of 2,3,6-trichloro-5-nitropyridine (both next to the ring N, one
    // ortho and one para to the nitro group) were one rule and split 49/49; the nitro group's
    // activation now adds, ortho more than para with an amine.
    assert_eq!(
        default_major("Nc1ccc(CCO)cc1", "O=[N+]([O-])c1cc(Cl)c(Cl)nc1Cl"),
        constitution("O=[N+]([O-])c1cc(Cl)c(Cl)nc1Nc1ccc(CCO)cc1")
    );
}

#[test]
fn an_ortho_substituted_aniline_is_acylated_after_an_unhindered_one() {
    // Issue 11: the aniline nucleophilicity had no ortho term, so the two NH2 of a
    // 3-substituted 2,6-diaminopyridine (both next to the ring N) came out nearly equal and the
    // acid chloride went to the one beside the substituent; the recorded acylation is at the
    // unhindered one.
    assert_eq!(
        default_major(
            "Nc1ccc(-c2cc(Cc3ccc(OCc4ccccc4)nc3)no2)c(N)n1",
            "COCC(=O)Cl"
        ),
        constitution("COCC(=O)Nc1ccc(-c2cc(Cc3ccc(OCc4ccccc4)nc3)no2)c(N)n1")
    );
}

/// Defect: a tert-butyl beta-keto ester took the ketone row and reductively aminated the amine;
/// in refluxing xylene it acylates it through the acylketene (Witzeman and Nottingham 1991).
#[test]
fn a_tert_butyl_beta_keto_ester_acylates_the_amine() {
    let major = default_major("CC(C)(C)OC(=O)NC1CCNCC1", "CC(C)(C)OC(=O)CC(=O)c1ccc(Cl)s1");
    assert_eq!(
        major,
        constitution("CC(C)(C)OC(=O)NC1CCN(CC1)C(=O)CC(=O)c1ccc(Cl)s1")
    );
}

/// Defect: a phenol with an alkyl halide under the carbonate defaults gave no product; the
/// carbonate makes the phenoxide, which is alkylated, and an aliphatic O-H is left.
#[test]
fn a_phenol_is_alkylated_under_the_carbonate_defaults() {
    let major = default_major("Oc1ccc(CCO)cc1", "BrCc1ccccc1");
    assert_eq!(major, constitution("OCCc1ccc(OCc2ccccc2)cc1"));
}

/// Defect: an epoxide co-reactant had no class, so nothing was predicted; the amine opens it
/// at the CH2 (and an amine beats the alcohol of an amino alcohol).
#[test]
fn an_epoxide_is_opened_at_its_less_substituted_carbon() {
    let major = default_major("NCCO", "CC1CO1");
    assert_eq!(major, constitution("CC(O)CNCCO"));
}

/// Defect: methyl acrylate took the ester row (aminolysis by trimethylaluminium, the acrylamide);
/// the amine adds to it (aza-Michael, in methanol).
#[test]
fn an_acrylate_takes_the_amine_by_aza_michael_addition() {
    let major = default_major("CC(C)(C)OC(=O)N1CCNCC1", "C=CC(=O)OC");
    assert_eq!(major, constitution("COC(=O)CCN1CCN(CC1)C(=O)OC(C)(C)C"));
}

/// Defect: a Boc-amino alcohol with an alkyl halide gave no product under the carbonate
/// defaults; the next standard set of the class (sodium hydride in DMF) alkylates the alcohol.
#[test]
fn an_alcohol_is_alkylated_under_the_next_standard_set_when_the_carbonate_gives_nothing() {
    let prediction = default_prediction("CC(C)(C)OC(=O)N1CCC(O)CC1", "BrCc1ccccc1");
    assert_eq!(
        prediction.major().and_then(|p| constitution(&p.smiles)),
        constitution("CC(C)(C)OC(=O)N1CCC(OCc2ccccc2)CC1")
    );
    let note = &prediction.findings[0].message;
    assert!(note.contains("next standard set: NaH, DMF"), "{note}");
}

/// Defect: a phenol with a 2-chloropyrimidine gave no product under DIPEA in DMSO; its next
/// standard set (caesium carbonate in DMF) makes the diaryl ether.
#[test]
fn a_phenol_takes_an_activated_aryl_chloride_under_caesium_carbonate() {
    let major = default_major("CC(C)(C)OC(=O)Nc1cccc(O)c1", "Clc1ncccn1");
    assert_eq!(major, constitution("CC(C)(C)OC(=O)Nc1cccc(Oc2ncccn2)c1"));
}

/// Defect: a phenol co-reactant had no class, so a Boc-amino alcohol gave nothing; the phenol
/// is the Mitsunobu pronucleophile (triphenylphosphine and DIAD) and the alcohol becomes the aryl ether.
#[test]
fn a_phenol_co_reactant_etherifies_the_alcohol_by_mitsunobu() {
    let major = default_major("CC(C)(C)OC(=O)N1CCC(CO)CC1", "Oc1ccc(OCc2ccccc2)cc1");
    assert_eq!(
        major,
        constitution("CC(C)(C)OC(=O)N1CCC(COc2ccc(OCc3ccccc3)cc2)CC1")
    );
}

/// Defect: phthalimide had no class; under Mitsunobu conditions it takes the alcohol's carbon
/// (the Gabriel route to the primary amine).
#[test]
fn phthalimide_takes_the_alcohol_carbon_by_mitsunobu() {
    let major = default_major("CC(C)(C)OC(=O)N1CCC(CO)CC1", "O=C1NC(=O)c2ccccc21");
    assert_eq!(
        major,
        constitution("CC(C)(C)OC(=O)N1CCC(CN2C(=O)c3ccccc3C2=O)CC1")
    );
}

/// Defect (found while adding the phenol row): a co-reactant with an amine and a phenol would
/// have been taken for a Mitsunobu pronucleophile; the amine is the nucleophile, so the step is
/// exchanged and the substrate's acid couples to it.
#[test]
fn an_aminophenol_co_reactant_is_acylated_by_the_acid_not_mitsunobu() {
    let major = default_major("CC(C)(C)OC(=O)NCC(=O)O", "NCc1ccc(O)cc1");
    assert_eq!(major, constitution("CC(C)(C)OC(=O)NCC(=O)NCc1ccc(O)cc1"));
}

/// Defect: an aryl triflate had no class (only azinyl triflates did); palladium with BINAP and
/// caesium carbonate couples it as an aryl bromide.
#[test]
fn an_aryl_triflate_takes_the_amine_by_buchwald_hartwig() {
    let major = default_major("CC(C)(C)OC(=O)N1CCNCC1", "COc1ccc(OS(=O)(=O)C(F)(F)F)cc1");
    assert_eq!(major, constitution("COc1ccc(cc1)N1CCN(CC1)C(=O)OC(C)(C)C"));
}

/// Defect: N,O-dimethylhydroxylamine was a nitrogen outside the model (class `other`), so an
/// acid gave nothing with it; it couples under HATU to the Weinreb amide.
#[test]
fn an_acid_and_the_weinreb_amine_give_the_weinreb_amide() {
    let major = default_major("CC(C)(C)OC(=O)N1CCC(C(=O)O)CC1", "CNOC");
    assert_eq!(major, constitution("CON(C)C(=O)C1CCN(CC1)C(=O)OC(C)(C)C"));
}

/// Defect: the terminal NH2 of an acyl hydrazide was not a nucleophile; an acid chloride
/// acylates it (the N,N'-diacyl hydrazide), and a Boc-protected amine is left.
#[test]
fn a_hydrazide_is_acylated_at_its_terminal_nitrogen() {
    let major = default_major("CC(C)(C)OC(=O)N1CCC(C(=O)NN)CC1", "O=C(Cl)CCl");
    assert_eq!(
        major,
        constitution("CC(C)(C)OC(=O)N1CCC(CC1)C(=O)NNC(=O)CCl")
    );
}

/// Defect: hydrazine did not react with an ester; it gives the hydrazide (hydrazinolysis).
#[test]
fn hydrazine_turns_an_ester_into_the_hydrazide() {
    let major = default_major("CC(C)(C)OC(=O)N[C@@H](CCc1ccccc1)C(=O)OC", "NN");
    assert_eq!(
        major,
        constitution("CC(C)(C)OC(=O)N[C@@H](CCc1ccccc1)C(=O)NN")
    );
}
