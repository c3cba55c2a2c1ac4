//! The `regiochem` command line: the only crate that does IO, knows clap or renders
//! diagnostics for terminals.
//!
//! [`run`] takes parsed arguments and an [`Io`] (standard streams, or buffers in tests) and
//! returns the [`Status`]: 0 success, 1 a validated route fails, 2 bad input or usage (an
//! `Err` is always 2). A closed output pipe ends the run quietly with status 0, as ripgrep does.
#![warn(missing_docs)]

mod batch;
mod depict;
mod input;
mod matching;
mod ord;
mod plan;
mod predict;
mod read;
mod reagents;
mod render;
mod report;
mod sites;
mod validate;

pub use batch::BatchArgs;
pub use depict::DepictArgs;
pub use plan::{Format, PlanArgs, SearchArgs};
pub use predict::PredictArgs;
pub use reagents::ReagentsArgs;
pub use sites::SitesArgs;
pub use validate::ValidateArgs;

use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub use matching::MatchArgs;

/// Plans and checks selective syntheses of substituted diamines; reads and writes SMILES.
#[derive(Debug, Parser)]
#[command(name = "regiochem", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// The longest input line read, in bytes; a longer line is reported as
    /// `input::line_too_long` and skipped without being held in memory.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = input::MAX_LINE_BYTES)]
    pub max_line_bytes: usize,
}

/// How a run ended: 0 success, 1 a validated route fails, 2 bad input or usage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status(u8);

impl Status {
    /// Success.
    pub const SUCCESS: Status = Status(0);
    /// A validated route fails.
    pub const FAILURE: Status = Status(1);
    /// Bad input or usage.
    pub const BAD_INPUT: Status = Status(2);

    /// The number the process exits with.
    pub fn code(self) -> u8 {
        self.0
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status.0)
    }
}

/// Writing to standard output or standard error failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write output: {0}")]
#[diagnostic(code(output::write))]
pub(crate) struct WriteError(io::Error);

/// The report for a failed write; [`run`] turns a closed pipe into a quiet success.
pub(crate) fn write_failed(error: io::Error) -> miette::Report {
    miette::Report::new(WriteError(error))
}

/// Settings every command shares.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// The longest input line, in bytes.
    pub(crate) max_line: usize,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One JSON object per input line: canonical SMILES, formula, mass, hydrogens, rings.
    Parse(ReadArgs),
    /// Read and check every line (syntax, valence, Kekulé form, stereo); print errors and a
    /// one-line summary.
    Check(ReadArgs),
    /// The canonical SMILES of every line (then a tab and the title, if any).
    Canon(ReadArgs),
    /// The input lines whose molecule matches a SMARTS pattern (`--count` for the number).
    Match(MatchArgs),
    /// Every nitrogen of a molecule: ring locant, class, symmetry class, pKa, nucleophilicity.
    Sites(SitesArgs),
    /// What one step gives: products with fractions and sites, unreacted substrate, findings.
    Predict(PredictArgs),
    /// Replay a route step by step: verdicts, predicted distributions, findings (exit 1 on fail).
    Validate(ValidateArgs),
    /// Ranked routes to a target, each step checked, with procedure cards.
    Plan(PlanArgs),
    /// Plan every target of a file in parallel: one JSON line per input line, in order.
    Batch(BatchArgs),
    /// The reagent library: names, aliases, SMILES, role and what each does.
    Reagents(ReagentsArgs),
    /// Draw a molecule as SVG, or print the 2D coordinates of every line as JSON (`--json`).
    Depict(DepictArgs),
}

/// Where molecules come from and how they are read.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// A file with one SMILES per line (optionally followed by a title), or a single SMILES;
    /// standard input when absent.
    pub input: Option<String>,
    /// OpenSMILES hydrogen counts for unbracketed hypervalent atoms instead of an error.
    #[arg(long)]
    pub lenient: bool,
}

/// The streams a run uses.
pub struct Io<'a> {
    /// Standard input.
    pub stdin: Box<dyn BufRead + 'a>,
    /// Standard output.
    pub stdout: Box<dyn Write + 'a>,
    /// Standard error.
    pub stderr: Box<dyn Write + 'a>,
}

impl Io<'static> {
    /// The process's standard streams, buffered.
    pub fn standard() -> Self {
        Io {
            stdin: Box::new(io::BufReader::with_capacity(1 << 16, io::stdin())),
            stdout: Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout())),
            stderr: Box::new(io::BufWriter::new(io::stderr())),
        }
    }
}

/// Runs one command.
pub fn run(cli: Cli, io: &mut Io<'_>) -> miette::Result<Status> {
    let settings = Settings {
        max_line: cli.max_line_bytes,
    };
    let status = match cli.command {
        Command::Parse(args) => read::run(read::Mode::Parse, &args, settings, io),
        Command::Check(args) => read::run(read::Mode::Check, &args, settings, io),
        Command::Canon(args) => read::run(read::Mode::Canon, &args, settings, io),
        Command::Match(args) => matching::run(&args, settings, io),
        Command::Sites(args) => sites::run(&args, settings, io),
        Command::Predict(args) => predict::run(&args, settings, io),
        Command::Validate(args) => validate::run(&args, settings, io),
        Command::Plan(args) => plan::run(&args, settings, io),
        Command::Batch(args) => batch::run(&args, settings, io),
        Command::Reagents(args) => reagents::run(&args, io),
        Command::Depict(args) => depict::run(&args, settings, io),
    };
    let flushed = io.stdout.flush().and_then(|()| io.stderr.flush());
    let closed_pipe = |error: &miette::Report| {
        error
            .downcast_ref::<WriteError>()
            .is_some_and(|e| e.0.kind() == io::ErrorKind::BrokenPipe)
    };
    match (status, flushed) {
        (Err(error), _) if closed_pipe(&error) => Ok(Status::SUCCESS),
        (Err(error), _) => Err(error),
        (_, Err(error)) if error.kind() == io::ErrorKind::BrokenPipe => Ok(Status::SUCCESS),
        (_, Err(error)) => Err(write_failed(error)),
        (Ok(code), Ok(())) => Ok(Status(code)),
    }
}

/// The source of input lines named by an argument.
#[derive(Debug)]
pub(crate) enum Source {
    Stdin,
    File(PathBuf),
    Smiles(String),
}

impl Source {
    /// `-` or no argument is standard input; an argument naming something that exists
    /// (a file, `/dev/stdin`, a named pipe such as `<(...)`) is a file; anything else is a
    /// SMILES.
    pub(crate) fn from_argument(argument: Option<&str>) -> Source {
        match argument {
            None | Some("-") => Source::Stdin,
            Some(argument) => {
                let path = PathBuf::from(argument);
                if std::fs::metadata(&path).is_ok() {
                    Source::File(path)
                } else {
                    Source::Smiles(argument.to_owned())
                }
            }
        }
    }
}

/// A help line for a SMILES argument that does not read but looks like a file name.
pub(crate) fn missing_file_help(argument: &str) -> Option<String> {
    let looks_like_path = argument.contains('/') && !argument.contains(['(', '=', '[', '@'])
        || [".smi", ".txt", ".tsv", ".csv", ".smiles", ".route", ".json"]
            .iter()
            .any(|ext| argument.ends_with(ext));
    looks_like_path
        .then(|| format!("no file named `{argument}` exists, so it was read as a SMILES"))
}
