//! Depiction: layout quality over the diazepane targets, the public polyamine targets and 1,000
//! MOSES molecules, measured from the coordinates (bond crossings, atom clashes closer than
//! 0.35 bond lengths, bond-length spread). The counts are pinned as upper bounds: a change
//! that makes any of them worse fails, and one that improves them must lower the pins.

use regiochem_mol::Molecule;
use regiochem_mol::depict::{LayoutQuality, assess, coordinates, has_bridged_ring_system};
use regiochem_testkit::{data_lines, read_fixture, shared_data};

/// Totals over one set of molecules.
#[derive(Debug, Default)]
struct Tally {
    plain: usize,
    plain_clean: usize,
    bridged: usize,
    bridged_clean: usize,
    crossings: usize,
    clashes: usize,
    stretched: usize,
    unclean: Vec<String>,
}

fn tally<'a>(lines: impl Iterator<Item = &'a str>) -> Tally {
    let mut tally = Tally::default();
    for line in lines {
        let smiles = line.split_whitespace().next().unwrap_or_default();
        let molecule: Molecule = smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"));
        let coords = coordinates(&molecule);
        assert_eq!(coords.len(), molecule.atom_count());
        assert!(
            coords.iter().all(|p| p.x.is_finite() && p.y.is_finite()),
            "{smiles}"
        );
        let quality: LayoutQuality = assess(&molecule, &coords);
        let clean = quality.is_clean();
        if has_bridged_ring_system(&molecule) {
            tally.bridged += 1;
            tally.bridged_clean += usize::from(clean);
        } else {
            tally.plain += 1;
            tally.plain_clean += usize::from(clean);
        }
        tally.crossings += quality.crossings;
        tally.clashes += quality.clashes;
        tally.stretched += usize::from(quality.bond_length_spread() > 0.25);
        if !clean {
            tally.unclean.push(format!(
                "{smiles} crossings {} clashes {} spread {:.2}",
                quality.crossings,
                quality.clashes,
                quality.bond_length_spread()
            ));
        }
    }
    tally
}

fn report(name: &str, tally: &Tally) {
    let fraction = |clean: usize, all: usize| {
        if all == 0 {
            100.0
        } else {
            100.0 * clean as f64 / all as f64
        }
    };
    eprintln!(
        "{name}: plain {}/{} clean ({:.1} %), bridged {}/{} clean ({:.1} %), crossings {}, clashes {}, stretched {}",
        tally.plain_clean,
        tally.plain,
        fraction(tally.plain_clean, tally.plain),
        tally.bridged_clean,
        tally.bridged,
        fraction(tally.bridged_clean, tally.bridged),
        tally.crossings,
        tally.clashes,
        tally.stretched
    );
    for line in &tally.unclean {
        eprintln!("  {line}");
    }
}

/// Upper bounds: (unclean plain, unclean bridged, crossings, clashes, stretched).
fn check(tally: &Tally, pins: (usize, usize, usize, usize, usize)) {
    let found = (
        tally.plain - tally.plain_clean,
        tally.bridged - tally.bridged_clean,
        tally.crossings,
        tally.clashes,
        tally.stretched,
    );
    assert!(
        found.0 <= pins.0
            && found.1 <= pins.1
            && found.2 <= pins.2
            && found.3 <= pins.3
            && found.4 <= pins.4,
        "layout regressed: found {found:?}, pinned {pins:?}"
    );
}

#[test]
fn layout_quality_diazepane_targets() {
    let text = read_fixture("targets/diazepanes_300.smi");
    let tally = tally(data_lines(&text));
    report("diazepanes_300", &tally);
    check(&tally, (0, 1, 0, 0, 1));
}

#[test]
fn layout_quality_moses_1000() {
    let text = read_fixture("molecules/bench_1000.smi");
    let tally = tally(data_lines(&text));
    report("bench_1000", &tally);
    check(&tally, (0, 5, 1, 0, 4));
}

#[test]
fn layout_quality_public_polyamines() {
    let Some(path) = shared_data("targets/polyamines_public.smi") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let tally = tally(data_lines(&text));
    report("polyamines_public", &tally);
    check(&tally, (0, 1, 0, 0, 1));
}

#[test]
fn bridged_and_spiro_scaffolds_are_clean() {
    for smiles in [
        "C1CC2CNCC1N2",
        "C1C2CNC1CN2",
        "C1CC2CCC1C2",
        "C1CC2(C1)CNC2",
        "C1NCC12CNC2",
        "C1CCCCCCCCCCC1",
        "c1ccc2ccccc2c1",
        "c1cc2ccc3cccc4ccc(c1)c2c34",
        "CC(C)(C)OC(=O)N1CC2CCC(C1)N2",
    ] {
        let molecule: Molecule = smiles.parse().unwrap();
        let quality = assess(&molecule, &coordinates(&molecule));
        assert!(quality.is_clean(), "{smiles}: {quality:?}");
    }
}

/// Cages whose three equal bridges cannot all have unit bonds: no crossing or clash, bonds
/// stretched at most 1.5 times (bicyclo[2.2.2]octane 1.4, adamantane 1.5 today).
#[test]
fn cages_draw_without_crossings() {
    for smiles in ["C1CC2CCC1CC2", "C1C2CC3CC1CC(C2)C3"] {
        let molecule: Molecule = smiles.parse().unwrap();
        let quality = assess(&molecule, &coordinates(&molecule));
        assert_eq!((quality.crossings, quality.clashes), (0, 0), "{smiles}");
        assert!(
            quality.bond_length_spread() <= 0.5 + 1e-9,
            "{smiles}: {quality:?}"
        );
    }
}

