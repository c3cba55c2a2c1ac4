//! Planning: the 300 real diazepane targets (a route for at least 90 % of those whose ring
//! carbons are bare, each route chained, checked and written out as a route file that
//! `validate` passes), the seed targets, and snapshots of a dozen best routes.

use regiochem_mol::{Molecule, Pattern};
use regiochem_planner::data::PlannerData;
use regiochem_planner::{Limits, PlanReport, Planner, Route, StopReason, Verdict, validate};
use regiochem_rules::predict::Engine;
use regiochem_rules::reagents::ReagentLibrary;
use regiochem_rules::ruleset::RuleSet;
use regiochem_rules::sites::SiteModel;
use regiochem_testkit::{data_lines, read_fixture};

fn engine() -> Engine<'static> {
    Engine {
        rules: RuleSet::standard().unwrap(),
        reagents: ReagentLibrary::standard().unwrap(),
        sites: SiteModel::standard().unwrap(),
    }
}

/// The planner with the default node limit and no wall-time limit, so that what it finds
/// (and the snapshots) cannot depend on how loaded the machine is.
fn planner() -> Planner<'static> {
    Planner {
        engine: engine(),
        data: PlannerData::standard().unwrap(),
        limits: Limits {
            time: std::time::Duration::MAX,
            ..Limits::default()
        },
    }
}

fn plan(smiles: &str) -> PlanReport {
    planner().plan(&smiles.parse::<Molecule>().unwrap())
}

/// Checks one report's best route as the issue asks; returns whether the target was in scope
/// and whether it got a good route.
fn check(report: &PlanReport, hydrogenation_risks: &[Pattern]) -> (bool, bool) {
    if let StopReason::OutOfScope(reason) = &report.stop_reason {
        assert!(!reason.is_empty());
        return (false, false);
    }
    let Some(best) = report.routes.first() else {
        return (true, false);
    };
    let route = &best.route;
    // Ends in the target and chains each product into the next step.
    if let Some(last) = route.steps.last() {
        assert_eq!(last.product.to_string(), report.target);
    }
    for pair in route.steps.windows(2) {
        let made = pair[0].product.to_string();
        assert!(
            pair[1].reactants.iter().any(|r| r.to_string() == made),
            "{}: step does not start from {made}",
            report.target
        );
    }
    // Never hydrogenates past an aryl nitro or halide that the product keeps.
    for step in &route.steps {
        if step.agents.iter().any(|a| a == "[H][H]") {
            for risk in hydrogenation_risks {
                let kept = step.reactants[0].has_match(risk) && step.product.has_match(risk);
                assert!(!kept, "{}: hydrogenates past {risk:?}", report.target);
            }
        }
    }
    // Written out as a route file, `validate` passes it.
    let text = route.to_text();
    let reread: Route = text.parse().unwrap_or_else(|e| panic!("{text}: {e:?}"));
    let validation = validate(&reread, &engine());
    assert_ne!(validation.verdict, Verdict::Fail, "{text}");
    (true, true)
}

fn check_targets(part: usize, parts: usize) -> (usize, usize) {
    let risks: Vec<Pattern> = ["[c][N+](=O)[O-]", "c[Cl,Br,I]"]
        .iter()
        .map(|p| Pattern::new(p).unwrap())
        .collect();
    let text = read_fixture("targets/diazepanes_300.smi");
    let planner = planner();
    let (mut in_scope, mut planned) = (0, 0);
    for (i, line) in data_lines(&text).enumerate() {
        if i % parts != part {
            continue;
        }
        let smiles = line.split_whitespace().next().unwrap();
        let report = planner.plan(&smiles.parse().unwrap());
        let (scope, ok) = check(&report, &risks);
        in_scope += usize::from(scope);
        planned += usize::from(ok);
    }
    (in_scope, planned)
}

#[test]
fn at_least_ninety_percent_of_the_in_scope_targets_get_a_checked_route() {
    let mut in_scope = 0;
    let mut planned = 0;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..3)
            .map(|part| scope.spawn(move || check_targets(part, 3)))
            .collect();
        for handle in handles {
            let (s, p) = handle.join().unwrap();
            in_scope += s;
            planned += p;
        }
    });
    assert!(in_scope >= 200, "{in_scope} targets in scope");
    assert!(
        planned * 10 >= in_scope * 9,
        "{planned} of {in_scope} planned"
    );
}

#[test]
fn seed_targets_get_a_boc_route_first_and_never_hydrogenate_the_nitro_compound() {
    for target in [
        "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1",
        "Fc1ccc(CN2CCCNCC2)c(F)c1",
    ] {
        let report = plan(target);
        let best = &report.routes[0];
        assert_eq!(best.start, "CC(C)(C)OC(=O)N1CCNCCC1", "{target}");
        assert!(
            best.route
                .steps
                .iter()
                .any(|s| s.agents.iter().any(|a| a.contains("C(F)(F)F")))
        );
        // Any spelling of a nitro group (charge-separated or pentavalent), matched as a
        // pattern on the molecule rather than as text.
        let nitro_group = Pattern::new("[$([NX3+](=O)[O-]),$([NX3](=O)=O)]").unwrap();
        let is_nitro = target.parse::<Molecule>().unwrap().has_match(&nitro_group);
        assert_eq!(is_nitro, target.starts_with("O=[N+]"), "{target}");
        for route in &report.routes {
            for step in &route.route.steps {
                let hydrogen = step.agents.iter().any(|a| a == "[H][H]");
                let nitro = step.reactants[0].has_match(&nitro_group);
                assert!(!(hydrogen && nitro), "{target}: {}", route.route.to_text());
            }
        }
    }
}

#[test]
fn out_of_scope_targets_say_why() {
    let report = plan("CCO");
    assert!(
        matches!(report.stop_reason, StopReason::OutOfScope(ref r) if r.contains("no saturated"))
    );
    let report = plan("O=C1CCN(C(=O)c2ccccc2)CCN1");
    assert!(
        matches!(report.stop_reason, StopReason::OutOfScope(ref r) if r.contains("ring carbon"))
    );
    assert!(report.routes.is_empty());
}

#[test]
fn a_stock_target_is_its_own_route() {
    let report = plan("CC(C)(C)OC(=O)N1CCCNCC1");
    assert!(report.routes[0].steps.is_empty());
    assert!(report.routes[0].in_stock);
}

#[test]
fn best_routes_for_a_dozen_targets() {
    let targets = [
        "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1",
        "Nc1ccc(CN2CCCNCC2)cc1",
        "N#Cc1ccc(N2CCCNCC2)cc1",
        "CC(=O)N1CCCNCC1",
        "Cc1ccc(S(=O)(=O)N2CCCNCC2)cc1",
        "c1ccc(CN2CCCNCC2)cc1",
        "CS(=O)(=O)N1CCCN(C(=O)c2n[nH]c3ccccc23)CC1",
        "Cc1csc(N2CCCN(C(=O)CSc3ccncc3)CC2)n1",
        "C#CCNC(=O)N1CCCN(S(=O)(=O)c2ccccc2)CC1",
        "CCn1ccnc1CN1CCCN(C(=O)COCC2CC2)CC1",
        "O=C(c1ccoc1)N1CCCN(c2nnc3ccc(Cl)cn23)CC1",
        "CC(=O)N1CCCN(c2ncc(Br)cn2)CC1",
    ];
    let mut out = String::new();
    for target in targets {
        let report = plan(target);
        out.push_str(&format!("# {target}\n"));
        match report.routes.first() {
            Some(best) => out.push_str(&best.route.to_text()),
            None => out.push_str(&format!("# no route: {:?}\n", report.stop_reason)),
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}
