//! The command line, run in-process through `regiochem_cli::run`.

use std::io::Cursor;

use clap::{CommandFactory, Parser};
use regiochem_cli::{Cli, Io, run};

/// Runs `regiochem ARGS` with `stdin`; returns (exit status, stdout, stderr or the error).
fn regiochem(args: &[&str], stdin: &str) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let cli =
        Cli::try_parse_from(std::iter::once("regiochem").chain(args.iter().copied())).unwrap();
    let result = {
        let mut io = Io {
            stdin: Box::new(Cursor::new(stdin.as_bytes().to_vec())),
            stdout: Box::new(&mut out),
            stderr: Box::new(&mut err),
        };
        run(cli, &mut io)
    };
    let mut err = String::from_utf8(err).unwrap();
    let status = match result {
        Ok(code) => {
            if code == std::process::ExitCode::SUCCESS {
                0
            } else {
                2
            }
        }
        Err(report) => {
            err.push_str(&format!("{report}"));
            2
        }
    };
    (status, String::from_utf8(out).unwrap(), err)
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
    let (status, _, err) = regiochem(&["canon", "missing/file.smi"], "");
    assert_eq!(status, 2);
    assert!(err.contains("cannot open missing/file.smi"), "{err}");
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