#[test]
fn same_molecule_same_coordinates() {
    let molecule: Molecule = "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1".parse().unwrap();
    assert_eq!(coordinates(&molecule), coordinates(&molecule));
}

/// Runs `regiochem ARGS` in-process with `stdin`; returns (success, stdout).
fn regiochem(args: &[&str], stdin: &str) -> (bool, String) {
    use clap::Parser;
    let mut out = Vec::new();
    let cli = regiochem_cli::Cli::try_parse_from(
        std::iter::once("regiochem").chain(args.iter().copied()),
    )
    .unwrap();
    let result = {
        let mut io = regiochem_cli::Io {
            stdin: Box::new(std::io::Cursor::new(stdin.as_bytes().to_vec())),
            stdout: Box::new(&mut out),
            stderr: Box::new(std::io::sink()),
        };
        regiochem_cli::run(cli, &mut io)
    };
    let ok = matches!(result, Ok(status) if status == regiochem_cli::Status::SUCCESS);
    (ok, String::from_utf8(out).unwrap())
}

#[test]
fn depict_json_lists_heavy_atoms_in_input_order() {
    let (ok, out) = regiochem(
        &["depict", "--json"],
        "C1CNCCN1C([H])=O piperazine\nC1CC(\n",
    );
    assert!(!ok, "a bad line makes the exit status non-zero");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    assert_eq!(first["title"], "piperazine");
    assert_eq!(first["smiles"], "C1CNCCN1C([H])=O");
    let atoms = first["atoms"].as_array().unwrap();
    let indices: Vec<u64> = atoms.iter().map(|a| a["index"].as_u64().unwrap()).collect();
    assert_eq!(indices, vec![0, 1, 2, 3, 4, 5, 6, 8]);
    assert_eq!(atoms[2]["symbol"], "N");
    // Bonds between heavy atoms only, unit length.
    let bonds = first["bonds"].as_array().unwrap();
    assert_eq!(bonds.len(), 8);
    let position = |i: u64| {
        let atom = atoms.iter().find(|a| a["index"] == i).unwrap();
        (atom["x"].as_f64().unwrap(), atom["y"].as_f64().unwrap())
    };
    for bond in bonds {
        let (a, b) = (
            position(bond["begin"].as_u64().unwrap()),
            position(bond["end"].as_u64().unwrap()),
        );
        let length = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        assert!((length - 1.0).abs() < 0.01, "{bond}: {length}");
    }
    assert_eq!(lines[1]["error"]["code"], "smiles::unclosed_branch");
}

#[test]
fn depict_svg_snapshots() {
    for (name, args) in [
        (
            "nitrobenzyl_homopiperazine",
            vec![
                "depict",
                "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1 seed",
                "--highlight",
                "[NX3;H1]",
            ],
        ),
        ("boc_abbreviated", vec!["depict", "CC(C)(C)OC(=O)N1CCCNCC1"]),
        (
            "boc_written_out",
            vec!["depict", "CC(C)(C)OC(=O)N1CCCNCC1", "--no-abbreviations"],
        ),
        (
            "stereo_bridged",
            vec!["depict", "C[C@H]1CN(C(=O)/C=C/c2ccccc2)C2CCC1N2"],
        ),
    ] {
        let (ok, first) = regiochem(&args, "");
        let (_, second) = regiochem(&args, "");
        assert!(ok, "{name}");
        assert_eq!(first, second, "{name}: not deterministic");
        insta::assert_snapshot!(format!("depict_{name}"), first);
    }
}

#[test]
fn plan_html_is_one_deterministic_self_contained_page() {
    let target = "Fc1ccc(CN2CCCNCC2)c(F)c1";
    let (ok, first) = regiochem(&["plan", target, "--format", "html"], "");
    assert!(ok);
    let (_, second) = regiochem(&["plan", target, "--format", "html"], "");
    assert_eq!(first, second, "not byte-identical");
    assert!(first.starts_with("<!DOCTYPE html>"));
    assert!(!first.contains("<script"));
    assert!(!first.contains("src=\""));
    // The target, and per route a scheme of at least two structures and an arrow.
    assert!(first.matches("<svg").count() >= 4, "{first}");
    assert!(
        first.contains("<nav>"),
        "several routes get a table of contents"
    );
    assert!(first.contains("Predicted mixture"));
    assert!(
        first.contains("N1") && first.contains("N4"),
        "sites labelled"
    );
    let (ok, scheme) = regiochem(&["plan", target, "--format", "svg"], "");
    assert!(ok);
    assert!(scheme.starts_with("<svg") && scheme.trim_end().ends_with("</svg>"));
    assert!(
        scheme.contains("Boc"),
        "the protected intermediate is drawn abbreviated"
    );
}

#[test]
fn validate_html_shows_each_step() {
    let target = "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1";
    let (ok, route) = regiochem(&["plan", target, "--format", "route"], "");
    assert!(ok);
    let path = std::env::temp_dir().join(format!("regiochem-depict-{}.route", std::process::id()));
    std::fs::write(&path, route).unwrap();
    let (_, page) = regiochem(
        &["validate", path.to_str().unwrap(), "--format", "html"],
        "",
    );
    let _ = std::fs::remove_file(&path);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Step 1") && page.contains("Route check"));
    assert!(!page.contains("<script"));
}
