//! `regiochem._native`: the command line run in-process for Python.
//!
//! One function, `run`, takes the words of a `regiochem` command line and its standard
//! input, runs [`regiochem_cli::run`] with the GIL released, and returns the exit status and
//! what the command wrote. The Python package (`python/regiochem/`) builds the words and reads
//! the JSON, so a Python result is exactly the CLI's `--json` record. A command that fails
//! with a diagnostic raises `RegiochemError` with its stable code and byte offset.

use clap::Parser;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use regiochem_cli::{Cli, Io};

create_exception!(
    _native,
    RegiochemError,
    PyValueError,
    "A regiochem error: bad input or usage. `args` holds (message, code, offset)."
);

/// What a command wrote: exit status, standard output, standard error.
type Output = (u8, String, String);

/// A failed command: its message, stable code and byte offset (if the error points at input).
struct Failure {
    message: String,
    code: Option<String>,
    offset: Option<usize>,
}

/// Runs `regiochem ARGS` with `stdin`; `args` excludes the program name.
#[pyfunction]
#[pyo3(signature = (args, stdin = String::new()))]
fn run(py: Python<'_>, args: Vec<String>, stdin: String) -> PyResult<Output> {
    let outcome = py.detach(move || execute(&args, stdin));
    outcome
        .map_err(|failure| RegiochemError::new_err((failure.message, failure.code, failure.offset)))
}

fn execute(args: &[String], stdin: String) -> Result<Output, Failure> {
    let words = std::iter::once("regiochem").chain(args.iter().map(String::as_str));
    let cli = Cli::try_parse_from(words).map_err(|error| Failure {
        message: error.to_string(),
        code: Some("usage".to_string()),
        offset: None,
    })?;
    let mut out = Vec::new();
    let mut err = Vec::new();
    let result = {
        let mut io = Io {
            stdin: Box::new(std::io::Cursor::new(stdin.into_bytes())),
            stdout: Box::new(&mut out),
            stderr: Box::new(&mut err),
        };
        regiochem_cli::run(cli, &mut io)
    };
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    match result {
        Ok(status) => Ok((status.code(), text(out), text(err))),
        Err(report) => Err(Failure {
            message: report.to_string(),
            code: report.code().map(|c| c.to_string()),
            offset: report
                .labels()
                .and_then(|mut labels| labels.next())
                .map(|label| label.offset()),
        }),
    }
}

/// The native half of the `regiochem` package.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(run, module)?)?;
    module.add("RegiochemError", module.py().get_type::<RegiochemError>())?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
