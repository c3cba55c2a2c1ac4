//! `match`: print the input lines whose molecule matches a SMARTS pattern, like grep.

use std::io::Write;
use std::time::{Duration, Instant};

use clap::Args;
use regiochem_mol::{BuildError, BuildOptions, Pattern, Valence};

use crate::{Io, Source, render};

/// Arguments of `match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// A SMARTS pattern (`[NX3;H1;R]`, `c1ccccc1`, recursive `$(...)` allowed).
    pub pattern: String,
    /// A file with one SMILES per line (optionally followed by a title), or a single SMILES;
    /// standard input when absent.
    pub input: Option<String>,
    /// Print only the number of matching lines.
    #[arg(long)]
    pub count: bool,
    /// Report on standard error the molecules read and the seconds spent matching alone.
    #[arg(long)]
    pub stats: bool,
    /// OpenSMILES hydrogen counts for unbracketed hypervalent atoms instead of an error.
    #[arg(long)]
    pub lenient: bool,
    /// Candidate atoms the search may try per molecule before that line is reported as
    /// `match::budget_exhausted` (the file goes on).
    #[arg(long, value_name = "STEPS", default_value_t = Pattern::DEFAULT_BUDGET)]
    pub budget: u64,
}

pub(crate) fn run(args: &MatchArgs, io: &mut Io<'_>) -> miette::Result<u8> {
    let started = Instant::now();
    let pattern = match Pattern::new(&args.pattern) {
        Ok(pattern) => pattern.with_budget(args.budget),
        Err(error) => {
            return Err(miette::Report::new(error)
                .with_source_code(miette::NamedSource::new("pattern", args.pattern.clone())));
        }
    };
    let options = BuildOptions {
        valence: if args.lenient {
            Valence::Lenient
        } else {
            Valence::Strict
        },
    };
    let source = Source::from_argument(args.input.as_deref())?;
    let mut lines = crate::input::open(source, &mut io.stdin)?;
    let (mut total, mut errors, mut matched) = (0usize, 0usize, 0usize);
    let mut matching = Duration::ZERO;
    let write_failed = |e: std::io::Error| miette::miette!("cannot write output: {e}");
    loop {
        let next = lines
            .next_line()
            .map_err(|e| miette::miette!(code = "input::unreadable", "cannot read input: {e}"))?;
        let Some(line) = next else { break };
        total += 1;
        let text = match line {
            Ok(text) => text,
            Err((error, lossy)) => {
                errors += 1;
                let report =
                    render::compact(total, &lossy, error.code, error.offset, error.message);
                io.stderr
                    .write_all(report.as_bytes())
                    .map_err(write_failed)?;
                continue;
            }
        };
        let built = regiochem_smiles::parse(text)
            .map_err(BuildError::from)
            .and_then(|smiles| regiochem_mol::build(&smiles, &options));
        let molecule = match built {
            Ok(molecule) => molecule,
            Err(error) => {
                errors += 1;
                let report = render::compact(
                    total,
                    text,
                    error.stable_code(),
                    error.span().start,
                    &error.to_string(),
                );
                io.stderr
                    .write_all(report.as_bytes())
                    .map_err(write_failed)?;
                continue;
            }
        };
        let before = Instant::now();
        let searched = molecule.try_has_match(&pattern);
        matching += before.elapsed();
        let hit = match searched {
            Ok(hit) => hit,
            Err(error) => {
                errors += 1;
                let report =
                    render::compact(total, text, error.stable_code(), 0, &error.to_string());
                io.stderr
                    .write_all(report.as_bytes())
                    .map_err(write_failed)?;
                continue;
            }
        };
        if hit {
            matched += 1;
            if !args.count {
                writeln!(io.stdout, "{text}").map_err(write_failed)?;
            }
        }
    }
    if args.count {
        writeln!(io.stdout, "{matched}").map_err(write_failed)?;
    }
    if args.stats {
        writeln!(
            io.stderr,
            "{total} molecules, {errors} errors, {matched} matching; matching {:.3} s, total {:.3} s",
            matching.as_secs_f64(),
            started.elapsed().as_secs_f64()
        )
        .map_err(write_failed)?;
    }
    Ok(if errors > 0 { 2 } else { 0 })
}
