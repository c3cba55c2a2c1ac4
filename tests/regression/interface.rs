//! Defects of the command line: argument handling, input streams, output and diagnostics.

use std::io::{self, Write};

use clap::Parser;
use regiochem_cli::{Cli, Io, Status, run};

use crate::cli::{regiochem, regiochem_bytes};

/// The canonical SMILES of `smiles` (so that these tests do not pin the canonical form).
fn canonical(smiles: &str) -> String {
    smiles
        .parse::<regiochem_mol::Molecule>()
        .unwrap()
        .to_string()
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "regiochem-regression-{name}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Issue 8: an error at column 65,536 or later panicked in miette's graphical renderer (its
/// padding width is a u16) and printed the whole line per error.
#[test]
fn an_error_past_column_65535_is_reported_not_a_panic() {
    let chain = "C".repeat(70_000);
    let (status, _, err) = regiochem(&["parse", &format!("{chain}(")], "");
    assert_eq!(status, 2);
    assert!(
        err.contains("smiles:1:70001: smiles::unclosed_branch"),
        "{err}"
    );
    assert!(err.len() < 1_000, "{} bytes", err.len());

    let scratch = Scratch::new("column");
    let route = scratch.file("long.route", format!("{chain}>>C(\n").as_bytes());
    let (status, _, err) = regiochem(&["validate", &route], "");
    assert_eq!(status, 2);
    assert!(err.contains(":1:70004: route::bad_smiles"), "{err}");
    assert!(err.len() < 1_000, "{} bytes", err.len());

    let rules = scratch.file("long.rules", format!("{chain} x\n").as_bytes());
    let (status, _, err) = regiochem(
        &[
            "predict",
            "C1CNCCNC1",
            "--reagent",
            "Boc2O",
            "--rules",
            &rules,
        ],
        "",
    );
    assert_eq!(status, 2);
    assert!(err.contains(":1:1: rules::bad_line"), "{err}");
}

/// Issue 8: `plan --time-limit 1e20` panicked converting the seconds to a Duration; a limit
/// past what a Duration holds is no limit.
#[test]
fn plan_time_limit_past_a_duration_is_no_limit() {
    let (status, out, err) = regiochem(
        &[
            "plan",
            "CC(=O)N1CCCNCC1",
            "--time-limit",
            "1e20",
            "--nodes",
            "20",
        ],
        "",
    );
    assert_eq!(status, 0, "{err}");
    assert!(
        out.starts_with(&format!("target  {}\n", canonical("CC(=O)N1CCCNCC1"))),
        "{out}"
    );
    let (status, _, err) = regiochem(&["plan", "CC(=O)N1CCCNCC1", "--time-limit", "inf"], "");
    assert_eq!(status, 2);
    assert!(
        err.contains("--time-limit must be a positive number"),
        "{err}"
    );
}

/// Issue 8: a line without end (`check < /dev/zero`, one 50 MB line) was held in memory
/// whole; now a line longer than `--max-line-bytes` is `input::line_too_long`, skipped without
/// being buffered, and reading goes on.
#[test]
fn a_line_longer_than_the_cap_is_skipped_and_reading_goes_on() {
    let mut input = b"CCO\n".to_vec();
    input.extend(std::iter::repeat_n(b'C', 5_000_000));
    input.extend_from_slice(b"\nCCN\n");
    let (status, out, err) = regiochem_bytes(&["check"], &input);
    assert_eq!(status, 2);
    assert_eq!(out, "3 molecules: 2 ok, 1 errors\n");
    assert!(err.contains("line 2: input::line_too_long"), "{err}");
    // The flag raises the cap.
    let (status, out, _) = regiochem_bytes(&["check", "--max-line-bytes", "6000000"], &input);
    assert_eq!((status, out.as_str()), (0, "3 molecules: 3 ok, 0 errors\n"));
    // `parse` gives the line its error record.
    let (_, out, _) = regiochem_bytes(&["parse", "--max-line-bytes", "100"], &input);
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 3);
    assert_eq!(records[1]["error"]["code"], "input::line_too_long");
}

