#!/usr/bin/env python3
"""Which configurations of a molecule's ring stereo centres are the same stereoisomer.

For each id given (default: the 1-substituted adamantanes of fixtures/stereo/variants.tsv),
takes its first variant, flips the marks of its marked ring atoms in every combination, and
groups the configurations into orbits of the graph's automorphisms (a configuration maps to
another when some automorphism carries every centre's parity onto the other's). For each
orbit it prints the standard InChI stereo layer and the RDKit canonical SMILES of its
members: an exact stereo invariant gives one string per orbit and different strings for
different orbits. (Found with it: RDKit 2026.09.1 writes two or three canonical SMILES for
one orbit of these adamantanes and one SMILES for different orbits; the InChI layer is one per
orbit and differs between orbits.)

Usage: python3 scripts/stereo_orbits_rdkit.py [ID ...]
"""
import itertools
import sys
from pathlib import Path

from rdkit import Chem, RDLogger

ROOT = Path(__file__).resolve().parent.parent
ADAMANTANES = ["moses_train_102861", "moses_train_115681", "moses_train_168587",
               "moses_train_83714", "moses_train_967630"]
MARKED = (Chem.ChiralType.CHI_TETRAHEDRAL_CW, Chem.ChiralType.CHI_TETRAHEDRAL_CCW)


def odd(seq):
    return sum(a > b for i, a in enumerate(seq) for b in seq[i + 1:]) % 2


def parities(mol, mapping):
    """Each marked atom's parity, relative to its neighbours' indices after `mapping`."""
    out = {}
    for atom in mol.GetAtoms():
        if atom.GetChiralTag() in MARKED:
            cw = atom.GetChiralTag() == Chem.ChiralType.CHI_TETRAHEDRAL_CW
            nbrs = [mapping[b.GetOtherAtomIdx(atom.GetIdx())] for b in atom.GetBonds()]
            out[mapping[atom.GetIdx()]] = cw ^ odd(nbrs)
    return out


def main():
    RDLogger.DisableLog("rdApp.*")
    ids = sys.argv[1:] or ADAMANTANES
    first = {}
    for line in (ROOT / "fixtures/stereo/variants.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            ident, smiles = line.split("\t")
            first.setdefault(ident, smiles)
    for ident in ids:
        mol = Chem.MolFromSmiles(first[ident])
        automorphisms = mol.GetSubstructMatches(mol, uniquify=False, useChirality=False,
                                                maxMatches=100000)
        ring = [a.GetIdx() for a in mol.GetAtoms() if a.GetChiralTag() in MARKED
                and a.IsInRing()]
        orbits = []
        for flips in itertools.product([0, 1], repeat=len(ring)):
            config = Chem.Mol(mol)
            for flip, index in zip(flips, ring):
                if flip:
                    config.GetAtomWithIdx(index).InvertChirality()
            target = parities(config, list(range(mol.GetNumAtoms())))
            for orbit in orbits:
                if any(parities(orbit[0][1], s) == target for s in automorphisms):
                    orbit.append((flips, config))
                    break
            else:
                orbits.append([(flips, config)])
        print(f"{ident}: {len(ring)} marked ring atoms, {len(automorphisms)} automorphisms, "
              f"{len(orbits)} orbits")
        for orbit in orbits:
            inchi = {Chem.MolToInchi(c).split("/t", 1)[-1] for _, c in orbit}
            smiles = sorted({Chem.MolToSmiles(c) for _, c in orbit})
            print(f"  {len(orbit)} configurations; InChI /t{' | '.join(sorted(inchi))}; "
                  f"{len(smiles)} RDKit SMILES: {' '.join(smiles)}")


if __name__ == "__main__":
    main()
