//! Large structures (hundreds to thousands of atoms) over the reader, perception and matching:
//! fans of many branches, long chains, many components, many rings, and one-byte mutations of
//! them. No panic, every error's span inside the input, valence sums that never wrap, budgeted
//! matching that answers.

use proptest::prelude::*;
use regiochem_mol::{BuildOptions, Molecule, Pattern, Valence, build};

fn read(smiles: &str, valence: Valence) -> Result<Molecule, regiochem_mol::BuildError> {
    build(&regiochem_smiles::parse(smiles)?, &BuildOptions { valence })
}

/// Reads in both modes: never a panic, and an error's span lies inside the input.
fn read_checked(smiles: &str) -> Result<Option<Molecule>, TestCaseError> {
    let mut strict = None;
    for valence in [Valence::Strict, Valence::Lenient] {
        match read(smiles, valence) {
            Ok(molecule) => {
                if valence == Valence::Strict {
                    strict = Some(molecule);
                }
            }
            Err(error) => {
                let span = error.span();
                prop_assert!(
                    span.start <= span.end && span.end <= smiles.len(),
                    "{:?} outside {} bytes ({})",
                    span,
                    smiles.len(),
                    error.stable_code()
                );
            }
        }
    }
    Ok(strict)
}

/// The bond orders of a carbon fan's branches (to carbons, each `-`, `=` or `#`): a few (the
/// accepted side of the boundary), up to 3,000, or sums just past 255 and 65,535.
fn fan() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(1u8..=3, 1..6),
        prop::collection::vec(1u8..=3, 1..3000),
        // Sums of 256 + r and 65,536 + r for r < 4, where a u8 or u16 sum would wrap to r.
        (prop::sample::select(vec![85usize, 21_845]), 1usize..5).prop_map(|(triples, singles)| {
            let mut orders = vec![3u8; triples];
            orders.extend(std::iter::repeat_n(1u8, singles));
            orders
        }),
    ]
}

fn fan_smiles(orders: &[u8]) -> String {
    let mut out = String::from("C");
    for &order in orders {
        out.push('(');
        out.push_str(match order {
            1 => "",
            2 => "=",
            _ => "#",
        });
        out.push_str("C)");
    }
    out
}

/// Large structures of four shapes, as SMILES.
fn large() -> impl Strategy<Value = String> {
    prop_oneof![
        fan().prop_map(|orders| fan_smiles(&orders)),
        // Long chains with random bonds and elements.
        prop::collection::vec((0usize..4, 0usize..3), 100..3000).prop_map(|atoms| {
            let mut out = String::new();
            for (element, bond) in atoms {
                if !out.is_empty() {
                    out.push_str(["", "=", "#"][bond]);
                }
                out.push_str(["C", "N", "O", "S"][element]);
            }
            out
        }),
        // Many components: small rings, chains and ions.
        prop::collection::vec(0usize..5, 100..2000).prop_map(|parts| {
            let names = ["C", "C1CC1", "c1ccccc1", "[NH4+]", "CC(=O)O"];
            parts
                .iter()
                .map(|&p| names[p])
                .collect::<Vec<_>>()
                .join(".")
        }),
        // Many rings: a chain of rings joined by single bonds, ring digits reused.
        prop::collection::vec((3usize..8, any::<bool>()), 50..600).prop_map(|rings| {
            let mut out = String::new();
            for (size, aromatic) in rings {
                if aromatic {
                    out.push_str("c1ccccc1");
                } else {
                    out.push_str("C1");
                    out.push_str(&"C".repeat(size - 1));
                    out.push('1');
                }
            }
            out
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A carbon fan: strict accepts exactly when its bond orders sum to at most 4 and then has
    /// 4 minus that many hydrogens; lenient gives no hydrogens past 4. Sums past 255 and
    /// 65,535 would show a wrap (`C` with 32,769 `(=C)` was once CH2).
    #[test]
    fn fan_valence_never_wraps(orders in fan()) {
        let smiles = fan_smiles(&orders);
        let sum: u32 = orders.iter().map(|&o| u32::from(o)).sum();
        let strict = read_checked(&smiles)?;
        prop_assert_eq!(strict.is_some(), sum <= 4, "sum {}", sum);
        if let Some(molecule) = strict {
            let centre = molecule.atoms().next().map(|(_, a)| u32::from(a.hydrogens()));
            prop_assert_eq!(centre, Some(4 - sum));
        }
        let lenient = read(&smiles, Valence::Lenient).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let centre = lenient.atoms().next().map(|(_, a)| u32::from(a.hydrogens()));
        prop_assert_eq!(centre, Some(4u32.saturating_sub(sum)));
    }

    /// Large structures read without panic, errors inside the input; accepted ones give
    /// perceived facts consistent with their shape, and budgeted matching answers.
    #[test]
    fn large_structures_read_and_match(smiles in large()) {
        if let Some(molecule) = read_checked(&smiles)? {
            prop_assert!(molecule.atom_count() >= 1);
            prop_assert!(molecule.ring_count() <= molecule.bond_count());
            prop_assert!(molecule.component_count() <= molecule.atom_count());
            for (_, atom) in molecule.atoms() {
                prop_assert!(atom.hydrogens() <= 4, "{} hydrogens", atom.hydrogens());
            }
            let ring = Pattern::new("[R]").unwrap();
            prop_assert_eq!(molecule.has_match(&ring), molecule.ring_count() > 0);
            let disconnected = Pattern::new("C.C.C.C.C.C1CC1").unwrap().with_budget(200_000);
            prop_assert!(molecule.try_has_match(&disconnected).is_ok());
        }
    }

    /// One byte of a large structure replaced by any SMILES character: still no panic and
    /// every error inside the input.
    #[test]
    fn mutated_large_structures_fail_cleanly(
        smiles in large(),
        at in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"()[]=#%0123456789+-@/\\.:*Hcn".to_vec()),
    ) {
        let mut bytes = smiles.into_bytes();
        let index = at.index(bytes.len());
        bytes[index] = byte;
        let mutated = String::from_utf8(bytes).expect("ASCII");
        read_checked(&mutated)?;
    }
}
