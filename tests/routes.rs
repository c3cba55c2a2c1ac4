//! Route formats over `fixtures/routes/`: every valid route reads, writes back to itself and
//! survives the JSON tree; every invalid one has errors, whose rendering is pinned.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use regiochem_planner::{Reaction, Route, TreeNode};
use regiochem_testkit::{data_lines, fixture, read_fixture, render};

/// The `.route` files of a fixture folder, sorted by name.
fn route_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "route"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// What a route says, without where it says it: headers, canonical reactions and amounts.
fn chemistry(route: &Route) -> Vec<String> {
    let mut out = vec![
        format!("target {:?}", route.target),
        format!("expect {:?}", route.expect),
        format!("why {:?}", route.why),
    ];
    out.extend(route.steps.iter().map(step_chemistry));
    out
}

fn step_chemistry(reaction: &Reaction) -> String {
    let step = &reaction.step;
    format!(
        "{} eq={} acid={} temp={:?} time={:?} conc={:?} solvent={:?}",
        reaction.reaction_smiles(),
        step.equivalents,
        step.acid,
        step.temperature,
        step.time_h,
        step.concentration_m,
        step.solvent
    )
}

/// In stock: every molecule no step of the route makes.
fn starting_materials(route: &Route) -> impl Fn(&str) -> bool + '_ {
    move |smiles: &str| !route.steps.iter().any(|s| s.product.to_string() == smiles)
}

#[test]
fn every_valid_route_reads_with_a_step_per_data_line() {
    let files = route_files("routes/valid");
    assert_eq!(files.len(), 20);
    for path in files {
        let text = read(&path);
        let route =
            Route::parse(&text).unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.errors));
        assert_eq!(
            route.steps.len(),
            data_lines(&text).count(),
            "{}",
            path.display()
        );
        assert!(route.target.is_some(), "{}", path.display());
        assert!(route.expect.is_some(), "{}", path.display());
        assert!(route.why.is_some(), "{}", path.display());
        for step in &route.steps {
            assert_eq!(&text[step.span.start..step.span.end], step.text);
            assert_eq!(
                text.lines().nth(step.line - 1).unwrap().find(&step.text),
                Some(0)
            );
        }
        // The last step makes the target.
        assert_eq!(
            route.steps.last().unwrap().product.to_string(),
            *route.target.as_ref().unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_valid_route_writes_back_to_itself() {
    for path in route_files("routes/valid") {
        let route = Route::parse(&read(&path)).unwrap();
        let written = route.to_text();
        let again = Route::parse(&written)
            .unwrap_or_else(|e| panic!("{}: {:?}\n{written}", path.display(), e.errors));
        assert_eq!(chemistry(&again), chemistry(&route), "{}", path.display());
        // Writing is idempotent: the canonical text is a fixed point.
        assert_eq!(again.to_text(), written, "{}", path.display());
    }
}

#[test]
fn every_valid_route_goes_through_the_tree() {
    for path in route_files("routes/valid") {
        let route = Route::parse(&read(&path)).unwrap();
        let tree = route.to_tree(starting_materials(&route)).unwrap();
        let json = serde_json::to_string(&tree).unwrap();
        let tree: TreeNode = serde_json::from_str(&json).unwrap();
        let back = Route::from_tree(&tree).unwrap();
        let steps: Vec<String> = back.steps.iter().map(step_chemistry).collect();
        let expected: Vec<String> = route.steps.iter().map(step_chemistry).collect();
        assert_eq!(steps, expected, "{}", path.display());
        assert_eq!(back.target, route.target, "{}", path.display());
    }
}

#[test]
fn the_json_fixture_is_the_tree_of_its_route() {
    let route = Route::parse(&read_fixture("routes/valid/01-nitrobenzyl-boc.route")).unwrap();
    let tree = route.to_tree(starting_materials(&route)).unwrap();
    let committed = read_fixture("routes/json/01-nitrobenzyl-boc.json");
    // The committed JSON reads back to the same route...
    let read_back: TreeNode = serde_json::from_str(&committed).unwrap();
    let back = Route::from_tree(&read_back).unwrap();
    assert_eq!(
        back.steps.iter().map(step_chemistry).collect::<Vec<_>>(),
        route.steps.iter().map(step_chemistry).collect::<Vec<_>>()
    );
    assert_eq!(read_back, tree);
    // ... and is exactly what the writer gives.
    assert_eq!(
        serde_json::to_string_pretty(&tree).unwrap() + "\n",
        committed
    );
    let value: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(value["type"], "mol");
    assert_eq!(value["in_stock"], false);
    assert_eq!(value["children"][0]["type"], "reaction");
    assert_eq!(value["children"][0]["equivalents"]["co_reactant"], 1.0);
    assert!(value["children"][0].get("findings").is_none());
}

#[test]
fn every_invalid_route_has_errors_and_pinned_diagnostics() {
    let files = route_files("routes/invalid");
    assert!(files.len() >= 8);
    insta::glob!("../fixtures", "routes/invalid/*.route", |path| {
        let text = read(path);
        let (_, errors) = Route::read(&text);
        assert!(!errors.is_empty(), "{} reads without error", path.display());
        assert_eq!(Route::parse(&text).unwrap_err().errors, errors);
        let rendered: Vec<String> = errors.into_iter().map(|e| render(e, &text)).collect();
        insta::assert_snapshot!(rendered.join("\n"));
    });
}

/// Route-like text: SMILES characters, `>`, options, headers, blanks and newlines.
fn route_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        r"([CNOcn0-9()\[\]=#+\-.>]{0,12}|eq=|acid=|# target: |# expect: | |\t|\n){0,20}",
    )
    .expect("regex")
}

proptest! {
    #[test]
    fn reading_never_panics_and_spans_stay_in_the_text(text in route_text()) {
        let (route, errors) = Route::read(&text);
        for error in &errors {
            if let Some(span) = error.span() {
                prop_assert!(span.start <= span.end && span.end <= text.len() + 1, "{error:?}");
            }
        }
        for step in &route.steps {
            prop_assert_eq!(&text[step.span.start..step.span.end], step.text.as_str());
        }
        if errors.is_empty() {
            let again = Route::parse(&route.to_text()).unwrap();
            prop_assert_eq!(chemistry(&again), chemistry(&route));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = Route::read(&text);
    }
}
