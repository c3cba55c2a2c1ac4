//! A small best-first runner in egg's style: a [`Problem`] says how a state expands into moves
//! with costs and which states are goals; the [`Runner`] knows nothing else. It pops the
//! cheapest state (first made among equals), visits each state key at most `visits` times,
//! hands every goal to the problem to accept or refuse, and stops on the first limit hit:
//! enough goals, the node limit, the time limit, or nothing left ([`StopReason`], with its
//! payload). States deeper than `max_depth` moves are not expanded. Per-move counts (moves
//! generated, by name) come back in the [`Stats`].
//!
//! ```
//! use regiochem_planner::search::{Edge, Problem, Runner, StopReason};
//!
//! /// Reach 10 from 1 by +1 (cost 1) or *2 (cost 1).
//! struct Count;
//! impl Problem for Count {
//!     type State = u32;
//!     type Move = &'static str;
//!     fn key(&self, state: &u32) -> String { state.to_string() }
//!     fn is_goal(&self, state: &u32) -> bool { *state == 10 }
//!     fn expand(&mut self, state: &u32, out: &mut Vec<Edge<u32, &'static str>>) {
//!         out.push(Edge { name: "add".into(), cost: 1.0, state: state + 1, step: "+1" });
//!         out.push(Edge { name: "double".into(), cost: 1.0, state: state * 2, step: "*2" });
//!     }
//!     fn accept(&mut self, _start: &u32, path: &[&&'static str], _cost: f64) -> bool {
//!         !path.is_empty()
//!     }
//! }
//! let mut found = Vec::new();
//! let report = Runner::default().with_goals(1).run(&mut Count, vec![1], |_, path, cost| {
//!     found.push((path.len(), cost));
//! });
//! assert_eq!(report.stop_reason, StopReason::Enough(1));
//! assert_eq!(found, [(4, 4.0)]); // 1 -> 2 -> 4 -> 5 -> 10
//! ```

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use serde::Serialize;
use serde::ser::SerializeMap;

/// A search problem.
pub trait Problem {
    /// A state.
    type State;
    /// What an edge does (kept on the path to each goal).
    type Move;
    /// The state's key: states with one key are one state.
    fn key(&self, state: &Self::State) -> String;
    /// Whether the state is a goal.
    fn is_goal(&self, state: &Self::State) -> bool;
    /// The moves out of `state`, pushed onto `out`.
    fn expand(&mut self, state: &Self::State, out: &mut Vec<Edge<Self::State, Self::Move>>);
    /// A goal reached from `start` by `path` at `cost`: whether it counts (the problem may
    /// refuse a duplicate or one its own check fails).
    fn accept(&mut self, start: &Self::State, path: &[&Self::Move], cost: f64) -> bool;
}

/// One move out of a state.
#[derive(Clone, Debug)]
pub struct Edge<S, M> {
    /// The kind of move, for the per-move counts.
    pub name: String,
    /// What it adds to the path's cost (not negative).
    pub cost: f64,
    /// Where it leads.
    pub state: S,
    /// What it does.
    pub step: M,
}

/// Why a run stopped.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StopReason {
    /// The wanted number of goals was accepted.
    Enough(usize),
    /// Every reachable state was expanded; the payload is how many were.
    Exhausted(usize),
    /// The node limit (the payload) was reached.
    NodeLimit(usize),
    /// The time limit (the payload) was reached.
    TimeLimit(Duration),
    /// The problem refused to start, and why (the runner never gives this).
    OutOfScope(String),
}

impl StopReason {
    /// The stable name: `enough`, `exhausted`, `node-limit`, `time-limit`, `out-of-scope`.
    pub fn name(&self) -> &'static str {
        match self {
            StopReason::Enough(_) => "enough",
            StopReason::Exhausted(_) => "exhausted",
            StopReason::NodeLimit(_) => "node-limit",
            StopReason::TimeLimit(_) => "time-limit",
            StopReason::OutOfScope(_) => "out-of-scope",
        }
    }
}

