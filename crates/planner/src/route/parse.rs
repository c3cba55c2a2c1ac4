//! The syntax of route files (grammar/route.ebnf), read line by line with nom. A bad line is
//! reported with its byte span into the whole file and reading goes on, so every error of a
//! file comes back at once. Nothing here recurses, and every line is read in linear time.

use nom::branch::alt;
use nom::bytes::complete::take_until;
use nom::bytes::complete::{tag, take_till, take_till1};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{eof, opt, recognize, rest};
use nom::multi::separated_list1;
use nom::sequence::preceded;
use nom::{IResult, Parser};
use regiochem_mol::{BuildError, Molecule};
use regiochem_rules::step::{Step, Temperature};
use regiochem_smiles::Span;

use super::{Expectation, MAX_ERRORS, MAX_ERRORS_PER_LINE, MAX_STEPS, Reaction, Route, RouteError};

/// A classified line; offsets are bytes from the start of the line.
enum Line<'a> {
    /// Blank, or a comment that is not a header.
    Nothing,
    /// `# key: value`.
    Header {
        key: &'a str,
        key_at: usize,
        value: &'a str,
        value_at: usize,
    },
    /// A reaction and the words after it.
    Step {
        reaction: &'a str,
        at: usize,
        words: Vec<(&'a str, usize)>,
    },
}

/// Which headers were seen, for duplicate checks.
#[derive(Default)]
struct Seen {
    target: bool,
    expect: bool,
    why: bool,
}

/// Reads a whole route file: `file ::= ( line newline )* line?`,
/// `newline ::= '\n' | '\r\n'`, `any ::= any character but a newline`,
/// `space ::= ' ' | '\t'`.
pub(super) fn read_route(text: &str) -> (Route, Vec<RouteError>) {
    let mut route = Route::default();
    let mut errors = Vec::new();
    let mut seen = Seen::default();
    let mut step_lines = 0usize;
    let mut offset = 0;
    let mut dropped = 0usize;
    let mut first_dropped = None;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let before = errors.len();
        match classify(line) {
            Line::Nothing => {}
            Line::Header {
                key,
                key_at,
                value,
                value_at,
            } => read_header(
                &mut route,
                &mut seen,
                key,
                Span::new(offset + key_at, offset + key_at + key.len()),
                value,
                offset + value_at,
                &mut errors,
            ),
            Line::Step {
                reaction,
                at,
                words,
            } => {
                step_lines += 1;
                if step_lines > MAX_STEPS {
                    if step_lines == MAX_STEPS + 1 {
                        errors.push(RouteError::TooManySteps {
                            max: MAX_STEPS,
                            span: Span::new(offset + at, offset + at + reaction.len()),
                        });
                    }
                } else if let Some(step) =
                    read_step(index + 1, offset, reaction, at, &words, &mut errors)
                {
                    route.steps.push(step);
                }
            }
        }
        // At most MAX_ERRORS_PER_LINE errors per line and MAX_ERRORS per file are kept; the
        // rest are counted.
        let keep = MAX_ERRORS_PER_LINE.min(MAX_ERRORS.saturating_sub(before));
        if errors.len() - before > keep {
            dropped += errors.len() - before - keep;
            first_dropped.get_or_insert_with(|| errors[before + keep].span());
            errors.truncate(before + keep);
        }
        offset += raw.len();
    }
    if let Some(span) = first_dropped {
        errors.push(RouteError::TooManyErrors {
            more: dropped,
            span: span.unwrap_or_default(),
        });
    }
    if step_lines == 0 {
        errors.push(RouteError::Empty {
            span: Span::new(0, 0),
        });
    }
    (route, errors)
}

/// `line ::= blank | header | comment | step`
fn classify(line: &str) -> Line<'_> {
    if blank(line).is_ok() {
        return Line::Nothing;
    }
    if let Ok((_, (key, key_at, value, value_at))) = header(line) {
        return Line::Header {
            key,
            key_at,
            value,
            value_at,
        };
    }
    if comment(line).is_ok() {
        return Line::Nothing;
    }
    match step(line) {
        Ok((_, found)) => found,
        // Unreachable for a line that is neither blank nor a comment (it holds a word), but a
        // step that reads as nothing is still reported rather than dropped.
        Err(_) => Line::Step {
            reaction: line.trim(),
            at: line.len() - line.trim_start().len(),
            words: Vec::new(),
        },
    }
}

