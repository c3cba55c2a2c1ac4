//! Planning the seed targets in-process (DESIGN.md section 7: a few milliseconds each; the
//! issue asks for a median under 20 ms).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use regiochem_mol::Molecule;
use regiochem_planner::data::PlannerData;
use regiochem_planner::{Limits, Planner};
use regiochem_rules::predict::Engine;

fn bench(c: &mut Criterion) {
    let (Ok(engine), Ok(data)) = (Engine::standard(), PlannerData::standard()) else {
        return;
    };
    let planner = Planner {
        engine,
        data,
        limits: Limits::default(),
    };
    let targets = [
        (
            "nitrobenzyl_homopiperazine",
            "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1",
        ),
        ("difluorobenzyl_homopiperazine", "Fc1ccc(CN2CCCNCC2)c(F)c1"),
        (
            "bis_substituted_amide_sulfonamide",
            "CS(=O)(=O)N1CCCN(C(=O)c2n[nH]c3ccccc23)CC1",
        ),
    ];
    let mut group = c.benchmark_group("plan");
    for (name, smiles) in targets {
        let Ok(target) = smiles.parse::<Molecule>() else {
            continue;
        };
        group.bench_function(name, |b| b.iter(|| planner.plan(black_box(&target))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