/// Issue 8: 2,000 bad `key=value` words on one route line took 20 s and printed 59 MB; 16,000
/// duplicate headers 10 s. Errors are capped per line and per file, then "and N more".
#[test]
fn route_errors_are_capped_per_line_and_per_file() {
    let scratch = Scratch::new("route-errors");
    let words = format!("C>>C{}\n", " bad".repeat(2_000));
    let route = scratch.file("words.route", words.as_bytes());
    let (status, _, err) = regiochem(&["validate", &route], "");
    assert_eq!(status, 2);
    assert!(err.contains("11 error(s) in the route"), "{err}");
    let headers = format!("C>>C\n{}", "# why: again\n".repeat(16_000));
    let route = scratch.file("headers.route", headers.as_bytes());
    let (status, _, err) = regiochem(&["validate", &route], "");
    assert_eq!(status, 2);
    assert!(err.contains("101 error(s) in the route"), "{err}");
    let (_, errors) = regiochem_planner::Route::read(&headers);
    assert_eq!(
        errors
            .last()
            .map(regiochem_planner::RouteError::stable_code),
        Some("route::too_many_errors")
    );
    // 15,999 duplicates: 100 shown, 15,899 counted.
    assert!(
        errors
            .last()
            .unwrap()
            .to_string()
            .contains("and 15899 more")
    );
}

/// Issue 8: 16,000 bad rules lines took 10 s (every error rendered against the whole file,
/// duplicate names found by a linear search per entry); now at most 100 errors and one
/// `rules::too_many_errors`.
#[test]
fn rules_errors_are_capped_per_file() {
    let text = "not a rule line\n".repeat(16_000);
    let error = regiochem_rules::ruleset::RuleSet::parse(&text).unwrap_err();
    assert_eq!(error.errors.len(), 101);
    assert_eq!(error.errors[100].stable_code(), "rules::too_many_errors");
    assert!(error.errors[100].to_string().contains("and 15900 more"));
    let many = (0..16_000)
        .map(|i| format!("rule r{i}\n  class protect\n  template [N:1]>>[N:1]C\n  rate x\n"))
        .collect::<String>();
    let error = regiochem_rules::ruleset::RuleSet::parse(&many).unwrap_err();
    assert_eq!(error.errors.len(), 101);
}

/// Issue 8: `batch` dropped blank lines, so output line n was not about input line n.
#[test]
fn batch_gives_every_input_line_a_record() {
    let input = "CC(=O)N1CCCNCC1 acetyl\n\n# a comment\n   \nCCO ethanol\n";
    let (status, out, _) = regiochem(&["batch", "--jobs", "1", "--nodes", "20"], input);
    assert_eq!(status, 0);
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 5);
    assert_eq!(records[0]["title"], "acetyl");
    assert_eq!(
        records[1],
        serde_json::json!({"title": "", "input": "", "skipped": "blank"})
    );
    assert_eq!(records[2]["skipped"], "comment");
    assert_eq!(records[2]["input"], "# a comment");
    assert_eq!(records[3]["skipped"], "blank");
    assert_eq!(records[4]["title"], "ethanol");
}

/// Issue 8: a non-UTF-8 route, rules or stock file was reported as `input::not_found`.
#[test]
fn a_file_that_is_not_utf8_says_so_with_the_offset() {
    let scratch = Scratch::new("utf8");
    let bad = scratch.file("bad.txt", b"C>>C\n# caf\xe9\n");
    let (status, _, err) = regiochem(&["validate", &bad], "");
    assert_eq!(status, 2);
    assert!(err.contains("invalid byte at offset 10"), "{err}");
    assert!(err.contains("[input::not_utf8]"), "{err}");
    let (_, _, err) = regiochem(
        &["predict", "C1CNCCNC1", "--reagent", "TFA", "--rules", &bad],
        "",
    );
    assert!(err.contains("[input::not_utf8]"), "{err}");
    let (_, _, err) = regiochem(&["plan", "C1CNCCNC1", "--stock", &bad], "");
    assert!(err.contains("[input::not_utf8]"), "{err}");
    let (_, _, err) = regiochem(&["validate", "/no/such/route"], "");
    assert!(err.contains("[input::not_found]"), "{err}");
}

