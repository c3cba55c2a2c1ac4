//! The command line, run in-process through `regiochem_cli::run`.

use std::io::Cursor;

use clap::{CommandFactory, Parser};
use regiochem_cli::{Cli, Io, run};

/// Runs `regiochem ARGS` with `stdin`; returns (exit status, stdout, stderr or the error).
pub(crate) fn regiochem(args: &[&str], stdin: &str) -> (u8, String, String) {
    regiochem_bytes(args, stdin.as_bytes())
}

/// [`regiochem`] with standard input as bytes; stdout and stderr are read lossily.
pub(crate) fn regiochem_bytes(args: &[&str], stdin: &[u8]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let cli =
        Cli::try_parse_from(std::iter::once("regiochem").chain(args.iter().copied())).unwrap();
    let result = {
        let mut io = Io {
            stdin: Box::new(Cursor::new(stdin.to_vec())),
            stdout: Box::new(&mut out),
            stderr: Box::new(&mut err),
        };
        run(cli, &mut io)
    };
    let mut err = String::from_utf8_lossy(&err).into_owned();
    let status = match result {
        Ok(status) => status.code(),
        Err(report) => {
            err.push_str(&format!("{report}"));
            if let Some(code) = report.code() {
                err.push_str(&format!("\n[{code}]"));
            }
            2
        }
    };
    (status, String::from_utf8_lossy(&out).into_owned(), err)
}

#[test]
fn command_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn parse_prints_one_record_per_line() {
    let input =
        "C1CNCCNC1 homopiperazine\nC1CCC broken\n[2H]C([H])([H])[H] methane-d1\n\nc1ccccc1\n";
    let (status, out, _) = regiochem(&["parse"], input);
    assert_eq!(status, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn parse_rejects_bad_bytes_without_stopping() {
    let mut input = b"CCO ethanol\nC\xffC\nC\0C\nCCN\n".to_vec();
    input.extend_from_slice(b"c1cccc1\n");
    let mut out = Vec::new();
    let mut err = Vec::new();
    let cli = Cli::try_parse_from(["regiochem", "parse"]).unwrap();
    {
        let mut io = Io {
            stdin: Box::new(Cursor::new(input)),
            stdout: Box::new(&mut out),
            stderr: Box::new(&mut err),
        };
        run(cli, &mut io).unwrap();
    }
    let out = String::from_utf8(out).unwrap();
    let codes: Vec<String> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["error"]["code"]
                .as_str()
                .map_or_else(|| v["smiles"].as_str().unwrap().to_owned(), str::to_owned)
        })
        .collect();
    assert_eq!(
        codes,
        [
            "CCO",
            "input::not_utf8",
            "input::nul_byte",
            "CCN",
            "mol::kekulize"
        ]
    );
}

#[test]
fn canon_keeps_line_count_and_titles() {
    let (status, out, err) = regiochem(&["canon"], "OCC ethanol\nC1CC\nCCO\n");
    assert_eq!(status, 0);
    assert_eq!(out, "CCO\tethanol\n\nCCO\n");
    insta::assert_snapshot!(err);
}

#[test]
fn check_summarises() {
    let (status, out, err) = regiochem(&["check"], "C\nN(C)(C)(C)C\nc1ccccc1\n");
    assert_eq!(status, 2);
    assert_eq!(out, "3 molecules: 2 ok, 1 errors\n");
    assert!(err.contains("line 2: mol::valence at byte 0"), "{err}");
    let (status, out, _) = regiochem(&["check", "--lenient"], "C\nN(C)(C)(C)C\n");
    assert_eq!((status, out.as_str()), (0, "2 molecules: 2 ok, 0 errors\n"));
}

#[test]
fn single_bad_smiles_is_a_caret_diagnostic() {
    let (status, out, err) = regiochem(&["parse", "C1CC(C"], "");
    assert_eq!(status, 2);
    assert_eq!(out, "");
    assert!(err.contains("unclosed branch"), "{err}");
    // No such file: the argument is read as a SMILES, and the error says why.
    let (status, _, err) = regiochem(&["canon", "missing/file.smi"], "");
    assert_eq!(status, 2);
    assert!(
        err.contains("no file named `missing/file.smi` exists"),
        "{err}"
    );
}

