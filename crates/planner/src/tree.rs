//! The JSON form of a route: AiZynthFinder's reaction-tree dict. Molecule nodes
//! `{"type": "mol", "smiles", "in_stock", "children": [reaction]}` and reaction nodes
//! `{"type": "reaction", "smiles", "metadata", "children": [molecules]}` alternate, rooted at the
//! target (the final product); a reaction's children are its reactants, and the reactant made by
//! an earlier reaction is the substrate. Reaction nodes carry our extra keys: `conditions` (the
//! agents' SMILES), `equivalents` (`{"co_reactant", "acid"}`), the step's other options when
//! stated (`temperature_c` as `[low, high]`, `time_h`, `concentration_m`, `solvent`), and the
//! validator's
//! `predicted_distribution` and `findings` when it has filled them.
//!
//! A reaction node's `smiles` is the forward reaction SMILES `reactants>agents>product`
//! (AiZynthFinder writes its own retro-direction `product>>reactants` there); reading a tree
//! takes reactants and product from the node structure, never from that string.
//!
//! ```
//! use regiochem_planner::{Route, TreeNode};
//!
//! let route = Route::parse("NCCN.CI>>CNCCN\nCNCCN>CO>CNCCN eq=2\n").unwrap();
//! let tree = route.to_tree(|smiles| smiles == "NCCN").unwrap();
//! let json = serde_json::to_string(&tree).unwrap();
//! let back: TreeNode = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, tree);
//! let again = Route::from_tree(&back).unwrap();
//! assert_eq!(again.steps.len(), 2);
//! assert_eq!(again.steps[1].step.equivalents, 2.0);
//! ```

use indexmap::IndexMap;
use regiochem_mol::Molecule;
use regiochem_smiles::Span;
use serde::{Deserialize, Serialize};

use regiochem_rules::step::{Step, Temperature};

use crate::route::{MAX_STEPS, Reaction, Route, RouteError};

/// A node of a reaction tree. Dropping a tree walks it with an explicit stack, so no tree is
/// too deep to drop; serialising recurses once per level (a route from [`Route::parse`] has at
/// most [`MAX_STEPS`] steps, two levels each), and `serde_json` reads at most 128 levels of
/// nesting, 31 steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum TreeNode {
    /// A molecule: the target, an intermediate or a starting material.
    Mol(MoleculeNode),
    /// A reaction making its parent molecule from its children (boxed: a reaction node is
    /// several times the size of a molecule node).
    Reaction(Box<ReactionNode>),
}

/// A molecule node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoleculeNode {
    /// The molecule's SMILES (canonical when written by [`Route::to_tree`]).
    pub smiles: String,
    /// AiZynthFinder's display flag; always false here.
    #[serde(default)]
    pub hide: bool,
    /// Whether the molecule is in stock.
    #[serde(default)]
    pub in_stock: bool,
    /// The reaction that makes it (none for a starting material).
    #[serde(default)]
    pub children: Vec<TreeNode>,
}

/// A reaction node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReactionNode {
    /// The forward reaction SMILES `reactants>agents>product`.
    pub smiles: String,
    /// AiZynthFinder's display flag; always false here.
    #[serde(default)]
    pub hide: bool,
    /// Free metadata (AiZynthFinder keeps template and policy data here), kept in order.
    #[serde(default)]
    pub metadata: IndexMap<String, serde_json::Value>,
    /// Canonical SMILES of the agents (reagents, catalysts, solvents), one per component.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Equivalents of co-reactant and of strong acid.
    #[serde(default)]
    pub equivalents: Equivalents,
    /// The temperature, deg C, `[low, high]` (equal for one value), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_c: Option<[f64; 2]>,
    /// The reaction time, hours, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_h: Option<f64>,
    /// The concentration in substrate, mol/L, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concentration_m: Option<f64>,
    /// The solvent as written, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solvent: Option<String>,
    /// The predicted product distribution, once a validator has filled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted_distribution: Option<Vec<ProductShare>>,
    /// The validator's findings on this step, once it has filled them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<TreeFinding>>,
    /// The reactants: molecule nodes, the substrate first.
    #[serde(default)]
    pub children: Vec<TreeNode>,
}

/// The amounts of a step, per equivalent of substrate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Equivalents {
    /// Equivalents of co-reactant (default 1).
    #[serde(default = "one")]
    pub co_reactant: f64,
    /// Equivalents of strong acid added first (default 0).
    #[serde(default)]
    pub acid: f64,
}

impl Default for Equivalents {
    fn default() -> Self {
        Equivalents {
            co_reactant: 1.0,
            acid: 0.0,
        }
    }
}