/// Issue 8: `C/C=C/C` was taken for a missing file, and `/dev/stdin` and `/dev/null` were
/// refused; an argument is a file when something by that name exists, else a SMILES.
#[test]
fn an_argument_is_a_file_when_it_exists_else_a_smiles() {
    let (status, out, _) = regiochem(&["canon", "C/C=C/C"], "");
    assert_eq!((status, out), (0, format!("{}\n", canonical("C/C=C/C"))));
    let (status, out, _) = regiochem(&["check", "/dev/null"], "");
    assert_eq!((status, out.as_str()), (0, "0 molecules: 0 ok, 0 errors\n"));
    let (status, out, _) = regiochem(&["canon", "-"], "OCC\n");
    assert_eq!((status, out), (0, format!("{}\n", canonical("OCC"))));
}

/// Issue 8: `sites`, `predict` and `plan` needed an argument although the README says every
/// command reads standard input without one.
#[test]
fn single_molecule_commands_read_standard_input() {
    let (status, out, _) = regiochem(&["sites", "--json"], "C1CNCCNC1 homopiperazine\n");
    assert_eq!(status, 0);
    let expected = format!("{{\"smiles\":\"{}\"", canonical("C1CNCCNC1"));
    assert!(out.starts_with(&expected), "{out}");
    let (status, out, _) = regiochem(&["predict", "--reagent", "Boc2O", "--json"], "C1CNCCNC1\n");
    assert_eq!(status, 0);
    let expected = format!("\"substrate\":\"{}\"", canonical("C1CNCCNC1"));
    assert!(out.contains(&expected), "{out}");
    let (status, out, _) = regiochem(&["plan", "-", "--nodes", "20"], "\nCC(=O)N1CCCNCC1\n");
    assert_eq!(status, 0);
    assert!(
        out.starts_with(&format!("target  {}\n", canonical("CC(=O)N1CCCNCC1"))),
        "{out}"
    );
    let (status, _, err) = regiochem(&["sites"], "CCN\nCCO\n");
    assert_eq!(status, 2);
    assert!(err.contains("[usage::one_molecule]"), "{err}");
    let (status, _, err) = regiochem(&["sites"], "");
    assert_eq!(status, 2);
    assert!(err.contains("holds no molecule"), "{err}");
}

/// A writer whose reader has gone: every write fails with a broken pipe.
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

/// Issue 8: `canon big.smi | head -1` printed "cannot write output: Broken pipe" and exited 2;
/// a closed pipe ends the run quietly with status 0, as ripgrep does.
#[test]
fn a_closed_output_pipe_is_a_quiet_success() {
    for args in [
        ["regiochem", "canon"],
        ["regiochem", "parse"],
        ["regiochem", "batch"],
        ["regiochem", "reagents"],
    ] {
        let cli = Cli::try_parse_from(args).unwrap();
        let mut err = Vec::new();
        let status = {
            let mut io = Io {
                stdin: Box::new(io::Cursor::new(b"CCO\nCCN\n".to_vec())),
                stdout: Box::new(ClosedPipe),
                stderr: Box::new(&mut err),
            };
            run(cli, &mut io)
        };
        assert_eq!(status.unwrap(), Status::SUCCESS, "{args:?}");
        assert!(
            err.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&err)
        );
    }
}