/// `blank ::= space*`
fn blank(line: &str) -> IResult<&str, ()> {
    (space0, eof).map(|_| ()).parse(line)
}

/// `comment ::= space* '#' any*`
fn comment(line: &str) -> IResult<&str, ()> {
    (space0, char('#'), rest).map(|_| ()).parse(line)
}

/// `header ::= space* '#' space* header_key ':' space* header_value`,
/// `header_key ::= 'target' | 'expect' | 'why'`,
/// `header_value ::= any*`
fn header(line: &str) -> IResult<&str, (&str, usize, &str, usize)> {
    let (input, _) = (space0, char('#'), space0).parse(line)?;
    let key_at = line.len() - input.len();
    let (input, key) = alt((tag("target"), tag("expect"), tag("why"))).parse(input)?;
    let (input, _) = (char(':'), space0).parse(input)?;
    let value_at = line.len() - input.len();
    Ok(("", (key, key_at, input.trim_end(), value_at)))
}

/// `step ::= space* reaction ( space+ option )* space*`
fn step(line: &str) -> IResult<&str, Line<'_>> {
    let (input, _) = space0(line)?;
    let at = line.len() - input.len();
    let (mut input, reaction) = word(input)?;
    let mut words = Vec::new();
    while let Ok((after, found)) = preceded(space1, word).parse(input) {
        words.push((found, line.len() - after.len() - found.len()));
        input = after;
    }
    let (input, _) = (space0, eof).parse(input)?;
    Ok((
        input,
        Line::Step {
            reaction,
            at,
            words,
        },
    ))
}

/// `word ::= word_char+`, `word_char ::= any - space`
fn word(input: &str) -> IResult<&str, &str> {
    take_till1(|c: char| c == ' ' || c == '\t').parse(input)
}

/// `reaction ::= reactants '>' agents '>' product`, `reactants ::= smiles`,
/// `agents ::= smiles?`, `product ::= smiles`.
///
/// Read here as `part ( '>' part )*` with `part ::= ( word_char - '>' )*`; the number of parts
/// is checked by the caller so that each way of getting it wrong has its own error.
fn reaction(word: &str) -> IResult<&str, Vec<&str>> {
    let (input, parts) = separated_list1(char('>'), take_till(|c| c == '>')).parse(word)?;
    let (input, _) = eof(input)?;
    Ok((input, parts))
}

/// `option ::= key '=' value`, `key ::= [a-z]+`, `value ::= word_char*`
fn option(word: &str) -> IResult<&str, (&str, &str)> {
    let (input, key) = take_till1(|c: char| !c.is_ascii_lowercase()).parse(word)?;
    let (value, _) = char('=').parse(input)?;
    Ok(("", (key, value)))
}

/// `number ::= '-'? digit+ ( '.' digit+ )?`, `digit ::= [0-9]`
fn number(value: &str) -> IResult<&str, &str> {
    let (input, found) =
        recognize((opt(char('-')), digit1, opt((char('.'), digit1)))).parse(value)?;
    let (input, _) = eof(input)?;
    Ok((input, found))
}

/// `range ::= number ( '..' number )?`: one value or `low..high`.
fn range(value: &str) -> Option<(f64, f64)> {
    let read = |text: &str| {
        number(text)
            .ok()
            .and_then(|(_, digits)| digits.parse::<f64>().ok())
    };
    match take_until::<_, _, nom::error::Error<&str>>("..").parse(value) {
        Ok((rest, low)) => Some((read(low)?, read(&rest[2..])?)),
        Err(_) => read(value).map(|v| (v, v)),
    }
}

/// Checks one header and records it on the route: `target_value ::= smiles`,
/// `expect_value ::= 'pass' | 'fail'`, `why_value ::= any+`.
fn read_header(
    route: &mut Route,
    seen: &mut Seen,
    key: &str,
    key_span: Span,
    value: &str,
    value_at: usize,
    errors: &mut Vec<RouteError>,
) {
    let flag = match key {
        "target" => &mut seen.target,
        "expect" => &mut seen.expect,
        _ => &mut seen.why,
    };
    if *flag {
        errors.push(RouteError::DuplicateHeader {
            key: key.to_string(),
            span: key_span,
        });
        return;
    }
    *flag = true;
    let value_span = Span::new(value_at, value_at + value.len());
    let bad = |reason: &'static str| RouteError::BadHeader {
        key: key.to_string(),
        reason,
        span: value_span,
    };
    if value.is_empty() {
        errors.push(bad("no value"));
        return;
    }
    match key {
        "target" => {
            if value.contains([' ', '\t']) {
                errors.push(bad("expected one SMILES"));
                return;
            }
            match value.parse::<Molecule>() {
                Ok(molecule) => route.target = Some(molecule.to_string()),
                Err(error) => errors.push(bad_smiles("target", &error, value_at)),
            }
        }
        "expect" => match value {
            "pass" => route.expect = Some(Expectation::Pass),
            "fail" => route.expect = Some(Expectation::Fail),
            _ => errors.push(bad("expected `pass` or `fail`")),
        },
        _ => route.why = Some(value.to_string()),
    }
}