impl Serialize for StopReason {
    /// `{"kind": name}` with the payload: `routes`, `expanded`, `limit`, `limit_ms` or
    /// `reason`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("kind", self.name())?;
        match self {
            StopReason::Enough(n) => map.serialize_entry("routes", n)?,
            StopReason::Exhausted(n) => map.serialize_entry("expanded", n)?,
            StopReason::NodeLimit(n) => map.serialize_entry("limit", n)?,
            StopReason::TimeLimit(d) => map.serialize_entry("limit_ms", &d.as_millis())?,
            StopReason::OutOfScope(reason) => map.serialize_entry("reason", reason)?,
        }
        map.end()
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// States taken off the queue and expanded (or accepted as goals).
    pub expanded: usize,
    /// Edges generated, by move name, in order of first use.
    pub moves: IndexMap<String, usize>,
}

/// A run's result.
#[derive(Clone, Debug, PartialEq)]
pub struct RunReport {
    /// Why it stopped.
    pub stop_reason: StopReason,
    /// What it did.
    pub stats: Stats,
}

/// The runner and its limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Runner {
    goals: usize,
    visits: Option<usize>,
    node_limit: usize,
    time_limit: Duration,
    max_depth: usize,
}

impl Default for Runner {
    /// One goal, 10,000 nodes, 5 s, depth 10, each state visited as many times as goals wanted.
    fn default() -> Self {
        Runner {
            goals: 1,
            visits: None,
            node_limit: 10_000,
            time_limit: Duration::from_secs(5),
            max_depth: 10,
        }
    }
}

/// A queued state: its arena index, cost and order of making.
struct Queued {
    cost: f64,
    order: usize,
    index: usize,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Queued {}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued {
    /// Cheapest first, then first made (a max-heap, so reversed).
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .cost
            .total_cmp(&self.cost)
            .then_with(|| other.order.cmp(&self.order))
    }
}

/// A node of the search tree: its state, the move that made it and its parent.
struct Node<S, M> {
    state: S,
    step: Option<M>,
    parent: Option<usize>,
    depth: usize,
}

impl Runner {
    /// Stop after this many accepted goals.
    pub fn with_goals(self, goals: usize) -> Self {
        Runner { goals, ..self }
    }

    /// Visit each state key at most this many times (default: the number of goals).
    pub fn with_visits(self, visits: usize) -> Self {
        Runner {
            visits: Some(visits),
            ..self
        }
    }

    /// Expand at most this many states.
    pub fn with_node_limit(self, node_limit: usize) -> Self {
        Runner { node_limit, ..self }
    }

    /// Run at most this long.
    pub fn with_time_limit(self, time_limit: Duration) -> Self {
        Runner { time_limit, ..self }
    }

    /// Expand no state reached by this many moves.
    pub fn with_max_depth(self, max_depth: usize) -> Self {
        Runner { max_depth, ..self }
    }

