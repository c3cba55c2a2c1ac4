//! Route validation: every shared route judged as its `# expect:` line says (pass means pass or
//! warn), a route of our own for each finding code, and the reports pinned.

use std::fmt::Write as _;

use regiochem_planner::{Expectation, Route, Verdict, validate};
use regiochem_rules::finding::Severity;
use regiochem_rules::predict::Engine;
use regiochem_testkit::{fixture, read_fixture};

fn engine() -> Engine<'static> {
    Engine::standard().unwrap()
}

fn route_files(folder: &str) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(fixture(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "route"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = read_fixture(&format!("{folder}/{name}.route"));
            (name, text)
        })
        .collect()
}

#[test]
fn every_shared_route_is_judged_as_expected() {
    let engine = engine();
    let mut report = String::new();
    let files = route_files("routes/valid");
    assert_eq!(files.len(), 20);
    for (name, text) in files {
        let route: Route = text.parse().unwrap();
        let validation = validate(&route, &engine);
        let expected = route.expect.unwrap();
        let ok = match expected {
            Expectation::Pass => validation.verdict != Verdict::Fail,
            Expectation::Fail => validation.verdict == Verdict::Fail,
        };
        assert!(
            ok,
            "{name}: expected {expected}, got {:?}",
            validation.verdict
        );
        let _ = writeln!(
            report,
            "{name}: {} (yield {:.1} %)",
            validation.verdict.name(),
            100.0 * validation.overall_yield
        );
        for step in &validation.steps {
            let codes: Vec<String> = step
                .outcome
                .findings
                .iter()
                .map(|f| format!("{} {}", f.severity.name(), f.code.name()))
                .collect();
            let _ = writeln!(
                report,
                "  step {} {}: {}",
                step.index,
                step.outcome.verdict.name(),
                codes.join(", ")
            );
        }
    }
    insta::assert_snapshot!("shared_route_verdicts", report);
}

#[test]
fn each_finding_code_has_a_route_that_raises_it() {
    let engine = engine();
    let files = route_files("routes/findings");
    assert!(files.len() >= 11);
    for (name, text) in files {
        let code = text
            .lines()
            .find_map(|l| l.strip_prefix("# finding: "))
            .unwrap_or_else(|| panic!("{name}: no `# finding:` line"));
        let route: Route = text.parse().unwrap();
        let validation = validate(&route, &engine);
        let raised = validation
            .steps
            .iter()
            .flat_map(|s| &s.outcome.findings)
            .any(|f| f.code.name() == code);
        assert!(raised, "{name}: {code} not raised: {validation:?}");
    }
}

#[test]
fn the_seed_route_report_for_people() {
    let text = read_fixture("routes/valid/07-aminobenzyl-h2-then-tfa.route");
    let route: Route = text.parse().unwrap();
    let validation = validate(&route, &engine());
    insta::assert_snapshot!(serde_json::to_string_pretty(&validation).unwrap());
}

/// The model's judgements of issue 10, one route each (`fixtures/routes/model/`): the verdict
/// of `# verdict:` exactly and, where a `# finding:` line names one, that code raised.
#[test]
fn each_model_route_gets_its_verdict_and_finding() {
    let engine = engine();
    let files = route_files("routes/model");
    assert!(files.len() >= 17);
    for (name, text) in files {
        let header = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(str::trim)
        };
        let verdict = header("# verdict: ").unwrap_or_else(|| panic!("{name}: no `# verdict:`"));
        assert!(header("# why: ").is_some(), "{name}: no `# why:`");
        let route: Route = text.parse().unwrap();
        let validation = validate(&route, &engine);
        assert_eq!(
            validation.verdict.name(),
            verdict,
            "{name}: {validation:#?}"
        );
        let expected = route.expect.unwrap();
        assert_eq!(
            expected == Expectation::Fail,
            validation.verdict == Verdict::Fail,
            "{name}: `# expect: {expected}` disagrees with the verdict"
        );
        if let Some(code) = header("# finding: ") {
            let raised = validation
                .steps
                .iter()
                .flat_map(|s| &s.outcome.findings)
                .any(|f| f.code.name() == code && f.severity >= Severity::Warn);
            assert!(raised, "{name}: {code} not raised: {validation:#?}");
        }
    }
}