/// A SMILES error inside a part that starts at byte `at` of the file.
fn bad_smiles(part: &'static str, error: &BuildError, at: usize) -> RouteError {
    RouteError::BadSmiles {
        part,
        inner: error.stable_code().to_string(),
        reason: error.to_string(),
        span: error.span().shifted(at),
    }
}

/// Reads one step (the line starts at byte `offset`; the reaction at byte `at` of the line);
/// `None` when the line has an error, which then is in `errors`.
fn read_step(
    line: usize,
    offset: usize,
    text: &str,
    at: usize,
    words: &[(&str, usize)],
    errors: &mut Vec<RouteError>,
) -> Option<Reaction> {
    let before = errors.len();
    let start = offset + at;
    let span = Span::new(start, start + text.len());
    let parts = match reaction(text) {
        Ok((_, parts)) => parts,
        Err(_) => vec![text],
    };
    let mut molecules = None;
    match parts.as_slice() {
        [reactants, agents, product] => {
            let agents_at = start + reactants.len() + 1;
            let product_at = agents_at + agents.len() + 1;
            if reactants.is_empty() {
                errors.push(RouteError::MissingReactants {
                    span: Span::at(start),
                });
            }
            if product.is_empty() {
                errors.push(RouteError::MissingProduct {
                    span: Span::at(product_at - 1),
                });
            }
            let reactants = read_molecules(reactants, "reactants", start, errors);
            let agents = read_agents(agents, agents_at, errors);
            let product = read_molecule(product, "product", product_at, errors);
            molecules = Some((reactants, agents, product));
        }
        [_] | [_, _] => errors.push(RouteError::MissingProduct { span }),
        [first, second, third, ..] => errors.push(RouteError::ExtraArrow {
            span: Span::at(start + first.len() + second.len() + third.len() + 2),
        }),
        [] => errors.push(RouteError::MissingProduct { span }),
    }
    let options = read_options(offset, words, errors);
    match molecules {
        Some((Some(reactants), Some(agents), Some(product))) if errors.len() == before => {
            let mut reactants = reactants.into_iter();
            let mut step = Step::new(reactants.next()?);
            step.co_reactants = reactants.collect();
            step.agents = agents;
            options.apply(&mut step);
            Some(Reaction {
                step,
                product,
                line,
                span,
                text: text.to_string(),
            })
        }
        _ => None,
    }
}

/// One molecule from a non-empty part starting at byte `at` of the file.
fn read_molecule(
    smiles: &str,
    part: &'static str,
    at: usize,
    errors: &mut Vec<RouteError>,
) -> Option<Molecule> {
    if smiles.is_empty() {
        return None;
    }
    match smiles.parse::<Molecule>() {
        Ok(molecule) => Some(molecule),
        Err(error) => {
            errors.push(bad_smiles(part, &error, at));
            None
        }
    }
}

/// The dot-separated molecules of a non-empty part, in written order.
fn read_molecules(
    smiles: &str,
    part: &'static str,
    at: usize,
    errors: &mut Vec<RouteError>,
) -> Option<Vec<Molecule>> {
    read_molecule(smiles, part, at, errors).map(|molecule| molecule.components())
}

/// Canonical SMILES of each agent component, canonicalised on its own, sorted.
fn read_agents(smiles: &str, at: usize, errors: &mut Vec<RouteError>) -> Option<Vec<String>> {
    if smiles.is_empty() {
        return Some(Vec::new());
    }
    let molecule = read_molecule(smiles, "agents", at, errors)?;
    let mut agents: Vec<String> = molecule
        .components()
        .iter()
        .map(Molecule::to_string)
        .collect();
    agents.sort();
    Some(agents)
}

