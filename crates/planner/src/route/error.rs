//! Errors of routes: in the text form every one carries the byte span it is about (into the
//! whole file) and a stable code; errors of the JSON tree name the node instead.

use regiochem_smiles::Span;

/// One problem in a route.
#[derive(Clone, Debug, PartialEq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum RouteError {
    /// A step with fewer than two `>`, or nothing after the second one.
    #[error("a step needs a product: `reactants>agents>product`")]
    #[diagnostic(code(route::missing_product))]
    MissingProduct {
        /// The reaction (or, when it is only missing after the second `>`, the end of it).
        #[label("no product")]
        span: Span,
    },
    /// A step with nothing before the first `>`.
    #[error("a step needs at least one reactant: `reactants>agents>product`")]
    #[diagnostic(code(route::missing_reactants))]
    MissingReactants {
        /// The first `>`.
        #[label("no reactant before this")]
        span: Span,
    },
    /// A step with more than two `>`.
    #[error("too many `>`: a step is `reactants>agents>product`")]
    #[diagnostic(code(route::extra_arrow))]
    ExtraArrow {
        /// The third `>`.
        #[label("a third `>`")]
        span: Span,
    },
    /// A SMILES that does not read or does not make a molecule.
    #[error("bad SMILES in the {part}: {reason}")]
    #[diagnostic(code(route::bad_smiles))]
    BadSmiles {
        /// `reactants`, `agents`, `product` or `target`.
        part: &'static str,
        /// The underlying error's code (`smiles::...` or `mol::...`).
        inner: String,
        /// The underlying error's message.
        reason: String,
        /// The underlying error's span, moved into the file.
        #[label("{reason}")]
        span: Span,
    },
    /// A word after the reaction that is not `key=value`.
    #[error("expected `key=value` after the reaction")]
    #[diagnostic(code(route::bad_option))]
    BadOption {
        /// The word.
        #[label("not `key=value`")]
        span: Span,
    },
    /// A key other than the step options.
    #[error("unknown key `{key}`")]
    #[diagnostic(
        code(route::unknown_key),
        help("the keys are `eq`, `acid`, `temp`, `time`, `conc` and `solvent`")
    )]
    UnknownKey {
        /// The key.
        key: String,
        /// Where.
        #[label("not a step option")]
        span: Span,
    },
    /// A key given twice on one step.
    #[error("`{key}` given twice")]
    #[diagnostic(code(route::duplicate_key))]
    DuplicateKey {
        /// The key.
        key: String,
        /// The second one.
        #[label("already given on this step")]
        span: Span,
    },
    /// A value that is not a decimal number.
    #[error("`{key}` needs a number, not `{value}`")]
    #[diagnostic(code(route::bad_number))]
    BadNumber {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
        /// The value.
        #[label("not a number")]
        span: Span,
    },
    /// A value outside its key's range (`eq` > 0, `acid` >= 0, `temp` low to high, ...).
    #[error("`{key}` {reason}")]
    #[diagnostic(code(route::out_of_range))]
    OutOfRange {
        /// The key.
        key: String,
        /// The range it must be in.
        reason: &'static str,
        /// The value.
        #[label("{reason}")]
        span: Span,
    },
    /// A `# target:`, `# expect:` or `# why:` line with a bad value.
    #[error("bad `{key}` header: {reason}")]
    #[diagnostic(code(route::bad_header))]
    BadHeader {
        /// The header key.
        key: String,
        /// What is wrong.
        reason: &'static str,
        /// The value (or where it should be).
        #[label("{reason}")]
        span: Span,
    },
    /// A header given twice.
    #[error("`{key}` header given twice")]
    #[diagnostic(code(route::duplicate_header))]
    DuplicateHeader {
        /// The header key.
        key: String,
        /// The second one.
        #[label("already given above")]
        span: Span,
    },
    /// A file without any step.
    #[error("the route has no step")]
    #[diagnostic(
        code(route::empty),
        help(
            "a step is a line `reactants>agents>product`, optionally followed by `eq=` and `acid=`"
        )
    )]
    Empty {
        /// The start of the file.
        #[label("no step in this file")]
        span: Span,
    },
    /// More steps than [`MAX_STEPS`](crate::route::MAX_STEPS).
    #[error("more than {max} steps")]
    #[diagnostic(code(route::too_many_steps))]
    TooManySteps {
        /// The limit.
        max: usize,
        /// The first step past the limit.
        #[label("one step too many")]
        span: Span,
    },
    /// More errors than are reported (per line or per file); the first ones are kept.
    #[error("and {more} more error(s), not shown")]
    #[diagnostic(code(route::too_many_errors))]
    TooManyErrors {
        /// How many errors were left out.
        more: usize,
        /// The first error left out.
        #[label("the first error not shown")]
        span: Span,
    },
    /// A JSON reaction tree that is not a linear route, or whose nodes do not read.
    #[error("bad reaction tree: {reason}")]
    #[diagnostic(code(route::bad_tree))]
    BadTree {
        /// What is wrong, naming the node's SMILES.
        reason: String,
    },
    /// A JSON reaction tree where one reaction has more than one reactant made by a reaction.
    #[error(
        "branching reaction tree: the reaction to `{product}` has {count} reactants made by reactions; a route has one"
    )]
    #[diagnostic(code(route::branching_tree))]
    BranchingTree {
        /// The reaction's product.
        product: String,
        /// How many of its reactants have reaction children.
        count: usize,
    },
    /// A route whose step does not start from the previous step's product (no tree can hold it).
    #[error("step {step} starts from `{substrate}`, not from the previous product `{previous}`")]
    #[diagnostic(code(route::broken_chain))]
    BrokenChain {
        /// The step (1-based, in route order).
        step: usize,
        /// Its substrate.
        substrate: String,
        /// The previous step's product.
        previous: String,
    },
}