/// serde's default for [`Equivalents::co_reactant`].
fn one() -> f64 {
    1.0
}

/// One product of a predicted distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductShare {
    /// The product's canonical SMILES.
    pub smiles: String,
    /// Its fraction of the substrate, 0 to 1.
    pub fraction: f64,
}

/// One validation finding on a step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreeFinding {
    /// `fail`, `warn` or `info`.
    pub severity: String,
    /// The finding's code, e.g. `poor-selectivity`.
    pub code: String,
    /// What it means for this step.
    pub message: String,
}

impl TreeNode {
    /// The node's SMILES (a molecule's, or a reaction's reaction SMILES).
    pub fn smiles(&self) -> &str {
        match self {
            TreeNode::Mol(node) => &node.smiles,
            TreeNode::Reaction(node) => &node.smiles,
        }
    }

    /// The node's children.
    pub fn children(&self) -> &[TreeNode] {
        match self {
            TreeNode::Mol(node) => &node.children,
            TreeNode::Reaction(node) => &node.children,
        }
    }

    /// The node's children, to take them out.
    fn children_mut(&mut self) -> &mut Vec<TreeNode> {
        match self {
            TreeNode::Mol(node) => &mut node.children,
            TreeNode::Reaction(node) => &mut node.children,
        }
    }
}

impl Drop for TreeNode {
    /// Drops the subtree with an explicit stack instead of recursion.
    fn drop(&mut self) {
        let mut stack = std::mem::take(self.children_mut());
        while let Some(mut node) = stack.pop() {
            stack.append(node.children_mut());
        }
    }
}

/// A molecule node for a starting material.
fn leaf(smiles: String, in_stock: &impl Fn(&str) -> bool) -> TreeNode {
    TreeNode::Mol(MoleculeNode {
        in_stock: in_stock(&smiles),
        smiles,
        hide: false,
        children: Vec::new(),
    })
}

impl Route {
    /// The reaction tree of a linear route, rooted at the last step's product; `in_stock` says
    /// which canonical SMILES are in stock. Every step must start from the previous step's
    /// product (`route::broken_chain` otherwise), and there must be a step (`route::empty`).
    pub fn to_tree(&self, in_stock: impl Fn(&str) -> bool) -> Result<TreeNode, RouteError> {
        let mut below: Option<TreeNode> = None;
        for (index, step) in self.steps.iter().enumerate() {
            let substrate = step.step.substrate.to_string();
            let substrate_node = match below.take() {
                Some(node) if node.smiles() == substrate => node,
                Some(node) => {
                    return Err(RouteError::BrokenChain {
                        step: index + 1,
                        substrate,
                        previous: node.smiles().to_string(),
                    });
                }
                None => leaf(substrate, &in_stock),
            };
            let mut children = vec![substrate_node];
            children.extend(
                step.step
                    .co_reactants
                    .iter()
                    .map(|molecule| leaf(molecule.to_string(), &in_stock)),
            );
            let options = &step.step;
            let reaction = ReactionNode {
                smiles: step.reaction_smiles(),
                hide: false,
                metadata: IndexMap::new(),
                conditions: options.agents.clone(),
                equivalents: Equivalents {
                    co_reactant: options.equivalents,
                    acid: options.acid,
                },
                temperature_c: options.temperature.map(|t| [t.low, t.high]),
                time_h: options.time_h,
                concentration_m: options.concentration_m,
                solvent: options.solvent.clone(),
                predicted_distribution: None,
                findings: None,
                children,
            };
            let product = step.product.to_string();
            below = Some(TreeNode::Mol(MoleculeNode {
                in_stock: in_stock(&product),
                smiles: product,
                hide: false,
                children: vec![TreeNode::Reaction(Box::new(reaction))],
            }));
        }
        below.ok_or(RouteError::Empty {
            span: Span::new(0, 0),
        })
    }

