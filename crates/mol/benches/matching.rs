//! Substructure matching on drug-like molecules: `has_match`, `matches` and `all_matches`
//! for a few patterns over the 1,000 MOSES molecules of `fixtures/molecules/bench_1000.smi`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use regiochem_mol::{Molecule, Pattern};

const MOLECULES: &str = include_str!("../../../fixtures/molecules/bench_1000.smi");
const PATTERNS: [(&str, &str); 5] = [
    (
        "amine",
        "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O);!$(Na);!$(N-[N,O])]",
    ),
    ("benzene", "c1ccccc1"),
    ("amide", "C(=O)N"),
    ("ring_nh", "[#7;H1;R]"),
    ("ccc", "C-C-C"),
];

fn benches(c: &mut Criterion) {
    let molecules: Vec<Molecule> = MOLECULES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.parse().unwrap())
        .collect();
    let mut group = c.benchmark_group("matching");
    group.throughput(Throughput::Elements(molecules.len() as u64));
    for (name, smarts) in PATTERNS {
        let pattern: Pattern = smarts.parse().unwrap();
        group.bench_function(format!("has_match_{name}_1000_moses"), |b| {
            b.iter(|| {
                molecules
                    .iter()
                    .filter(|m| black_box(m).has_match(black_box(&pattern)))
                    .count()
            });
        });
    }
    let amine: Pattern = PATTERNS[0].1.parse().unwrap();
    group.bench_function("matches_amine_1000_moses", |b| {
        b.iter(|| {
            molecules
                .iter()
                .map(|m| black_box(m).matches(black_box(&amine)).len())
                .sum::<usize>()
        });
    });
    let benzene: Pattern = PATTERNS[1].1.parse().unwrap();
    group.bench_function("all_matches_benzene_1000_moses", |b| {
        b.iter(|| {
            molecules
                .iter()
                .map(|m| black_box(m).all_matches(black_box(&benzene)).len())
                .sum::<usize>()
        });
    });
    group.bench_function("compile_amine", |b| {
        b.iter(|| black_box(PATTERNS[0].1).parse::<Pattern>());
    });
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