/// The options of one step as read; `None` where the line does not give one.
#[derive(Default)]
struct Options {
    equivalents: Option<f64>,
    acid: Option<f64>,
    temperature: Option<Temperature>,
    time_h: Option<f64>,
    concentration_m: Option<f64>,
    solvent: Option<String>,
}

impl Options {
    fn apply(self, step: &mut Step) {
        if let Some(eq) = self.equivalents {
            step.equivalents = eq;
        }
        if let Some(acid) = self.acid {
            step.acid = acid;
        }
        step.temperature = self.temperature;
        step.time_h = self.time_h;
        step.concentration_m = self.concentration_m;
        step.solvent = self.solvent;
    }
}

/// The step option keys, in the order the writer gives them.
const KEYS: [&str; 6] = ["eq", "acid", "temp", "time", "conc", "solvent"];

/// The lowest temperature a step may state, deg C (absolute zero).
const ABSOLUTE_ZERO: f64 = -273.15;

/// The option words (the line starts at byte `offset`): `eq` and `acid` (defaults 1 and 0),
/// `temp` (a number or `low..high`, deg C), `time` (h), `conc` (M) and `solvent` (a word).
fn read_options(offset: usize, words: &[(&str, usize)], errors: &mut Vec<RouteError>) -> Options {
    let mut options = Options::default();
    let mut seen = [false; KEYS.len()];
    for &(word, at) in words {
        let word_span = Span::new(offset + at, offset + at + word.len());
        let Ok((_, (key, value))) = option(word) else {
            errors.push(RouteError::BadOption { span: word_span });
            continue;
        };
        let key_span = Span::new(word_span.start, word_span.start + key.len());
        let value_span = Span::new(key_span.end + 1, word_span.end);
        let Some(slot) = KEYS.iter().position(|k| *k == key) else {
            errors.push(RouteError::UnknownKey {
                key: key.to_string(),
                span: key_span,
            });
            continue;
        };
        if seen[slot] {
            errors.push(RouteError::DuplicateKey {
                key: key.to_string(),
                span: key_span,
            });
            continue;
        }
        seen[slot] = true;
        if key == "solvent" {
            if value.is_empty() {
                errors.push(RouteError::OutOfRange {
                    key: key.to_string(),
                    reason: "must name a solvent",
                    span: word_span,
                });
            } else {
                options.solvent = Some(value.to_string());
            }
            continue;
        }
        let parsed = if key == "temp" {
            range(value)
        } else {
            number(value)
                .ok()
                .and_then(|(_, digits)| digits.parse::<f64>().ok())
                .map(|v| (v, v))
        };
        let Some((low, high)) = parsed else {
            errors.push(RouteError::BadNumber {
                key: key.to_string(),
                value: value.to_string(),
                span: if value.is_empty() {
                    word_span
                } else {
                    value_span
                },
            });
            continue;
        };
        let reason = if !(low.is_finite() && high.is_finite()) {
            Some("is too large")
        } else {
            match key {
                "eq" | "time" | "conc" if low <= 0.0 => Some("must be greater than 0"),
                "acid" if low < 0.0 => Some("must not be negative"),
                "temp" if low < ABSOLUTE_ZERO => Some("must be above absolute zero (-273.15)"),
                "temp" if low > high => Some("must run from the lower to the higher value"),
                _ => None,
            }
        };
        if let Some(reason) = reason {
            errors.push(RouteError::OutOfRange {
                key: key.to_string(),
                reason,
                span: value_span,
            });
            continue;
        }
        match key {
            "eq" => options.equivalents = Some(low),
            "acid" => options.acid = Some(low),
            "temp" => options.temperature = Some(Temperature::range(low, high)),
            "time" => options.time_h = Some(low),
            _ => options.concentration_m = Some(low),
        }
    }
    options
}