impl RouteError {
    /// The stable code, e.g. `route::unknown_key`.
    pub fn stable_code(&self) -> &'static str {
        match self {
            RouteError::MissingProduct { .. } => "route::missing_product",
            RouteError::MissingReactants { .. } => "route::missing_reactants",
            RouteError::ExtraArrow { .. } => "route::extra_arrow",
            RouteError::BadSmiles { .. } => "route::bad_smiles",
            RouteError::BadOption { .. } => "route::bad_option",
            RouteError::UnknownKey { .. } => "route::unknown_key",
            RouteError::DuplicateKey { .. } => "route::duplicate_key",
            RouteError::BadNumber { .. } => "route::bad_number",
            RouteError::OutOfRange { .. } => "route::out_of_range",
            RouteError::BadHeader { .. } => "route::bad_header",
            RouteError::DuplicateHeader { .. } => "route::duplicate_header",
            RouteError::Empty { .. } => "route::empty",
            RouteError::TooManySteps { .. } => "route::too_many_steps",
            RouteError::TooManyErrors { .. } => "route::too_many_errors",
            RouteError::BadTree { .. } => "route::bad_tree",
            RouteError::BranchingTree { .. } => "route::branching_tree",
            RouteError::BrokenChain { .. } => "route::broken_chain",
        }
    }

    /// The byte span in the route file; `None` for errors of a JSON tree or of a route's
    /// structure, which are about no text.
    pub fn span(&self) -> Option<Span> {
        match self {
            RouteError::MissingProduct { span }
            | RouteError::MissingReactants { span }
            | RouteError::ExtraArrow { span }
            | RouteError::BadSmiles { span, .. }
            | RouteError::BadOption { span }
            | RouteError::UnknownKey { span, .. }
            | RouteError::DuplicateKey { span, .. }
            | RouteError::BadNumber { span, .. }
            | RouteError::OutOfRange { span, .. }
            | RouteError::BadHeader { span, .. }
            | RouteError::DuplicateHeader { span, .. }
            | RouteError::Empty { span }
            | RouteError::TooManySteps { span, .. }
            | RouteError::TooManyErrors { span, .. } => Some(*span),
            RouteError::BadTree { .. }
            | RouteError::BranchingTree { .. }
            | RouteError::BrokenChain { .. } => None,
        }
    }
}

/// Every problem of a route file.
#[derive(Clone, Debug, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{} error(s) in the route", errors.len())]
#[diagnostic(code(route::invalid_file))]
pub struct RouteFileError {
    /// The problems, in file order.
    #[related]
    pub errors: Vec<RouteError>,
}
