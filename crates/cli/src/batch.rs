//! `batch`: plan every target line in parallel, one JSON line per input line in input order,
//! a progress bar on stderr (hidden when stderr is not a terminal). The worker threads take
//! lines one at a time from a queue as they finish, so a slow target holds one worker and no
//! other; a line is read only while fewer than [`WINDOW`] lines are read and not yet written,
//! so memory stays flat. A bad line is reported in its record and the rest go on. A blank or
//! comment (`#`) line gets a record saying so, so output line `n` is about input line `n`.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::sync::{Mutex, PoisonError};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
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

/// At most this many lines are read and not yet written (queued, being planned, or planned
/// and waiting for an earlier line): memory is bounded by this many reports. The other
/// workers go on past a slow target until the window is full.
const WINDOW: usize = 256;

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
    let jobs = match args.jobs {
        Some(jobs) => usize::from(jobs),
        None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
    };
    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos} targets planned ({per_sec}, {elapsed})")
    {
        progress.set_style(style);
    }
    let source = Source::from_argument(args.input.as_deref());
    let mut lines = crate::input::open(source, &mut io.stdin, settings)?;
    let (queue, taken) = sync_channel::<(usize, Line)>(WINDOW);
    let taken = Mutex::new(taken);
    let stop = AtomicBool::new(false);
    let (setup, cache, progress_bar, taken_ref, stop_ref) =
        (&setup, &cache, &progress, &taken, &stop);
    std::thread::scope(|scope| {
        // Moved in, so that leaving this closure early (a worker that does not start, a read
        // or write error) closes the queue and the workers end.
        let queue = queue;
        let (planned, results) = channel::<(usize, String)>();
        for worker in 0..jobs {
            let planned = planned.clone();
            std::thread::Builder::new()
                .name(format!("batch-{worker}"))
                .spawn_scoped(scope, move || {
                    while !stop_ref.load(Ordering::Relaxed) {
                        let next = taken_ref
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .recv();
                        let Ok((index, line)) = next else {
                            break;
                        };
                        let out = plan_line(setup, cache, &line);
                        progress_bar.inc(1);
                        if planned.send((index, out)).is_err() {
                            break;
                        }
                    }
                })
                .map_err(|e| miette::miette!("cannot start worker threads: {e}"))?;
        }
        drop(planned);
        let fed = feed(&mut lines, &mut io.stdout, &queue, &results);
        // On an error the workers stop after the line they are planning.
        stop_ref.store(true, Ordering::Relaxed);
        fed
    })?;
    progress.finish_and_clear();
    Ok(0)
}

/// Reads lines into the queue while fewer than [`WINDOW`] are unwritten, and writes the
/// planned lines in input order as they come back.
fn feed<R: BufRead>(
    lines: &mut crate::input::Lines<R>,
    stdout: &mut dyn Write,
    queue: &SyncSender<(usize, Line)>,
    results: &Receiver<(usize, String)>,
) -> miette::Result<()> {
    let (mut read, mut written) = (0usize, 0usize);
    let mut waiting: BTreeMap<usize, String> = BTreeMap::new();
    let mut end = false;
    loop {
        while !end && read - written < WINDOW {
            let line = match lines.next_line().map_err(crate::input::read_failed)? {
                None => {
                    end = true;
                    break;
                }
                Some(Ok(text)) => Ok(text.trim_end().to_string()),
                Some(Err((error, lossy))) => Err((
                    lossy,
                    error.code.to_string(),
                    error.offset,
                    error.message.to_string(),
                )),
            };
            queue
                .send((read, line))
                .map_err(|_| miette::miette!("the worker threads stopped"))?;
            read += 1;
        }
        if written == read {
            return Ok(());
        }
        let (index, out) = results
            .recv()
            .map_err(|_| miette::miette!("the worker threads stopped"))?;
        waiting.insert(index, out);
        while let Some(out) = waiting.remove(&written) {
            writeln!(stdout, "{out}").map_err(write_failed)?;
            written += 1;
        }
    }
}
