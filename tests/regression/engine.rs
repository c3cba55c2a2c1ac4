//! Defects of the rules engine, the outcome model, routes, validation and planning.

/// The Schmidt route of seed 000 was never planned: the 1,4-diazepan-5-one it gives has a
/// diamine ring, so the planner took it for the target's core and never offered LiAlH4.
#[test]
fn the_schmidt_lactam_is_reduced_on_the_way_to_a_diazepane() {
    use regiochem_planner::data::{PlannerData, Stock};
    use regiochem_planner::{Limits, Planner};
    use regiochem_rules::predict::Engine;

    let mut data = PlannerData::standard().unwrap().clone();
    data.stock = Stock::parse("O=C1CCN(Cc2ccc(F)cc2F)CC1\n").unwrap();
    let planner = Planner {
        engine: Engine::standard().unwrap(),
        data: &data,
        limits: Limits::default(),
    };
    let report = planner.plan(&"Fc1ccc(CN2CCCNCC2)c(F)c1".parse().unwrap());
    let best = report.routes.first().expect("a route from the piperidone");
    let agents: Vec<&str> = best
        .route
        .steps
        .iter()
        .flat_map(|s| s.step.agents.iter().map(String::as_str))
        .collect();
    assert!(agents.contains(&"[AlH4-]"), "{}", best.route.to_text());
}