    /// Searches from `starts` (all at cost 0, in order); `found(start, path, cost)` gets every
    /// accepted goal, cheapest first.
    pub fn run<P: Problem>(
        &self,
        problem: &mut P,
        starts: Vec<P::State>,
        mut found: impl FnMut(&P::State, &[&P::Move], f64),
    ) -> RunReport {
        let started = Instant::now();
        let visits_allowed = self.visits.unwrap_or(self.goals);
        let mut stats = Stats::default();
        let mut arena: Vec<Node<P::State, P::Move>> = Vec::new();
        let mut heap = BinaryHeap::new();
        for state in starts {
            let index = arena.len();
            arena.push(Node {
                state,
                step: None,
                parent: None,
                depth: 0,
            });
            heap.push(Queued {
                cost: 0.0,
                order: index,
                index,
            });
        }
        let mut accepted = 0;
        let mut visits: HashMap<String, usize> = HashMap::new();
        let mut edges = Vec::new();
        let stop_reason = loop {
            if accepted >= self.goals {
                break StopReason::Enough(accepted);
            }
            if stats.expanded >= self.node_limit {
                break StopReason::NodeLimit(self.node_limit);
            }
            if started.elapsed() > self.time_limit {
                break StopReason::TimeLimit(self.time_limit);
            }
            let Some(Queued { cost, index, .. }) = heap.pop() else {
                break StopReason::Exhausted(stats.expanded);
            };
            let seen = visits.entry(problem.key(&arena[index].state)).or_insert(0);
            if *seen >= visits_allowed {
                continue;
            }
            *seen += 1;
            stats.expanded += 1;
            if problem.is_goal(&arena[index].state) {
                let (start, path) = path_to(&arena, index);
                if problem.accept(&arena[start].state, &path, cost) {
                    accepted += 1;
                    found(&arena[start].state, &path, cost);
                }
                continue;
            }
            if arena[index].depth >= self.max_depth {
                continue;
            }
            edges.clear();
            problem.expand(&arena[index].state, &mut edges);
            let depth = arena[index].depth + 1;
            for edge in edges.drain(..) {
                *stats.moves.entry(edge.name).or_insert(0) += 1;
                let child = arena.len();
                arena.push(Node {
                    state: edge.state,
                    step: Some(edge.step),
                    parent: Some(index),
                    depth,
                });
                heap.push(Queued {
                    cost: cost + edge.cost.max(0.0),
                    order: child,
                    index: child,
                });
            }
        };
        RunReport { stop_reason, stats }
    }
}

/// The start of `index`'s branch and the moves from it, in order.
fn path_to<S, M>(arena: &[Node<S, M>], index: usize) -> (usize, Vec<&M>) {
    let mut path = Vec::new();
    let mut at = index;
    while let Some(parent) = arena[at].parent {
        if let Some(step) = &arena[at].step {
            path.push(step);
        }
        at = parent;
    }
    path.reverse();
    (at, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line 0..n: +1 costs 1, +2 costs 3; the goal is n.
    struct Line {
        goal: u32,
    }

    impl Problem for Line {
        type State = u32;
        type Move = u32;
        fn key(&self, state: &u32) -> String {
            state.to_string()
        }
        fn is_goal(&self, state: &u32) -> bool {
            *state == self.goal
        }
        fn expand(&mut self, state: &u32, out: &mut Vec<Edge<u32, u32>>) {
            if *state < self.goal {
                out.push(Edge {
                    name: "one".into(),
                    cost: 1.0,
                    state: state + 1,
                    step: 1,
                });
                out.push(Edge {
                    name: "two".into(),
                    cost: 3.0,
                    state: state + 2,
                    step: 2,
                });
            }
        }
        fn accept(&mut self, _: &u32, _: &[&u32], _: f64) -> bool {
            true
        }
    }

    #[test]
    fn cheapest_first_and_stop_reasons() {
        let mut paths = Vec::new();
        let report =
            Runner::default()
                .with_goals(2)
                .run(&mut Line { goal: 3 }, vec![0], |_, path, cost| {
                    paths.push((path.iter().map(|m| **m).collect::<Vec<_>>(), cost));
                });
        assert_eq!(report.stop_reason, StopReason::Enough(2));
        assert_eq!(paths[0], (vec![1, 1, 1], 3.0));
        assert_eq!(paths[1].1, 4.0);
        assert_eq!(
            report.stats.moves.keys().collect::<Vec<_>>(),
            ["one", "two"]
        );
    }

    #[test]
    fn limits() {
        let run = |runner: Runner| runner.run(&mut Line { goal: 50 }, vec![0], |_, _, _| {});
        let nodes = run(Runner::default().with_node_limit(5));
        assert_eq!(nodes.stop_reason, StopReason::NodeLimit(5));
        assert_eq!(nodes.stats.expanded, 5);
        let deep = run(Runner::default().with_max_depth(3));
        assert_eq!(deep.stop_reason.name(), "exhausted");
        let json = serde_json::to_string(&StopReason::NodeLimit(5)).unwrap();
        assert_eq!(json, r#"{"kind":"node-limit","limit":5}"#);
    }
}