#[cfg(test)]
mod tidy {
    /// Every production of `grammar/route.ebnf` is quoted in this file's doc comments.
    #[test]
    fn every_production_is_quoted() {
        let grammar = include_str!("../../../../grammar/route.ebnf");
        let source = include_str!("parse.rs");
        let docs: Vec<&str> = source
            .lines()
            .filter(|l| l.trim_start().starts_with("///"))
            .collect();
        let mut names = 0;
        for line in grammar.lines() {
            let Some((name, _)) = line.split_once("::=") else {
                continue;
            };
            let name = name.trim();
            if name.is_empty() || name.contains(' ') {
                continue;
            }
            names += 1;
            let quoted = docs.iter().any(|l| {
                l.match_indices(&format!("{name} ::=")).any(|(at, _)| {
                    !l[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
            });
            assert!(
                quoted,
                "production {name} is not quoted by a parser function"
            );
        }
        assert!(names >= 25, "{names}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes and spanned texts of the errors of `text`.
    fn check(text: &str, expect: &[(&str, &str)]) {
        let (_, errors) = read_route(text);
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| {
                let span = e.span().unwrap();
                (e.stable_code(), &text[span.start..span.end])
            })
            .collect();
        assert_eq!(found, expect, "{errors:?}");
    }

    #[test]
    fn one_step_with_headers_and_options() {
        let text = "# target: C1CNCCNC1\n# expect: fail\n# why: just because \n\n\
                    # another comment\n  C1CNCCNC1.CI>CO.[Na+].[OH-]>CN1CCCNCC1  eq=0.5\tacid=2\n";
        let (route, errors) = read_route(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(route.target.as_deref(), Some("C1CNCCCN1"));
        assert_eq!(route.expect, Some(Expectation::Fail));
        assert_eq!(route.why.as_deref(), Some("just because"));
        let step = &route.steps[0];
        assert_eq!(step.line, 6);
        assert_eq!(&text[step.span.start..step.span.end], step.text);
        assert_eq!(step.text, "C1CNCCNC1.CI>CO.[Na+].[OH-]>CN1CCCNCC1");
        assert_eq!(step.reactants().count(), 2);
        assert_eq!(step.step.co_reactants[0].to_string(), "CI");
        assert_eq!(step.step.agents, ["CO", "[Na+]", "[OH-]"]);
        assert_eq!((step.step.equivalents, step.step.acid), (0.5, 2.0));
    }

    #[test]
    fn empty_agents_and_defaults() {
        let (route, errors) = read_route("CCN.CC(=O)Cl>>CCNC(C)=O\n");
        assert!(errors.is_empty(), "{errors:?}");
        let step = &route.steps[0].step;
        assert!(step.agents.is_empty());
        assert_eq!((step.equivalents, step.acid), (1.0, 0.0));
        assert_eq!(
            (step.temperature, step.time_h, step.concentration_m),
            (None, None, None)
        );
        assert!(step.solvent.is_none());
    }

    #[test]
    fn agents_are_canonicalised_one_by_one() {
        let (route, _) = read_route("CCN>O=C([O-])[O-].[K+].[K+].CC#N>CCN\n");
        assert_eq!(
            route.steps[0].step.agents,
            ["CC#N", "[K+]", "[K+]", "[O-]C([O-])=O"]
        );
    }

    #[test]
    fn missing_product() {
        check("CCN.CI>CO\n", &[("route::missing_product", "CCN.CI>CO")]);
        check("CCN.CI>CO>\n", &[("route::missing_product", ">")]);
        check("CCN\n", &[("route::missing_product", "CCN")]);
    }

    #[test]
    fn missing_reactants() {
        check(">CO>CCN\n", &[("route::missing_reactants", ">")]);
    }

    #[test]
    fn extra_arrow() {
        check("C>C>C>C\n", &[("route::extra_arrow", ">")]);
        let (_, errors) = read_route("C>C>C>C\n");
        assert_eq!(errors[0].span(), Some(Span::at(5)));
    }

    #[test]
    fn bad_smiles_points_into_the_file() {
        let text = "# a\nCCN.C(C>CO>CCN\n";
        let (_, errors) = read_route(text);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].stable_code(), "route::bad_smiles");
        // The unclosed branch opens at byte 5 of the line.
        assert_eq!(errors[0].span().unwrap().start, 4 + 5);
    }

    #[test]
    fn every_bad_part_is_reported() {
        check(
            "C(>X>C1 eq=0 heat=80 eq=2\n",
            &[
                ("route::bad_smiles", "("),
                ("route::bad_smiles", "X"),
                ("route::bad_smiles", "1"),
                ("route::out_of_range", "0"),
                ("route::unknown_key", "heat"),
                ("route::duplicate_key", "eq"),
            ],
        );
    }

    #[test]
    fn options() {
        check("C>>C eq=abc\n", &[("route::bad_number", "abc")]);
        check("C>>C eq=\n", &[("route::bad_number", "eq=")]);
        check("C>>C eq=1.\n", &[("route::bad_number", "1.")]);
        check("C>>C acid=-1\n", &[("route::out_of_range", "-1")]);
        check("C>>C eq=-0.5\n", &[("route::out_of_range", "-0.5")]);
        check("C>>C Eq=1\n", &[("route::bad_option", "Eq=1")]);
        check("C>>C 80C\n", &[("route::bad_option", "80C")]);
        let huge = format!("C>>C eq={}\n", "9".repeat(400));
        let (_, errors) = read_route(&huge);
        assert_eq!(errors[0].stable_code(), "route::out_of_range");
    }

    #[test]
    fn conditions() {
        let (route, errors) =
            read_route("C>>C temp=0..25 time=16 conc=0.005 solvent=MeOH\nC>>C temp=-78\n");
        assert!(errors.is_empty(), "{errors:?}");
        let step = &route.steps[0].step;
        assert_eq!(step.temperature, Some(Temperature::range(0.0, 25.0)));
        assert_eq!(
            (step.time_h, step.concentration_m, step.solvent.as_deref()),
            (Some(16.0), Some(0.005), Some("MeOH"))
        );
        assert_eq!(
            route.steps[1].step.temperature,
            Some(Temperature::at(-78.0))
        );
        check("C>>C temp=25..0\n", &[("route::out_of_range", "25..0")]);
        check("C>>C temp=-300\n", &[("route::out_of_range", "-300")]);
        check("C>>C temp=0..\n", &[("route::bad_number", "0..")]);
        check("C>>C temp=hot\n", &[("route::bad_number", "hot")]);
        check("C>>C time=0\n", &[("route::out_of_range", "0")]);
        check("C>>C conc=-1\n", &[("route::out_of_range", "-1")]);
        check("C>>C solvent=\n", &[("route::out_of_range", "solvent=")]);
        check("C>>C time=1 time=2\n", &[("route::duplicate_key", "time")]);
    }

    #[test]
    fn headers() {
        check("# expect: maybe\nC>>C\n", &[("route::bad_header", "maybe")]);
        check("# target: C(\nC>>C\n", &[("route::bad_smiles", "(")]);
        check(
            "# target: CCO ethanol\nC>>C\n",
            &[("route::bad_header", "CCO ethanol")],
        );
        check(
            "# why: a\n# why: b\nC>>C\n",
            &[("route::duplicate_header", "why")],
        );
        // Not headers: other keys and other spellings are plain comments.
        check("# note: x\n# Target: y\n#targets: z\nC>>C\n", &[]);
    }

    #[test]
    fn empty_file() {
        check("", &[("route::empty", "")]);
        check("# target: C\n\n", &[("route::empty", "")]);
    }

    #[test]
    fn too_many_steps() {
        let text = "C>>C\n".repeat(MAX_STEPS + 2);
        let (route, errors) = read_route(&text);
        assert_eq!(route.steps.len(), MAX_STEPS);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].stable_code(), "route::too_many_steps");
    }

    #[test]
    fn errors_are_capped_per_line_and_per_file() {
        let line = format!("C>>C{}\n", " x".repeat(2_000));
        let (_, errors) = read_route(&line);
        assert_eq!(errors.len(), MAX_ERRORS_PER_LINE + 1);
        assert_eq!(
            errors.last(),
            Some(&RouteError::TooManyErrors {
                more: 2_000 - MAX_ERRORS_PER_LINE,
                span: Span::new(5 + 2 * MAX_ERRORS_PER_LINE, 6 + 2 * MAX_ERRORS_PER_LINE),
            })
        );
        let text = format!("C>>C\n{}", "# why: x\n".repeat(16_000));
        let (_, errors) = read_route(&text);
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert_eq!(errors[MAX_ERRORS].stable_code(), "route::too_many_errors");
    }

    #[test]
    fn crlf_and_spans() {
        let text = "C>>C\r\nCC>>CC eq=2\r\n";
        let (route, errors) = read_route(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(route.steps[1].span, Span::new(6, 12));
        assert_eq!(route.steps[1].step.equivalents, 2.0);
    }

    #[test]
    fn a_very_long_line_reads() {
        let chain = "C".repeat(200_000);
        let text = format!("{chain}>>{chain} eq=2\n");
        let (route, errors) = read_route(&text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(route.steps[0].product.atom_count(), 200_000);
    }
}
