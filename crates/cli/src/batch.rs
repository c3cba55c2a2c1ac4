//! `batch`: plan every target line in parallel (rayon), one JSON line per input line in input
//! order, a progress bar on stderr (hidden when stderr is not a terminal). Lines are read in
//! chunks, so memory stays flat; a bad line is reported in its record and the rest go on.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use regiochem_mol::{BuildError, Molecule};
use serde::Serialize;

use crate::Io;
use crate::input::Lines;
use crate::plan::{SearchArgs, Setup};
use crate::read::split_title;

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

/// Lines planned together; memory is bounded by this many reports.
const CHUNK: usize = 64;

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
struct Record<'a> {
    title: Option<&'a str>,
    input: &'a str,
    #[serde(flatten)]
    report: regiochem_planner::PlanReport,
}

/// One output line for one input line.
fn plan_line(setup: &Setup, line: &Result<String, (String, String, usize, String)>) -> String {
    let json = match line {
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
                        report: planner.plan(&target),
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

pub(crate) fn run(args: &BatchArgs, io: &mut Io<'_>) -> miette::Result<u8> {
    let setup = Setup::load(&args.search)?;
    let reader: Box<dyn BufRead + '_> = match args.input.as_deref() {
        None | Some("-") => Box::new(&mut io.stdin),
        Some(path) => Box::new(BufReader::new(File::open(path).map_err(|e| {
            miette::miette!(code = "input::not_found", "cannot open {path}: {e}")
        })?)),
    };
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
    let mut lines = Lines::new(reader);
    let mut chunk: Vec<Result<String, (String, String, usize, String)>> = Vec::with_capacity(CHUNK);
    let mut done = false;
    while !done {
        chunk.clear();
        while chunk.len() < CHUNK {
            let next = lines.next_line().map_err(|e| {
                miette::miette!(code = "input::unreadable", "cannot read input: {e}")
            })?;
            match next {
                None => {
                    done = true;
                    break;
                }
                Some(Ok(text)) if text.trim().is_empty() => continue,
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
                    let out = plan_line(&setup, line);
                    progress.inc(1);
                    out
                })
                .collect()
        });
        for line in outputs {
            writeln!(io.stdout, "{line}")
                .map_err(|e| miette::miette!("cannot write output: {e}"))?;
        }
    }
    progress.finish_and_clear();
    Ok(0)
}
