//! Planning every target of the two shared target files in-process (issue 9: a median under
//! 10 ms per target for each file). The planner is configured as `regiochem batch` configures
//! it (standard rules and data, default limits, one prediction cache per pass over a file).
//!
//! Before criterion runs, one timed pass over each file prints the per-target median and 95th
//! percentile; criterion then times whole passes (ten samples of one pass each) and reports the time per
//! pass and the targets planned per second (`Throughput::Elements`), so the mean per target is
//! the pass time divided by the number of targets. The files are read from `../shared` (the
//! repository's sibling directory); a file that is absent is skipped with a message.
//!
//! `cargo bench -p regiochem-planner --bench plan_files` (a few minutes: about 25 passes).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use regiochem_mol::Molecule;
use regiochem_planner::data::PlannerData;
use regiochem_planner::{Limits, Planner, PredictionCache};
use regiochem_rules::predict::Engine;

const FILES: [&str; 2] = ["diazepanes_300.smi", "polyamines_public.smi"];

/// The targets of one file: the first whitespace-separated field of every line that is not
/// blank or a comment, parsed (a line that does not parse is left out, as `batch` reports it
/// without planning).
fn read_targets(name: &str) -> Option<Vec<Molecule>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/targets")
        .join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("plan_files: {} is absent; skipped", path.display());
        return None;
    };
    Some(
        text.lines()
            .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
            .filter_map(|line| line.split_whitespace().next()?.parse::<Molecule>().ok())
            .collect(),
    )
}

/// The value at fraction `q` of the sorted `values` (nearest rank).
fn quantile(values: &[f64], q: f64) -> f64 {
    let rank = (q * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

fn bench(c: &mut Criterion) {
    let (Ok(engine), Ok(data)) = (Engine::standard(), PlannerData::standard()) else {
        eprintln!("plan_files: the standard data does not load; skipped");
        return;
    };
    let planner = Planner {
        engine,
        data,
        limits: Limits::default(),
    };
    for name in FILES {
        let Some(targets) = read_targets(name) else {
            continue;
        };
        if targets.is_empty() {
            eprintln!("plan_files: {name} holds no target; skipped");
            continue;
        }
        // One pass timed target by target, as `batch --jobs 1` times them.
        let cache = PredictionCache::default();
        let mut times: Vec<f64> = targets
            .iter()
            .map(|target| {
                let started = Instant::now();
                black_box(planner.plan_cached(black_box(target), &cache));
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let total: f64 = times.iter().sum();
        println!(
            "plan_files/{name}: {} targets, per target median {:.2} ms, p95 {:.2} ms, \
             mean {:.2} ms (one pass)",
            times.len(),
            quantile(&times, 0.5),
            quantile(&times, 0.95),
            total / times.len() as f64,
        );
        let mut group = c.benchmark_group(format!("plan_files/{name}"));
        // Ten samples of one pass each.
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.measurement_time(Duration::from_secs_f64((total / 1e3 * 10.0).max(1.0)));
        group.throughput(Throughput::Elements(targets.len() as u64));
        group.bench_function("every_target", |b| {
            b.iter(|| {
                let cache = PredictionCache::default();
                for target in &targets {
                    black_box(planner.plan_cached(black_box(target), &cache));
                }
            });
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