    /// The route of a linear reaction tree: from the root (the target) down, each reaction's
    /// substrate is its one reactant made by a reaction (`route::branching_tree` when there are
    /// more), or its first reactant when none is. Agents come from `conditions`, or from the
    /// middle of the reaction SMILES when `conditions` is empty. The route's `target` is the
    /// root; its steps carry lines and spans into its own [`Route::to_text`].
    pub fn from_tree(tree: &TreeNode) -> Result<Route, RouteError> {
        let TreeNode::Mol(root) = tree else {
            return Err(bad_tree(format!(
                "the root `{}` is a reaction; a route tree starts at the target molecule",
                tree.smiles()
            )));
        };
        let target = molecule(&root.smiles)?.to_string();
        let mut steps = Vec::new();
        let mut current = root;
        loop {
            let reaction = match current.children.as_slice() {
                [] => break,
                [TreeNode::Reaction(reaction)] => reaction,
                [TreeNode::Mol(child)] => {
                    return Err(bad_tree(format!(
                        "molecule `{}` has the molecule `{}` as its child; a molecule's child is the reaction that makes it",
                        current.smiles, child.smiles
                    )));
                }
                more => {
                    return Err(bad_tree(format!(
                        "molecule `{}` is made by {} reactions; a route makes it once",
                        current.smiles,
                        more.len()
                    )));
                }
            };
            if steps.len() == MAX_STEPS {
                return Err(bad_tree(format!("more than {MAX_STEPS} steps")));
            }
            let mut reactants = Vec::new();
            let mut made = Vec::new();
            for child in &reaction.children {
                match child {
                    TreeNode::Mol(node) => {
                        if !node.children.is_empty() {
                            made.push(node);
                        }
                        reactants.push(node);
                    }
                    TreeNode::Reaction(node) => {
                        return Err(bad_tree(format!(
                            "reaction `{}` has the reaction `{}` as a child; a reaction's children are its reactants",
                            reaction.smiles, node.smiles
                        )));
                    }
                }
            }
            if made.len() > 1 {
                return Err(RouteError::BranchingTree {
                    product: current.smiles.clone(),
                    count: made.len(),
                });
            }
            if let Some(substrate) = made.first() {
                reactants.retain(|node| !std::ptr::eq(*node, *substrate));
                reactants.insert(0, substrate);
            }
            if reactants.is_empty() {
                return Err(bad_tree(format!(
                    "the reaction making `{}` has no reactant",
                    current.smiles
                )));
            }
            steps.push(read_reaction(reaction, &reactants, &current.smiles)?);
            match made.first() {
                Some(substrate) => current = substrate,
                None => break,
            }
        }
        steps.reverse();
        let route = Route {
            target: Some(target),
            expect: None,
            why: None,
            steps,
        };
        // Read the route's own text back, so that lines, spans and texts refer to it.
        let text = route.to_text();
        Route::parse(&text).map_err(|error| {
            bad_tree(match error.errors.first() {
                Some(first) => format!("the route it gives does not read: {first}"),
                None => "the route it gives does not read".to_string(),
            })
        })
    }
}

/// A `route::bad_tree` error.
fn bad_tree(reason: String) -> RouteError {
    RouteError::BadTree { reason }
}

/// The molecule of a node's SMILES, which must be one word without `>`.
fn molecule(smiles: &str) -> Result<Molecule, RouteError> {
    if smiles.is_empty() || smiles.contains([' ', '\t', '\n', '\r', '>']) {
        return Err(bad_tree(format!("`{smiles}` is not one SMILES")));
    }
    smiles
        .parse::<Molecule>()
        .map_err(|error| bad_tree(format!("`{smiles}`: {error}")))
}

