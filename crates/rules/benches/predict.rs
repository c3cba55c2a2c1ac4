//! `predict` on diazepane-sized substrates: a closed-form coupling, a shielded coupling
//! (Runge-Kutta with proton equilibria), a deprotection, and site perception alone.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use regiochem_mol::Molecule;
use regiochem_rules::predict::Engine;
use regiochem_rules::reagents::canonical_components;
use regiochem_rules::step::Step;

fn step(substrate: &str, co_reactant: Option<&str>, agents: &str, acid: f64) -> Step {
    let mut step = Step::new(substrate.parse().expect("substrate"));
    step.co_reactants = co_reactant
        .map(|c| vec![c.parse::<Molecule>().expect("co-reactant")])
        .unwrap_or_default();
    step.agents = canonical_components(agents).expect("agents");
    step.acid = acid;
    step
}

fn bench(c: &mut Criterion) {
    let Ok(engine) = Engine::standard() else {
        return;
    };
    let cases = [
        (
            "boc2o_free_homopiperazine",
            step(
                "C1CNCCNC1",
                Some("CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"),
                "ClCCl",
                0.0,
            ),
        ),
        (
            "benzyl_bromide_acid_shield",
            step("C1CNCCNC1", Some("BrCc1ccccc1"), "CO", 1.0),
        ),
        (
            "nitrobenzyl_bromide_on_boc_homopiperazine",
            step(
                "CC(C)(C)OC(=O)N1CCCNCC1",
                Some("O=[N+]([O-])c1ccc(CBr)cc1"),
                "O=C([O-])[O-].[K+].[K+].CC#N",
                0.0,
            ),
        ),
        (
            "tfa_deprotection",
            step(
                "CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1",
                None,
                "OC(=O)C(F)(F)F.ClCCl",
                0.0,
            ),
        ),
    ];
    let mut group = c.benchmark_group("predict");
    for (name, step) in &cases {
        group.bench_function(*name, |b| b.iter(|| engine.predict(black_box(step))));
    }
    group.finish();
    let molecule: Molecule = "CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1"
        .parse()
        .expect("molecule");
    c.bench_function("sites/perceive", |b| {
        b.iter(|| engine.sites.perceive(black_box(&molecule)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
