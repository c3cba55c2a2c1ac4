//! `batch`: plan every target line in parallel (rayon), one JSON line per input line in input
//! order, a progress bar on stderr (hidden when stderr is not a terminal). Lines are read in
//! chunks, so memory stays flat; a bad line is reported in its record and the rest go on. A
//! blank or comment (`#`) line gets a record saying so, so output line `n` is about input
//! line `n`.

use std::io::Write;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use regiochem_mol::{BuildError, Molecule};
use regiochem_planner::PredictionCache;
use serde::Serialize;

use crate::plan::{SearchArgs, Setup};
use crate::read::split_title;
use crate::{Io, Settings, Source, write_failed};

/// Arguments of `batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A file with one target per line (SMILES, then an optional title); standard input when
    /// absent.
    pub input: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Search settings.
    #[command(flatten)]
    pub search: SearchArgs,
}

/// Lines planned together; memory is bounded by this many reports. The workers steal lines
/// within a chunk, so a slow target holds one worker, and only the end of a chunk waits for
/// it: chunks are large so that this wait is rare.
const CHUNK: usize = 256;

#[derive(Serialize)]
struct ErrorRecord<'a> {
    title: Option<&'a str>,
    input: &'a str,
    error: ErrorInfo,
}

#[derive(Serialize)]
struct ErrorInfo {
    code: String,
    offset: usize,
    message: String,
}

#[derive(Serialize)]
struct SkippedRecord<'a> {
    title: &'a str,
    input: &'a str,
    skipped: &'a str,
}

#[derive(Serialize)]
struct Record<'a> {
    title: Option<&'a str>,
    input: &'a str,
    #[serde(flatten)]
    report: regiochem_planner::PlanReport,
}

/// A line of input: text, or why it is not text (the start of it, code, offset, message).
type Line = Result<String, (String, String, usize, String)>;

/// One output line for one input line.
fn plan_line(setup: &Setup, cache: &PredictionCache, line: &Line) -> String {
    let json = match line {
        Ok(text) if text.trim().is_empty() => serde_json::to_string(&SkippedRecord {
            title: "",
            input: text,
            skipped: "blank",
        }),
        Ok(text) if text.trim_start().starts_with('#') => serde_json::to_string(&SkippedRecord {
            title: "",
            input: text,
            skipped: "comment",
        }),
        Err((lossy, code, offset, message)) => {
            let (smiles, title) = split_title(lossy);
            serde_json::to_string(&ErrorRecord {
                title,
                input: smiles,
                error: ErrorInfo {
                    code: code.clone(),
                    offset: *offset,
                    message: message.clone(),
                },
            })
        }
        Ok(text) => {
            let (smiles, title) = split_title(text);
            match smiles.parse::<Molecule>() {
                Err(error) => serde_json::to_string(&ErrorRecord {
                    title,
                    input: smiles,
                    error: error_info(&error),
                }),
                Ok(target) => match setup.planner() {
                    Ok(planner) => serde_json::to_string(&Record {
                        title,
                        input: smiles,
                        report: planner.plan_cached(&target, cache),
                    }),
                    Err(error) => serde_json::to_string(&ErrorRecord {
                        title,
                        input: smiles,
                        error: ErrorInfo {
                            code: "data::malformed".into(),
                            offset: 0,
                            message: error.to_string(),
                        },
                    }),
                },
            }
        }
    };
    json.unwrap_or_else(|e| {
        format!("{{\"error\":{{\"code\":\"output::json\",\"offset\":0,\"message\":\"{e}\"}}}}")
    })
}

fn error_info(error: &BuildError) -> ErrorInfo {
    ErrorInfo {
        code: error.stable_code().to_string(),
        offset: error.span().start,
        message: error.to_string(),
    }
}

pub(crate) fn run(args: &BatchArgs, settings: Settings, io: &mut Io<'_>) -> miette::Result<u8> {
    let setup = Setup::load(&args.search, settings)?;
    // Step evaluations shared by every target of the batch (bounded; the output does not
    // depend on it).
    let cache = PredictionCache::default();
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        pool = pool.num_threads(usize::from(jobs));
    }
    let pool = pool
        .build()
        .map_err(|e| miette::miette!("cannot start worker threads: {e}"))?;
    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos} targets planned ({per_sec}, {elapsed})")
    {
        progress.set_style(style);
    }
    let source = Source::from_argument(args.input.as_deref());
    let mut lines = crate::input::open(source, &mut io.stdin, settings)?;
    let mut chunk: Vec<Line> = Vec::with_capacity(CHUNK);
    let mut done = false;
    while !done {
        chunk.clear();
        while chunk.len() < CHUNK {
            let next = lines.next_line().map_err(crate::input::read_failed)?;
            match next {
                None => {
                    done = true;
                    break;
                }
                Some(Ok(text)) => chunk.push(Ok(text.trim_end().to_string())),
                Some(Err((error, lossy))) => chunk.push(Err((
                    lossy,
                    error.code.to_string(),
                    error.offset,
                    error.message.to_string(),
                ))),
            }
        }
        let outputs: Vec<String> = pool.install(|| {
            chunk
                .par_iter()
                .map(|line| {
                    let out = plan_line(&setup, &cache, line);
                    progress.inc(1);
                    out
                })
                .collect()
        });
        for line in outputs {
            writeln!(io.stdout, "{line}").map_err(write_failed)?;
        }
    }
    progress.finish_and_clear();
    Ok(0)
}
