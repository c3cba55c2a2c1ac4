//! The `regiochem` command line: the only crate that does IO, knows clap or renders
//! diagnostics for terminals.
//!
//! [`run`] takes parsed arguments and an [`Io`] (standard streams, or buffers in tests) and
//! returns the exit status: 0 success, 2 bad input or usage.
#![warn(missing_docs)]

mod batch;
mod depict;
mod input;
mod matching;
mod plan;
mod predict;
mod read;
mod render;
mod report;
mod sites;
mod validate;

pub use batch::BatchArgs;
pub use depict::DepictArgs;
pub use plan::{Format, PlanArgs, SearchArgs};
pub use predict::PredictArgs;
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
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One JSON object per input line: canonical SMILES, formula, mass, hydrogens, rings.
    Parse(ReadArgs),
    /// Read and perceive every line; print errors and a one-line summary.
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
pub fn run(cli: Cli, io: &mut Io<'_>) -> miette::Result<ExitCode> {
    let status = match cli.command {
        Command::Parse(args) => read::run(read::Mode::Parse, &args, io),
        Command::Check(args) => read::run(read::Mode::Check, &args, io),
        Command::Canon(args) => read::run(read::Mode::Canon, &args, io),
        Command::Match(args) => matching::run(&args, io),
        Command::Sites(args) => sites::run(&args, io),
        Command::Predict(args) => predict::run(&args, io),
        Command::Validate(args) => validate::run(&args, io),
        Command::Plan(args) => plan::run(&args, io),
        Command::Batch(args) => batch::run(&args, io),
        Command::Depict(args) => depict::run(&args, io),
    };
    let flushed = io.stdout.flush().and_then(|()| io.stderr.flush());
    match (status, flushed) {
        (Ok(code), Ok(())) => Ok(ExitCode::from(code)),
        (Err(error), _) => Err(error),
        (_, Err(error)) if error.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        (_, Err(error)) => Err(miette::miette!("cannot write output: {error}")),
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
    pub(crate) fn from_argument(argument: Option<&str>) -> miette::Result<Source> {
        let Some(argument) = argument else {
            return Ok(Source::Stdin);
        };
        if argument == "-" {
            return Ok(Source::Stdin);
        }
        let path = PathBuf::from(argument);
        if path.is_file() {
            return Ok(Source::File(path));
        }
        let looks_like_path = argument.contains('/') && !argument.contains(['(', '=', '[', '@'])
            || [".smi", ".txt", ".tsv", ".csv", ".smiles"]
                .iter()
                .any(|ext| argument.ends_with(ext));
        if looks_like_path {
            return Err(miette::miette!(
                code = "input::not_found",
                "cannot open {argument}: no such file"
            ));
        }
        Ok(Source::Smiles(argument.to_owned()))
    }
}