/// Issue 8: `validate` read the JSON tree that `plan --json` writes as text and printed 88
/// errors; JSON is told apart by content, and AiZynthFinder's and rxnutils' plain trees read.
#[test]
fn validate_reads_reaction_trees() {
    let (status, plan, _) = regiochem(
        &["plan", "Fc1ccc(CN2CCCNCC2)c(F)c1", "--json", "--top", "2"],
        "",
    );
    assert_eq!(status, 0);
    let scratch = Scratch::new("trees");
    let report = scratch.file("plan.json", plan.as_bytes());
    let (status, out, err) = regiochem(&["validate", &report, "--json"], "");
    assert_eq!(status, 0, "{err}");
    let routes = serde_json::from_str::<serde_json::Value>(&plan).unwrap()["routes"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(out.lines().count(), routes);
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let tree = scratch.file(
        "tree.json",
        plan["routes"][0]["tree"].to_string().as_bytes(),
    );
    let (status, out, _) = regiochem(&["validate", &tree, "--json"], "");
    assert_eq!(status, 0);
    let validation: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(validation["target"], canonical("Fc1ccc(CN2CCCNCC2)c(F)c1"));

    let aizynth = regiochem_testkit::fixture("routes/json/aizynthfinder-nitrobenzyl-boc.json");
    let (status, out, err) = regiochem(&["validate", aizynth.to_str().unwrap(), "--json"], "");
    assert!(status <= 1, "{err}");
    let validation: serde_json::Value = serde_json::from_str(&out).unwrap();
    let steps: Vec<&str> = validation["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reaction_smiles"].as_str().unwrap())
        .collect();
    // The forward steps, read from the retro reaction SMILES' node structure.
    let expected: regiochem_planner::Route = "CC(C)(C)OC(=O)N1CCCNCC1.O=[N+]([O-])c1ccc(CBr)cc1>>CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1\n\
         CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1>>O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1\n"
        .parse()
        .unwrap();
    let expected: Vec<String> = expected
        .steps
        .iter()
        .map(regiochem_planner::Reaction::reaction_smiles)
        .collect();
    assert_eq!(steps, expected);
    let rxnutils = regiochem_testkit::fixture("routes/json/rxnutils-list-boc-homopiperazine.json");
    let (status, out, err) = regiochem(&["validate", rxnutils.to_str().unwrap(), "--json"], "");
    assert!(status <= 1, "{err}");
    let validation: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(validation["target"], canonical("CC(C)(C)OC(=O)N1CCCNCC1"));
    assert_eq!(validation["steps"].as_array().unwrap().len(), 1);

    let broken = scratch.file("broken.json", b"{\"type\": \"mol\", \"smiles\": \"C(\"}");
    let (status, _, err) = regiochem(&["validate", &broken], "");
    assert_eq!(status, 2);
    assert!(err.contains("[route::bad_tree]"), "{err}");
}

/// Issue 8: reagent names matched only exactly (up to case), and an unknown name listed every
/// name on one line.
#[test]
fn reagent_names_match_loosely_and_unknown_ones_get_suggestions() {
    for name in ["H2, Pd/C", "H2,Pd/C", "h2 pd/c"] {
        let (status, out, err) = regiochem(
            &[
                "predict",
                "O=C(OCc1ccccc1)N1CCCNCC1",
                "--reagent",
                name,
                "--json",
            ],
            "",
        );
        assert_eq!(status, 0, "{name}: {err}");
        assert!(out.contains("hydrogenolysis"), "{name}: {out}");
    }
    let cli =
        Cli::try_parse_from(["regiochem", "predict", "C1CNCCNC1", "--reagent", "Boc20"]).unwrap();
    let mut io = Io {
        stdin: Box::new(io::empty()),
        stdout: Box::new(io::sink()),
        stderr: Box::new(io::sink()),
    };
    let report = run(cli, &mut io).unwrap_err();
    let help = report.help().unwrap().to_string();
    assert!(help.starts_with("did you mean `Boc2O`?"), "{help}");
    assert!(help.lines().count() > 10, "one name per line: {help}");
}

