//! `parse`, `check` and `canon`: read SMILES line by line, one record per line.

use std::io::Write;

use regiochem_mol::{BuildError, BuildOptions, Builder, Molecule, SmilesWriter, Valence};
use serde::Serialize;

use crate::render;
use crate::{Io, ReadArgs, Settings, Source, write_failed};

/// Which command.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Parse,
    Check,
    Canon,
}

#[derive(Serialize)]
struct Record<'a> {
    title: Option<&'a str>,
    input: &'a str,
    smiles: String,
    formula: String,
    mass: f64,
    heavy_atoms: usize,
    total_hydrogens: usize,
    hydrogens: Vec<u8>,
    charge: i32,
    rings: usize,
    aromatic_atoms: usize,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    title: Option<&'a str>,
    input: &'a str,
    error: ErrorInfo<'a>,
}

/// The `error` object of a JSON error record (`parse`, `depict --json`).
#[derive(Serialize)]
pub(crate) struct ErrorInfo<'a> {
    pub(crate) code: &'a str,
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// Splits a line into SMILES and title at the first blank, as the reader does.
pub(crate) fn split_title(line: &str) -> (&str, Option<&str>) {
    match memchr::memchr2(b' ', b'\t', line.as_bytes()) {
        Some(end) => {
            let title = line[end..].trim();
            (&line[..end], (!title.is_empty()).then_some(title))
        }
        None => (line, None),
    }
}

pub(crate) fn run(
    mode: Mode,
    args: &ReadArgs,
    settings: Settings,
    io: &mut Io<'_>,
) -> miette::Result<u8> {
    let options = BuildOptions {
        valence: if args.lenient {
            Valence::Lenient
        } else {
            Valence::Strict
        },
    };
    let source = Source::from_argument(args.input.as_deref());
    if let Source::Smiles(text) = &source {
        let smiles = regiochem_smiles::parse(text).map_err(BuildError::from);
        let built = smiles.and_then(|s| regiochem_mol::build(&s, &options));
        if let Err(error) = built {
            return Err(render::report(error, text));
        }
    }
    let mut lines = crate::input::open(source, &mut io.stdin, settings)?;
    // One parser and one builder for the whole input: their buffers are reused line to line.
    let mut parser = regiochem_smiles::Parser::new();
    let mut builder = Builder::new(options);
    let mut writer = SmilesWriter::new();
    let mut canonical = String::new();
    let (mut total, mut errors) = (0usize, 0usize);
    let out = &mut io.stdout;
    let err = &mut io.stderr;
    loop {
        let next = lines.next_line().map_err(crate::input::read_failed)?;
        let Some(line) = next else { break };
        total += 1;
        let text = match line {
            Ok(text) => text,
            Err((error, lossy)) => {
                errors += 1;
                let (smiles, title) = split_title(&lossy);
                report_error(
                    mode,
                    out,
                    err,
                    total,
                    &lossy,
                    smiles,
                    title,
                    error.code,
                    error.offset,
                    error.message.to_owned(),
                )
                .map_err(write_failed)?;
                continue;
            }
        };
        let parsed = parser.parse(text).map_err(BuildError::from);
        // `check` reports only whether each line builds: `Builder::check` gives the same
        // answer as `build` without perceiving what nothing reads.
        let result = match mode {
            Mode::Check => parsed
                .and_then(|smiles| builder.check(smiles))
                .map(|()| None),
            // `canon` writes the string as it builds (the writer takes the builder's
            // neighbour lists).
            Mode::Canon => {
                canonical.clear();
                parsed
                    .and_then(|smiles| builder.build_canonical(smiles, &mut writer, &mut canonical))
                    .map(Some)
            }
            Mode::Parse => parsed.and_then(|smiles| builder.build(smiles)).map(Some),
        };
        let (smiles_text, title) = split_title(text);
        match result {
            Ok(None) => {}
            Ok(Some(molecule)) => match mode {
                Mode::Check => {}
                Mode::Canon => {
                    if let Some(title) = title {
                        canonical.push('\t');
                        canonical.push_str(title);
                    }
                    canonical.push('\n');
                    out.write_all(canonical.as_bytes()).map_err(write_failed)?;
                }
                Mode::Parse => {
                    let record = describe(&molecule, smiles_text, title);
                    serde_json::to_writer(&mut *out, &record)
                        .map_err(|e| write_failed(e.into()))?;
                    writeln!(out).map_err(write_failed)?;
                }
            },
            Err(error) => {
                errors += 1;
                report_error(
                    mode,
                    out,
                    err,
                    total,
                    text,
                    smiles_text,
                    title,
                    error.stable_code(),
                    error.span().start,
                    error.to_string(),
                )
                .map_err(write_failed)?;
            }
        }
    }
    if mode == Mode::Check {
        writeln!(
            out,
            "{total} molecules: {} ok, {errors} errors",
            total - errors
        )
        .map_err(write_failed)?;
        return Ok(if errors > 0 { 2 } else { 0 });
    }
    Ok(0)
}

fn describe<'a>(molecule: &Molecule, input: &'a str, title: Option<&'a str>) -> Record<'a> {
    Record {
        title,
        input,
        smiles: molecule.to_string(),
        formula: molecule.formula(),
        mass: (molecule.average_mass() * 1000.0).round() / 1000.0,
        heavy_atoms: molecule.heavy_atom_count(),
        total_hydrogens: molecule.total_hydrogens(),
        hydrogens: molecule.atoms().map(|(_, atom)| atom.hydrogens()).collect(),
        charge: molecule.net_charge(),
        rings: molecule.ring_count(),
        aromatic_atoms: molecule.aromatic_atom_count(),
    }
}

#[allow(clippy::too_many_arguments)]
fn report_error(
    mode: Mode,
    out: &mut dyn Write,
    err: &mut dyn Write,
    line_number: usize,
    line: &str,
    smiles: &str,
    title: Option<&str>,
    code: &str,
    offset: usize,
    message: String,
) -> std::io::Result<()> {
    match mode {
        Mode::Parse => {
            let record = ErrorRecord {
                title,
                input: smiles,
                error: ErrorInfo {
                    code,
                    offset,
                    message,
                },
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)
        }
        Mode::Canon => {
            writeln!(out)?;
            err.write_all(render::compact(line_number, line, code, offset, &message).as_bytes())
        }
        Mode::Check => {
            err.write_all(render::compact(line_number, line, code, offset, &message).as_bytes())
        }
    }
}
