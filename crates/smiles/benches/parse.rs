//! Throughput of the syntax layer alone on drug-like SMILES.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MOLECULES: &str = include_str!("../../../fixtures/molecules/bench_1000.smi");

fn parse(c: &mut Criterion) {
    let lines: Vec<&str> = MOLECULES.lines().filter(|l| !l.starts_with('#')).collect();
    let mut group = c.benchmark_group("smiles");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("parse_1000_moses", |b| {
        b.iter(|| {
            for line in &lines {
                let _ = black_box(regiochem_smiles::parse(black_box(line)));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
