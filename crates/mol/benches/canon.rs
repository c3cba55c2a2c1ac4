//! Molecule building (valence, kekulisation, rings, aromaticity) and canonical SMILES on
//! drug-like molecules.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use regiochem_mol::{BuildOptions, Molecule, build};

const MOLECULES: &str = include_str!("../../../fixtures/molecules/bench_1000.smi");

fn benches(c: &mut Criterion) {
    let lines: Vec<&str> = MOLECULES.lines().filter(|l| !l.starts_with('#')).collect();
    let parsed: Vec<_> = lines
        .iter()
        .map(|l| regiochem_smiles::parse(l).unwrap())
        .collect();
    let molecules: Vec<Molecule> = lines.iter().map(|l| l.parse().unwrap()).collect();
    let mut group = c.benchmark_group("mol");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("build_1000_moses", |b| {
        b.iter(|| {
            for smiles in &parsed {
                let _ = black_box(build(black_box(smiles), &BuildOptions::default()));
            }
        });
    });
    group.bench_function("canonical_smiles_1000_moses", |b| {
        b.iter(|| {
            for molecule in &molecules {
                black_box(black_box(molecule).to_string());
            }
        });
    });
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