#[test]
fn match_prints_matching_lines_like_grep() {
    let input = "C1CNCCNC1 homopiperazine\nCCO ethanol\nCC(C)(C)OC(=O)N1CCCNCC1 boc\n";
    let (status, out, err) = regiochem(&["match", "[NX3;H1;R]"], input);
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "C1CNCCNC1 homopiperazine\nCC(C)(C)OC(=O)N1CCCNCC1 boc\n"
    );
    let (status, out, _) = regiochem(&["match", "c1ccccc1", "--count"], "c1ccccc1O\nCCO\n");
    assert_eq!((status, out.as_str()), (0, "1\n"));
    let (_, _, err) = regiochem(&["match", "N", "--count", "--stats"], "N\n");
    assert!(
        err.starts_with("1 molecules, 0 errors, 1 matching; matching "),
        "{err}"
    );
    let (status, _, err) = regiochem(&["match", "C[Q]"], "CCO\n");
    assert_eq!(status, 2);
    assert!(err.contains("unknown atom primitive"), "{err}");
}

#[test]
fn sites_json_has_the_contract_fields() {
    let (status, out, _) = regiochem(&["sites", "CC(C)(C)OC(=O)N1CCCNCC1", "--json"], "");
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sites = value["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 2);
    for key in [
        "atom",
        "label",
        "class",
        "symmetry_class",
        "pka",
        "nucleophilicity",
    ] {
        assert!(sites[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(sites[1]["label"], "N4");
    assert_eq!(sites[1]["class"], "secondary");
    assert_eq!(value["smiles"], "CC(C)(C)OC(=O)N1CCNCCC1");
}

#[test]
fn sites_table_for_people() {
    let (status, out, _) = regiochem(&["sites", "C1CNCCNC1"], "");
    assert_eq!(status, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn predict_json_has_the_contract_fields() {
    let (status, out, _) = regiochem(
        &[
            "predict",
            "C1CNCCNC1",
            "--reagent",
            "Boc2O",
            "--acid",
            "1",
            "--json",
        ],
        "",
    );
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "substrate",
        "conditions",
        "products",
        "unreacted",
        "findings",
    ] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    let first = &value["products"][0];
    assert_eq!(first["smiles"], "CC(C)(C)OC(=O)N1CCNCCC1");
    assert_eq!(first["sites"], "N1");
    assert!(first["fraction"].as_f64().unwrap() > 0.8);
}

#[test]
fn predict_table_for_people() {
    let (status, out, _) = regiochem(
        &[
            "predict",
            "CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1",
            "--agents",
            "[H][H].[Pd].CO",
        ],
        "",
    );
    assert_eq!(status, 0);
    insta::assert_snapshot!(out);
}

/// Defect: `predict ACID --with AMINE` (the protected reactant written as the substrate, as
/// patents record it) predicted no reaction; the two are exchanged and the amide is made under
/// the acid's default conditions, and the note says so.
#[test]
fn predict_exchanges_an_electrophile_substrate_and_an_amine_co_reactant() {
    let (status, out, _) = regiochem(
        &[
            "predict",
            "CC(C)(C)OC(=O)NCC(=O)O",
            "--with",
            "NCc1ccccc1",
            "--json",
        ],
        "",
    );
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["substrate"], "NCc1ccccc1");
    assert_eq!(
        value["products"][0]["smiles"],
        "CC(C)(C)OC(=O)NCC(=O)NCc1ccccc1"
    );
    let findings = value["findings"].to_string();
    assert!(findings.contains("were exchanged"), "{findings}");
    assert!(findings.contains("HATU"), "{findings}");
    // Written the usual way round, nothing is exchanged.
    let (status, out, _) = regiochem(
        &[
            "predict",
            "NCc1ccccc1",
            "--with",
            "CC(C)(C)OC(=O)NCC(=O)O",
            "--json",
        ],
        "",
    );
    assert_eq!(status, 0);
    assert!(!out.contains("were exchanged"), "{out}");
}

#[test]
fn predict_rejects_unknown_reagents_and_meaningless_combinations() {
    let (status, _, err) = regiochem(&["predict", "C1CNCCNC1", "--reagent", "unobtainium"], "");
    assert_eq!(status, 2);
    assert!(err.contains("unknown reagent `unobtainium`"), "{err}");
    let (status, _, err) = regiochem(&["predict", "C1CNCCNC1"], "");
    assert_eq!(status, 2);
    assert!(err.contains("nothing to react with"), "{err}");
    let (status, _, err) = regiochem(
        &["predict", "C1CNCCNC1", "--reagent", "TFA", "--eq", "2"],
        "",
    );
    assert_eq!(status, 2);
    assert!(err.contains("--eq counts co-reactant"), "{err}");
    let (status, _, err) = regiochem(
        &["predict", "C1CNCCNC1", "--reagent", "Boc2O", "--eq", "0"],
        "",
    );
    assert_eq!(status, 2);
    assert!(err.contains("--eq must be"), "{err}");
    let (status, _, err) = regiochem(&["predict", "C1CN(CC", "--reagent", "Boc2O"], "");
    assert_eq!(status, 2);
    assert!(err.contains("unclosed branch"), "{err}");
}

#[test]
fn predict_reads_extra_rules_and_reports_their_errors() {
    let dir = std::env::temp_dir().join(format!("regiochem-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.rules");
    std::fs::write(
        &good,
        "rule acetyl-off-by-acid\n  class deprotect\n  when acid\n  template [N:1]C(=O)[CH3]>>[N:1]\n",
    )
    .unwrap();
    let (status, out, _) = regiochem(
        &[
            "predict",
            "CC(=O)N1CCCNCC1",
            "--reagent",
            "TFA",
            "--rules",
            good.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    assert_eq!(status, 0);
    assert!(out.contains("\"smiles\":\"C1CNCCCN1\""), "{out}");
    let bad = dir.join("bad.rules");
    std::fs::write(
        &bad,
        "rule x\n  class nonsense\n  when moonlight\n  template [N:1]>>[N:1]\n",
    )
    .unwrap();
    let (status, _, err) = regiochem(
        &[
            "predict",
            "C1CNCCNC1",
            "--reagent",
            "TFA",
            "--rules",
            bad.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(status, 2);
    assert!(err.contains("error(s) in the rules file"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_exit_status_follows_the_verdict() {
    let pass = regiochem_testkit::fixture("routes/valid/01-nitrobenzyl-boc.route");
    let (status, out, _) = regiochem(&["validate", pass.to_str().unwrap(), "--json"], "");
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["target", "verdict", "overall_yield", "steps"] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    for key in [
        "index",
        "reaction_smiles",
        "verdict",
        "products",
        "yield",
        "findings",
    ] {
        assert!(value["steps"][0].get(key).is_some(), "missing step {key}");
    }
    assert_eq!(value["verdict"], "pass");

    let fail = regiochem_testkit::fixture("routes/valid/01-nitrobenzyl-cbz-h2.route");
    let cli = Cli::try_parse_from(["regiochem", "validate", fail.to_str().unwrap()]).unwrap();
    let mut out = Vec::new();
    let code = {
        let mut io = Io {
            stdin: Box::new(Cursor::new(Vec::new())),
            stdout: Box::new(&mut out),
            stderr: Box::new(Vec::new()),
        };
        run(cli, &mut io).unwrap()
    };
    assert_eq!(code, regiochem_cli::Status::FAILURE);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("verdict        fail"), "{text}");
    assert!(text.contains("wrong-product"), "{text}");

    let bad = regiochem_testkit::fixture("routes/invalid");
    let first = std::fs::read_dir(bad)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let (status, _, err) = regiochem(&["validate", first.to_str().unwrap()], "");
    assert_eq!(status, 2);
    assert!(err.contains("route"), "{err}");
}

#[test]
fn plan_json_has_the_contract_fields_and_route_format_validates() {
    let (status, out, _) = regiochem(
        &["plan", "Fc1ccc(CN2CCCNCC2)c(F)c1", "--json", "--top", "2"],
        "",
    );
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["target", "routes", "stop_reason", "stats"] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    let route = &value["routes"][0];
    for key in [
        "rank",
        "score",
        "predicted_yield",
        "in_stock",
        "steps",
        "tree",
    ] {
        assert!(route.get(key).is_some(), "missing route {key}");
    }
    for key in [
        "reaction_smiles",
        "product",
        "predicted",
        "findings",
        "procedure",
    ] {
        assert!(route["steps"][0].get(key).is_some(), "missing step {key}");
    }
    assert_eq!(route["tree"]["type"], "mol");
    assert_eq!(route["tree"]["children"][0]["type"], "reaction");

    let (status, text, _) = regiochem(
        &["plan", "Fc1ccc(CN2CCCNCC2)c(F)c1", "--format", "route"],
        "",
    );
    assert_eq!(status, 0);
    let dir = std::env::temp_dir().join(format!("regiochem-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("best.route");
    std::fs::write(&file, &text).unwrap();
    let (status, out, _) = regiochem(&["validate", file.to_str().unwrap(), "--json"], "");
    assert_eq!(status, 0, "{text}\n{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_format_ord_writes_one_reaction_per_step_with_predicted_yields() {
    let target = "Fc1ccc(CN2CCCNCC2)c(F)c1";
    let (_, json, _) = regiochem(&["plan", target, "--json", "--top", "2"], "");
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (status, out, _) = regiochem(&["plan", target, "--format", "ord", "--top", "2"], "");
    assert_eq!(status, 0);
    let dataset: serde_json::Value = serde_json::from_str(&out).unwrap();
    let reactions = dataset["reactions"].as_array().unwrap();
    let steps: Vec<&serde_json::Value> = plan["routes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["steps"].as_array().unwrap())
        .collect();
    assert_eq!(reactions.len(), steps.len());
    for (reaction, step) in reactions.iter().zip(steps) {
        let smiles = reaction["identifiers"][0]["value"].as_str().unwrap();
        assert_eq!(reaction["identifiers"][0]["type"], "REACTION_SMILES");
        assert!(
            step["reaction_smiles"]
                .as_str()
                .unwrap()
                .starts_with(smiles)
        );
        let inputs = reaction["inputs"].as_object().unwrap();
        assert_eq!(
            inputs.len(),
            step["procedure"]["materials"].as_array().unwrap().len()
        );
        for input in inputs.values() {
            let component = &input["components"][0];
            assert!(
                component["amount"]
                    .as_object()
                    .is_some_and(|a| a.len() == 1)
            );
            assert!(component["reactionRole"].is_string());
        }
        let products = reaction["outcomes"][0]["products"].as_array().unwrap();
        assert_eq!(products[0]["isDesiredProduct"], true);
        assert_eq!(products[0]["identifiers"][0]["value"], step["product"]);
        let measured = &products[0]["measurements"][0];
        assert_eq!(measured["type"], "YIELD");
        let predicted = step["yield"].as_f64().unwrap() * 100.0;
        assert!((measured["percentage"]["value"].as_f64().unwrap() - predicted).abs() < 0.01);
        let key = measured["analysisKey"].as_str().unwrap();
        assert_eq!(reaction["outcomes"][0]["analyses"][key]["type"], "CUSTOM");
        assert_eq!(
            reaction["provenance"]["recordCreated"]["person"]["username"],
            "regiochem"
        );
        assert!(reaction["conditions"]["temperature"]["setpoint"]["value"].is_number());
    }
}

#[test]
fn batch_keeps_input_order_and_reports_bad_lines() {
    let input = "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1 nitro\nC1CN( broken\nCCO ethanol\nCC(=O)N1CCCNCC1 acetyl\n";
    let (status, out, _) = regiochem(&["batch", "--jobs", "2"], input);
    assert_eq!(status, 0);
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let titles: Vec<&str> = records
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["nitro", "broken", "ethanol", "acetyl"]);
    assert_eq!(records[1]["error"]["code"], "smiles::unclosed_branch");
    assert_eq!(records[2]["stop_reason"]["kind"], "out-of-scope");
    assert!(!records[3]["routes"].as_array().unwrap().is_empty());
}

/// More lines than the batch window (256 read and not yet written) with three workers: every
/// output line is about its input line, in order, across the window's refills.
#[test]
fn batch_keeps_input_order_past_its_window() {
    let mut input = String::new();
    for i in 0..600 {
        match i % 4 {
            0 => input.push_str(&format!("C1CN( broken{i}\n")),
            1 => input.push_str(&format!("# comment {i}\n")),
            2 if i % 50 == 2 => input.push_str(&format!("CCO ethanol{i}\n")),
            _ => input.push_str(&format!("C{} chain{i}\n", "C".repeat(i % 7))),
        }
    }
    let (status, out, _) = regiochem(&["batch", "--jobs", "3", "--nodes", "5"], &input);
    assert_eq!(status, 0);
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 600);
    for (i, (record, line)) in records.iter().zip(input.lines()).enumerate() {
        if i % 4 == 1 {
            assert_eq!(record["skipped"], "comment", "{i}");
            assert_eq!(record["input"], line, "{i}");
        } else {
            let title = line.split_once(' ').map(|(_, t)| t);
            assert_eq!(record["title"].as_str(), title, "{i}: {record}");
        }
    }
}