/// One step from a reaction node, its reactants (substrate first) and its product's SMILES;
/// line, span and text are filled when the route's text is read back.
fn read_reaction(
    reaction: &ReactionNode,
    reactants: &[&MoleculeNode],
    product: &str,
) -> Result<Reaction, RouteError> {
    let mut molecules = Vec::new();
    for node in reactants {
        molecules.extend(molecule(&node.smiles)?.components());
    }
    let written: Vec<&str> = if reaction.conditions.is_empty() {
        let parts: Vec<&str> = reaction.smiles.split('>').collect();
        match parts.as_slice() {
            [_, agents, _] if !agents.is_empty() => vec![agents],
            _ => Vec::new(),
        }
    } else {
        reaction.conditions.iter().map(String::as_str).collect()
    };
    let mut agents = Vec::new();
    for smiles in written {
        agents.extend(
            molecule(smiles)?
                .components()
                .iter()
                .map(Molecule::to_string),
        );
    }
    agents.sort();
    let Equivalents { co_reactant, acid } = reaction.equivalents;
    if !(co_reactant.is_finite() && co_reactant > 0.0) {
        return Err(bad_tree(format!(
            "the reaction making `{product}` has {co_reactant} equivalents of co-reactant; they must be greater than 0"
        )));
    }
    if !(acid.is_finite() && acid >= 0.0) {
        return Err(bad_tree(format!(
            "the reaction making `{product}` has {acid} equivalents of acid; they must not be negative"
        )));
    }
    let mut molecules = molecules.into_iter();
    let Some(substrate) = molecules.next() else {
        return Err(bad_tree(format!(
            "the reaction making `{product}` has no reactant"
        )));
    };
    let mut step = Step::new(substrate);
    step.co_reactants = molecules.collect();
    step.agents = agents;
    step.equivalents = co_reactant;
    step.acid = acid;
    step.temperature = reaction
        .temperature_c
        .map(|[low, high]| Temperature::range(low, high));
    step.time_h = reaction.time_h;
    step.concentration_m = reaction.concentration_m;
    step.solvent.clone_from(&reaction.solvent);
    Ok(Reaction::new(step, molecule(product)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree_of(text: &str) -> TreeNode {
        Route::parse(text).unwrap().to_tree(|_| false).unwrap()
    }

    fn reactions(route: &Route) -> Vec<String> {
        route.steps.iter().map(Reaction::reaction_smiles).collect()
    }

    #[test]
    fn text_to_tree_and_back() {
        let text = "NCCN.CI>CO>CNCCN\nCNCCN.CC(=O)Cl>CCN(CC)CC>CNCCNC(C)=O eq=0.5 acid=1\n";
        let route = Route::parse(text).unwrap();
        let tree = route.to_tree(|s| s == "NCCN").unwrap();
        let TreeNode::Mol(root) = &tree else {
            panic!("root is a molecule")
        };
        assert_eq!(root.smiles, "CNCCNC(C)=O");
        assert!(!root.in_stock);
        let back = Route::from_tree(&tree).unwrap();
        assert_eq!(reactions(&back), reactions(&route));
        assert_eq!(back.target.as_deref(), Some("CNCCNC(C)=O"));
        assert_eq!(
            (back.steps[1].step.equivalents, back.steps[1].step.acid),
            (0.5, 1.0)
        );
        // Lines and spans refer to the route's own text.
        let written = back.to_text();
        let step = &back.steps[1];
        assert_eq!(&written[step.span.start..step.span.end], step.text);
        assert_eq!(step.line, 3);
    }

    #[test]
    fn conditions_go_through_the_tree() {
        let text = "NCCN.CI>CO>CNCCN temp=0..25 time=2 conc=0.1 solvent=MeOH\n";
        let route = Route::parse(text).unwrap();
        let tree = route.to_tree(|_| false).unwrap();
        let json = serde_json::to_string(&tree).unwrap();
        assert!(json.contains(r#""temperature_c":[0.0,25.0]"#), "{json}");
        let back = Route::from_tree(&serde_json::from_str(&json).unwrap()).unwrap();
        assert_eq!(back.steps[0].to_line(), route.steps[0].to_line());
    }

    #[test]
    fn the_substrate_is_the_reactant_made_by_a_reaction() {
        let mut tree = tree_of("NCCN.CI>>CNCCN\nCNCCN.CC(=O)Cl>>CNCCNC(C)=O\n");
        // Put the acid chloride first among the reactants of the last reaction.
        let TreeNode::Mol(root) = &mut tree else {
            panic!()
        };
        let TreeNode::Reaction(reaction) = &mut root.children[0] else {
            panic!()
        };
        reaction.children.reverse();
        let route = Route::from_tree(&tree).unwrap();
        assert_eq!(route.steps[1].step.substrate.to_string(), "CNCCN");
    }

    #[test]
    fn branching_trees_are_rejected() {
        let json = r#"{"type": "mol", "smiles": "CNC(C)=O", "children": [
            {"type": "reaction", "smiles": "", "children": [
                {"type": "mol", "smiles": "CN", "children": [
                    {"type": "reaction", "smiles": "", "children": [{"type": "mol", "smiles": "C=N"}]}]},
                {"type": "mol", "smiles": "CC(=O)Cl", "children": [
                    {"type": "reaction", "smiles": "", "children": [{"type": "mol", "smiles": "CC(=O)O"}]}]}
            ]}]}"#;
        let tree: TreeNode = serde_json::from_str(json).unwrap();
        let error = Route::from_tree(&tree).unwrap_err();
        assert_eq!(error.stable_code(), "route::branching_tree");
        assert_eq!(error.span(), None);
    }

    #[test]
    fn agents_from_the_reaction_smiles_when_there_are_no_conditions() {
        let json = r#"{"type": "mol", "smiles": "CNC", "children": [
            {"type": "reaction", "smiles": "CN.CI>[K+].[K+].O=C([O-])[O-]>CNC", "children": [
                {"type": "mol", "smiles": "CN"}, {"type": "mol", "smiles": "CI"}]}]}"#;
        let tree: TreeNode = serde_json::from_str(json).unwrap();
        let route = Route::from_tree(&tree).unwrap();
        assert_eq!(
            route.steps[0].step.agents,
            ["[K+]", "[K+]", "[O-]C([O-])=O"]
        );
        assert_eq!(route.steps[0].step.equivalents, 1.0);
    }

    #[test]
    fn bad_trees() {
        let check = |json: &str, code: &str| {
            let tree: TreeNode = serde_json::from_str(json).unwrap();
            let error = Route::from_tree(&tree).unwrap_err();
            assert_eq!(error.stable_code(), code, "{error}");
        };
        check(
            r#"{"type": "reaction", "smiles": "C>>C"}"#,
            "route::bad_tree",
        );
        check(
            r#"{"type": "mol", "smiles": "C(", "children": []}"#,
            "route::bad_tree",
        );
        check(
            r#"{"type": "mol", "smiles": "CC", "children": [{"type": "mol", "smiles": "C"}]}"#,
            "route::bad_tree",
        );
        check(
            r#"{"type": "mol", "smiles": "CC", "children": [{"type": "reaction", "smiles": "", "children": []}]}"#,
            "route::bad_tree",
        );
        check(
            r#"{"type": "mol", "smiles": "CC", "children": [{"type": "reaction", "smiles": "",
                "equivalents": {"co_reactant": 0}, "children": [{"type": "mol", "smiles": "C"}]}]}"#,
            "route::bad_tree",
        );
        check(
            r#"{"type": "mol", "smiles": "CC", "children": [{"type": "reaction", "smiles": "",
                "children": [{"type": "mol", "smiles": "C C"}]}]}"#,
            "route::bad_tree",
        );
    }

    #[test]
    fn broken_chain_and_empty_routes_have_no_tree() {
        let route = Route::parse("NCCN.CI>>CNCCN\nCCN.CI>>CCNC\n").unwrap();
        let error = route.to_tree(|_| false).unwrap_err();
        assert_eq!(error.stable_code(), "route::broken_chain");
        let empty = Route::default().to_tree(|_| false).unwrap_err();
        assert_eq!(empty.stable_code(), "route::empty");
    }

    #[test]
    fn validator_keys_are_written_only_when_filled() {
        let mut tree = tree_of("NCCN.CI>>CNCCN\n");
        let plain = serde_json::to_value(&tree).unwrap();
        assert!(plain["children"][0].get("findings").is_none());
        assert!(plain["children"][0].get("predicted_distribution").is_none());
        let TreeNode::Mol(root) = &mut tree else {
            panic!()
        };
        let TreeNode::Reaction(reaction) = &mut root.children[0] else {
            panic!()
        };
        reaction.predicted_distribution = Some(vec![ProductShare {
            smiles: "CNCCN".into(),
            fraction: 0.5,
        }]);
        reaction.findings = Some(vec![TreeFinding {
            severity: "fail".into(),
            code: "poor-selectivity".into(),
            message: "50 % mono".into(),
        }]);
        let filled = serde_json::to_value(&tree).unwrap();
        assert_eq!(
            filled["children"][0]["predicted_distribution"][0]["fraction"],
            0.5
        );
        assert_eq!(
            filled["children"][0]["findings"][0]["code"],
            "poor-selectivity"
        );
        let back: TreeNode = serde_json::from_value(filled).unwrap();
        assert_eq!(back, tree);
    }

    #[test]
    fn serde_json_reads_about_31_steps() {
        let chain = |steps: usize| -> String {
            (1..=steps)
                .map(|n| format!("{}>>{}\n", "C".repeat(n), "C".repeat(n + 1)))
                .collect()
        };
        let json = |steps: usize| serde_json::to_string(&tree_of(&chain(steps))).unwrap();
        let read = serde_json::from_str::<TreeNode>(&json(31)).unwrap();
        assert_eq!(Route::from_tree(&read).unwrap().steps.len(), 31);
        // Deeper trees are an error of serde_json, not a crash.
        assert!(serde_json::from_str::<TreeNode>(&json(32)).is_err());
        assert!(serde_json::from_str::<TreeNode>(&json(100)).is_err());
    }

    #[test]
    fn a_deep_tree_drops_without_recursion() {
        let mut node = TreeNode::Mol(MoleculeNode {
            smiles: "C".into(),
            hide: false,
            in_stock: true,
            children: Vec::new(),
        });
        for _ in 0..200_000 {
            node = TreeNode::Mol(MoleculeNode {
                smiles: "C".into(),
                hide: false,
                in_stock: false,
                children: vec![node],
            });
        }
        drop(node);
    }
}
