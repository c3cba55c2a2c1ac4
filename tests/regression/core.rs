//! Defects of the molecule core: SMILES reading and writing, perception, canonical SMILES,
//! matching.

use regiochem_mol::{BuildOptions, MatchError, Molecule, Pattern, Valence, build};

fn read(smiles: &str, valence: Valence) -> Result<Molecule, regiochem_mol::BuildError> {
    build(&regiochem_smiles::parse(smiles)?, &BuildOptions { valence })
}

fn hydrogens(molecule: &Molecule) -> Vec<u8> {
    molecule.atoms().map(|(_, a)| a.hydrogens()).collect()
}

/// Strict mode rejected unbracketed P with four single bonds and hypervalent I, which RDKit
/// reads (27 false errors on the NextMove oechem and CDK inputs). Lines of those inputs, with
/// RDKit's hydrogen counts.
#[test]
fn unbracketed_pentavalent_phosphorus_is_accepted() {
    for (smiles, expected) in [
        ("C1COCP(O1)(O)O", vec![2, 2, 0, 2, 1, 0, 1, 1]),
        ("P(C)(C)(C)C", vec![1, 3, 3, 3, 3]),
        ("OP1=NP(=NP=N1)N", vec![1, 1, 0, 1, 0, 0, 0, 2]),
        ("O1Cc2c(cccc2)I1C", vec![0, 2, 0, 0, 1, 1, 1, 1, 0, 3]),
        ("NI1OC(=O)c2c1cccc2", vec![2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
        ("CS(C)C", vec![3, 1, 3, 3]),
    ] {
        let molecule = read(smiles, Valence::Strict).unwrap_or_else(|e| panic!("{smiles}: {e}"));
        assert_eq!(hydrogens(&molecule), expected, "{smiles}");
    }
    // What RDKit rejects stays rejected: 4-valent neutral N, divalent F, 8-valent S.
    for smiles in [
        "CN1=NC=CN1",
        "N(C)(C)(C)C",
        "C1=Fc2ccccc2C=C1",
        "CS(C)(C)(C)(C)(C)(C)C",
    ] {
        let error = read(smiles, Valence::Strict).expect_err(smiles);
        assert_eq!(error.stable_code(), "mol::valence", "{smiles}");
    }
}

/// `C` with 32,769 `(=C)` branches wrapped the `u16` valence sum to 2 and was read as CH2.
#[test]
fn valence_sum_does_not_wrap() {
    let smiles = format!("C{}", "(=C)".repeat(32_769));
    let error = read(&smiles, Valence::Strict).expect_err("65,538 bond orders on one carbon");
    assert_eq!(error.stable_code(), "mol::valence");
    assert_eq!(error.span().start, 0);
    assert!(error.span().end <= smiles.len());
    // Lenient mode gives the OpenSMILES count past the largest valence: none, not two.
    let molecule = read(&smiles, Valence::Lenient).expect("lenient reads it");
    assert_eq!(molecule.atoms().next().map(|(_, a)| a.hydrogens()), Some(0));
}

/// The explicit `[H]` neighbours of an atom were counted into a `u8` that wrapped: 257 of them
/// made the carbon match `[CH1]`.
#[test]
fn explicit_hydrogen_count_does_not_wrap_in_matching() {
    let smiles = format!("C{}[H]", "([H])".repeat(256));
    let molecule = read(&smiles, Valence::Lenient).expect("bracket hydrogens are read");
    let one: Pattern = "[C;H1]".parse().unwrap();
    assert!(!molecule.has_match(&one));
}

/// `C.C.C.C.C.C1CC1` searched every placement of the five single carbons before failing on
/// the ring (25 s over 1,000 MOSES molecules; `C1CC1.C.C.C.C.C` took 0.02 s). Components are
/// now ordered by selectivity, each is checked alone first, and a budget of candidate atoms
/// bounds the rest: checked here by the number of steps the search may take.
#[test]
fn disconnected_smarts_does_not_backtrack_exponentially() {
    // Thirty carbons, no three-membered ring: the old order needed about 30^5 steps.
    let chain: Molecule = "C".repeat(30).parse().unwrap();
    let budget = 1_000;
    for text in ["C.C.C.C.C.C1CC1", "C1CC1.C.C.C.C.C"] {
        let pattern = Pattern::new(text).unwrap().with_budget(budget);
        assert_eq!(chain.try_has_match(&pattern), Ok(false), "{text}");
    }
    // Each component fits alone but not all together: the selective ones go first, so the
    // third methyl fails before the plain carbons are placed.
    let methyls = Pattern::new("C.C.C.C.C.[CH3].[CH3].[CH3]")
        .unwrap()
        .with_budget(10_000);
    assert_eq!(chain.try_has_match(&methyls), Ok(false));
    // Semantics unchanged: distinct atoms across components.
    let propane: Molecule = "CCC".parse().unwrap();
    let pattern = Pattern::new("C.C.C").unwrap();
    assert_eq!(propane.try_has_match(&pattern), Ok(true));
    assert!(!propane.has_match(&Pattern::new("C.C.C.C").unwrap()));
    // A search that is exponential whatever the order (nine disjoint C~C over eight
    // neopentanes, at most eight disjoint bonds) ends with its own error at the budget.
    let stars: Molecule = ["CC(C)(C)C"; 8].join(".").parse().unwrap();
    let edges = Pattern::new(&["C~C"; 9].join("."))
        .unwrap()
        .with_budget(100_000);
    let error = stars.try_has_match(&edges).expect_err("budget");
    assert_eq!(error, MatchError::BudgetExhausted { steps: 100_000 });
    assert_eq!(error.stable_code(), "match::budget_exhausted");
    // Eight fit: found well within the budget.
    let eight = Pattern::new(&["C~C"; 8].join("."))
        .unwrap()
        .with_budget(100_000);
    assert_eq!(stars.try_has_match(&eight), Ok(true));
}

/// The same budget through the command line: `match` reports the line whose search ran out as
/// `match::budget_exhausted` and goes on with the next lines.
#[test]
fn match_reports_an_exhausted_search_and_goes_on() {
    use clap::Parser;
    let stars = ["CC(C)(C)C"; 8].join(".");
    let chain = "CC".repeat(20);
    let pattern = ["C~C"; 9].join(".");
    let args = ["regiochem", "match", &pattern, "--budget", "50000"];
    let cli = regiochem_cli::Cli::try_parse_from(args).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = {
        let mut io = regiochem_cli::Io {
            stdin: Box::new(std::io::Cursor::new(
                format!("{stars}\n{chain}\n").into_bytes(),
            )),
            stdout: Box::new(&mut out),
            stderr: Box::new(&mut err),
        };
        regiochem_cli::run(cli, &mut io).expect("runs")
    };
    let (out, err) = (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    );
    assert_eq!(out, format!("{chain}\n"));
    assert!(
        err.starts_with("line 1: match::budget_exhausted at byte 0: "),
        "{err}"
    );
    assert_eq!(err.matches("match::budget_exhausted").count(), 1, "{err}");
    assert_ne!(status, std::process::ExitCode::SUCCESS);
}