/// Issue 8: there was no way to see the reagent library but reading its data file.
#[test]
fn reagents_lists_the_library() {
    let (status, out, _) = regiochem(&["reagents", "--json"], "");
    assert_eq!(status, 0);
    let entries: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let library = regiochem_rules::reagents::ReagentLibrary::standard().unwrap();
    assert_eq!(entries.len(), library.reagents().len());
    let boc = entries.iter().find(|e| e["name"] == "Boc2O").unwrap();
    assert_eq!(boc["role"], "co-reactant");
    for key in ["aliases", "smiles", "conditions", "note"] {
        assert!(boc.get(key).is_some(), "missing {key}");
    }
    let (status, out, _) = regiochem(&["reagents"], "");
    assert_eq!(status, 0);
    assert!(out.contains("H2, Pd/C  (agent)\n"), "{out}");
}

/// Issue 8: the CLI test harness mapped every non-zero exit to 2; exit 1 (a validated route
/// fails) and 2 (bad input) are now told apart.
#[test]
fn exit_statuses_are_told_apart() {
    let fail = regiochem_testkit::fixture("routes/valid/01-nitrobenzyl-cbz-h2.route");
    let (status, _, _) = regiochem(&["validate", fail.to_str().unwrap()], "");
    assert_eq!(status, 1);
    let (status, _, _) = regiochem(&["validate", "/no/such/route"], "");
    assert_eq!(status, 2);
    let (status, _, _) = regiochem(&["predict", "C1CNCCNC1"], "");
    assert_eq!(status, 2);
}

/// Issue 12 after the pipeline's contract change: `validate --format html` read a step's
/// mixture from `predicted`, which validate steps had renamed `products`, and drew every
/// mixture chart empty.
#[test]
fn validate_html_draws_each_steps_mixture() {
    let scratch = Scratch::new("validate-html");
    let route = scratch.file(
        "route.txt",
        b"C1CNCCN(C1)C(=O)OC(C)(C)C.BrCc1ccccc1>CC#N.O=C([O-])[O-].[K+].[K+]>C(N1CCN(CCC1)C(=O)OC(C)(C)C)c1ccccc1\n",
    );
    let (status, html, err) = regiochem(&["validate", &route, "--format", "html"], "");
    assert!(status <= 1, "{err}");
    let bars = html.matches("<rect x=\"250\"").count();
    assert!(bars >= 1, "no mixture bar in the page");
}

/// Issue 10: `predict --json` wrote `"conditions": []` with `--acid 1`, and neither the acid nor
/// the equivalents used were recorded.
#[test]
fn predict_json_records_the_acid_eq_and_the_shield() {
    let (code, out, _) = regiochem(
        &[
            "predict",
            "C1CNCCNC1",
            "--with",
            "CC(=O)Cl",
            "--agents",
            "ClCCl",
            "--acid",
            "1",
            "--json",
        ],
        "",
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["acid"], 1.0);
    assert_eq!(v["equivalents"], 1.0);
    assert_eq!(v["options"], "acid=1");
    assert!(
        v["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "acid-base-shield"),
        "{out}"
    );
}

/// Issue 10: `validate`'s text output left out the rules' notes (Fieser, 0.005 M, 1 M `NaOH`).
#[test]
fn validate_text_shows_the_notes() {
    let scratch = Scratch::new("validate-notes");
    let file = scratch.file(
        "boc.route",
        b"CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1>OC(=O)C(F)(F)F.ClCCl>c1ccc(CN2CCCNCC2)cc1\n",
    );
    let (_, out, _) = regiochem(&["validate", &file], "");
    assert!(out.contains("  note  "), "{out}");
}

/// Issue 10: the hazards list was empty on every card.
#[test]
fn plan_cards_list_hazards() {
    let (code, out, _) = regiochem(&["plan", "Fc1ccc(CN2CCCNCC2)c(F)c1", "--top", "1"], "");
    assert_eq!(code, 0);
    assert!(out.contains("! hazard: TFA:"), "{out}");
}
