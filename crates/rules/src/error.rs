//! Errors of rules files: every one carries the byte span it is about and a stable code.

use regiochem_smiles::Span;

/// One problem in a rules file.
#[derive(Clone, Debug, PartialEq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum RuleError {
    /// A line that is neither a header, a field nor a comment.
    #[error("expected `rule NAME`, `check NAME`, an indented `key value` field or a comment")]
    #[diagnostic(code(rules::bad_line))]
    BadLine {
        /// The line.
        #[label("cannot read this line")]
        span: Span,
    },
    /// A field before the first header.
    #[error("field outside any rule or check")]
    #[diagnostic(code(rules::field_outside_entry))]
    FieldOutsideEntry {
        /// The key.
        #[label("no `rule` or `check` line above")]
        span: Span,
    },
    /// A key this kind of entry does not have.
    #[error("unknown key `{key}`")]
    #[diagnostic(code(rules::unknown_key))]
    UnknownKey {
        /// The key.
        key: String,
        /// Where.
        #[label("not a key of this entry")]
        span: Span,
    },
    /// A key given twice (only `note` may repeat).
    #[error("`{key}` given twice")]
    #[diagnostic(code(rules::duplicate_field))]
    DuplicateField {
        /// The key.
        key: String,
        /// The second one.
        #[label("already given above")]
        span: Span,
    },
    /// A required key is missing.
    #[error("`{name}` has no `{key}`")]
    #[diagnostic(code(rules::missing_field))]
    MissingField {
        /// The entry.
        name: String,
        /// The key.
        key: &'static str,
        /// The entry's name.
        #[label("needs a `{key}` line")]
        span: Span,
    },
    /// A value that does not fit its key.
    #[error("bad value for `{key}`: {reason}")]
    #[diagnostic(code(rules::bad_value))]
    BadValue {
        /// The key.
        key: String,
        /// Why.
        reason: String,
        /// The value.
        #[label("{reason}")]
        span: Span,
    },
    /// Two entries with one name.
    #[error("`{name}` is defined twice")]
    #[diagnostic(code(rules::duplicate_name))]
    DuplicateName {
        /// The name.
        name: String,
        /// The second definition.
        #[label("already defined above")]
        span: Span,
    },
    /// A template or pattern that does not parse or is inconsistent.
    #[error("bad SMARTS: {reason}")]
    #[diagnostic(code(rules::bad_smarts))]
    BadSmarts {
        /// The underlying error's code.
        inner: String,
        /// What is wrong.
        reason: String,
        /// Where in the file.
        #[label("{reason}")]
        span: Span,
    },
    /// A kinetic parameter (`rate`, `steric`, `beta`) outside its range.
    #[error("`{key}` must be between {min} and {max}")]
    #[diagnostic(
        code(rules::out_of_range),
        help("the ranges of the kinetic parameters are in grammar/rules.ebnf")
    )]
    OutOfRange {
        /// The key.
        key: String,
        /// The least value allowed.
        min: f64,
        /// The greatest value allowed.
        max: f64,
        /// The value.
        #[label("out of range")]
        span: Span,
    },
    /// More errors than are reported (per line or per file); the first ones are kept.
    #[error("and {more} more error(s), not shown")]
    #[diagnostic(code(rules::too_many_errors))]
    TooManyErrors {
        /// How many errors were left out.
        more: usize,
        /// The first error left out.
        #[label("the first error not shown")]
        span: Span,
    },
    /// A condition no reagent creates.
    #[error("no reagent creates the condition `{condition}`")]
    #[diagnostic(code(rules::unknown_condition))]
    UnknownCondition {
        /// The condition.
        condition: String,
        /// Where.
        #[label("unknown condition")]
        span: Span,
    },
}

impl RuleError {
    /// The stable code, e.g. `rules::unknown_key`.
    pub fn stable_code(&self) -> &'static str {
        match self {
            RuleError::BadLine { .. } => "rules::bad_line",
            RuleError::FieldOutsideEntry { .. } => "rules::field_outside_entry",
            RuleError::UnknownKey { .. } => "rules::unknown_key",
            RuleError::DuplicateField { .. } => "rules::duplicate_field",
            RuleError::MissingField { .. } => "rules::missing_field",
            RuleError::BadValue { .. } => "rules::bad_value",
            RuleError::DuplicateName { .. } => "rules::duplicate_name",
            RuleError::BadSmarts { .. } => "rules::bad_smarts",
            RuleError::UnknownCondition { .. } => "rules::unknown_condition",
            RuleError::OutOfRange { .. } => "rules::out_of_range",
            RuleError::TooManyErrors { .. } => "rules::too_many_errors",
        }
    }

    /// The byte span in the rules file.
    pub fn span(&self) -> Span {
        match self {
            RuleError::BadLine { span }
            | RuleError::FieldOutsideEntry { span }
            | RuleError::UnknownKey { span, .. }
            | RuleError::DuplicateField { span, .. }
            | RuleError::MissingField { span, .. }
            | RuleError::BadValue { span, .. }
            | RuleError::DuplicateName { span, .. }
            | RuleError::BadSmarts { span, .. }
            | RuleError::UnknownCondition { span, .. }
            | RuleError::OutOfRange { span, .. }
            | RuleError::TooManyErrors { span, .. } => *span,
        }
    }
}

/// At most this many errors are reported per line of a rules file.
pub const MAX_ERRORS_PER_LINE: usize = 10;

/// At most this many errors are reported per rules file; the rest are counted in one
/// [`RuleError::TooManyErrors`].
pub const MAX_ERRORS: usize = 100;

impl RulesError {
    /// The errors of `text` in file order, at most [`MAX_ERRORS_PER_LINE`] per line and
    /// [`MAX_ERRORS`] in all, then one [`RuleError::TooManyErrors`] counting the rest. Lines
    /// are found once for the whole file, so this is `O(n log n)` in the errors.
    pub fn capped(text: &str, mut errors: Vec<RuleError>) -> RulesError {
        errors.sort_by_key(|e| e.span().start);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
        let mut kept = Vec::with_capacity(errors.len().min(MAX_ERRORS + 1));
        let mut more = 0;
        let mut first_dropped = None;
        let mut line = (usize::MAX, 0);
        for error in errors {
            let at = line_of(error.span().start);
            if at == line.0 {
                line.1 += 1;
            } else {
                line = (at, 1);
            }
            if line.1 > MAX_ERRORS_PER_LINE || kept.len() >= MAX_ERRORS {
                more += 1;
                first_dropped.get_or_insert(error.span());
            } else {
                kept.push(error);
            }
        }
        if let Some(span) = first_dropped {
            kept.push(RuleError::TooManyErrors { more, span });
        }
        RulesError { errors: kept }
    }
}

impl RulesError {
    /// The first [`MAX_ERRORS`] of `errors`, then one [`RuleError::TooManyErrors`] counting
    /// the rest.
    pub fn capped_total(mut errors: Vec<RuleError>) -> RulesError {
        if errors.len() > MAX_ERRORS {
            let more = errors.len() - MAX_ERRORS;
            let span = errors[MAX_ERRORS].span();
            errors.truncate(MAX_ERRORS);
            errors.push(RuleError::TooManyErrors { more, span });
        }
        RulesError { errors }
    }
}

/// Every problem of a rules file.
#[derive(Clone, Debug, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{} error(s) in the rules file", errors.len())]
#[diagnostic(code(rules::invalid_file))]
pub struct RulesError {
    /// The problems, in file order.
    #[related]
    pub errors: Vec<RuleError>,
}
