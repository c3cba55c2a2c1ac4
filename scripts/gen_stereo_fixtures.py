#!/usr/bin/env python3
"""Generate the stereo invariance fixture with RDKit.

Writes fixtures/stereo/variants.tsv: 2,000 stereo-bearing molecules, each written 6 ways
(3 random atom orders aromatic, 3 random atom orders Kekule), rows id<TAB>variant.

MOSES carries no stereo marks, so each molecule is a MOSES molecule (registry data, which the
project may hold) with one stereoisomer chosen at random among those RDKit enumerates for its
unassigned tetrahedral centres and double bonds (EnumerateStereoisomers, unique, seeded).
Molecules are taken in file order from moses_train_100k.smi among those with at least one
stereo element, skipping any whose isomers RDKit cannot tell apart; half of them are drawn
from molecules with a ring pseudo-asymmetric pair or a stereo double bond when available, so
those cases are well represented. Every variant is asserted to read back in RDKit to the
isomer's canonical SMILES.

The public stereo sets (smilesreading/4-stereosmiles, the stereo lines of
iupac_smiles_plus) are not copied: tests read them from ../shared/data at test time, and
scripts/check_stereo_rdkit.py checks our output on them.

Usage: python3 scripts/gen_stereo_fixtures.py [--data /work/shared/data]
Deterministic: fixed random seeds.
"""
import argparse
import random
from pathlib import Path

import rdkit
from rdkit import Chem, RDLogger
from rdkit.Chem.EnumerateStereoisomers import (
    EnumerateStereoisomers,
    StereoEnumerationOptions,
)

ROOT = Path(__file__).resolve().parent.parent
COUNT, WAYS = 2000, 6


def stereo_elements(mol):
    """Unassigned stereo elements RDKit finds (tetrahedral and double bond)."""
    info = Chem.FindPotentialStereo(mol)
    return [e for e in info if e.specified == Chem.StereoSpecified.Unspecified]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="/work/shared/data")
    args = parser.parse_args()
    RDLogger.DisableLog("rdApp.*")
    rng = random.Random(20261202)
    special, plain = [], []
    path = Path(args.data) / "moses" / "moses_train_100k.smi"
    for line in path.read_text().splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        smiles, title = fields[0], fields[1]
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            continue
        elements = stereo_elements(mol)
        if not elements:
            continue
        has_bond = any(e.type == Chem.StereoType.Bond_Double for e in elements)
        # Ring pseudo-asymmetry: a ring atom centre whose ring neighbours are equivalent.
        ranks = list(Chem.CanonicalRankAtoms(mol, breakTies=False))
        para = False
        for e in elements:
            if e.type != Chem.StereoType.Atom_Tetrahedral:
                continue
            atom = mol.GetAtomWithIdx(e.centeredOn)
            ring = [n.GetIdx() for n in atom.GetNeighbors() if mol.GetBondBetweenAtoms(
                atom.GetIdx(), n.GetIdx()).IsInRing()]
            if len(ring) == 2 and ranks[ring[0]] == ranks[ring[1]]:
                para = True
        (special if (has_bond or para) else plain).append((title, mol))
        if len(special) >= COUNT + 200 and len(plain) >= COUNT + 200:
            break
    # Half special, the rest plain, with room for the skipped ones; cut to COUNT below.
    chosen = special[: COUNT // 2 + 200] + plain[: COUNT + 400]
    options = StereoEnumerationOptions(unique=True, onlyUnassigned=True, maxIsomers=16,
                                       rand=20261202)
    rows = []
    seen = set()
    skipped = 0
    for title, mol in chosen:
        isomers = list(EnumerateStereoisomers(mol, options=options))
        isomers = [m for m in isomers if "@" in Chem.MolToSmiles(m) or "/" in Chem.MolToSmiles(m)
                   or "\\" in Chem.MolToSmiles(m)]
        if not isomers:
            continue
        isomer = isomers[rng.randrange(len(isomers))]
        canonical = Chem.MolToSmiles(isomer)
        if canonical in seen:
            continue
        seen.add(canonical)
        kekule = Chem.Mol(isomer)
        Chem.Kekulize(kekule, clearAromaticFlags=True)
        variants = []
        seed = rng.randrange(1 << 30)
        for source, kekule_form in ((isomer, False), (kekule, True)):
            for text in Chem.MolToRandomSmilesVect(source, WAYS // 2, randomSeed=seed,
                                                   kekuleSmiles=kekule_form):
                back = Chem.MolFromSmiles(text)
                if back is not None and Chem.MolToSmiles(back) == canonical:
                    variants.append(text)
        # A molecule RDKit itself does not read back as one isomer from every variant is
        # left out (RDKit cannot vouch for it), and counted.
        if len(variants) != WAYS:
            skipped += 1
            continue
        rows.extend(f"{title}\t{v}" for v in variants)
        if len(rows) // WAYS == COUNT:
            break
    out = ROOT / "fixtures" / "stereo" / "variants.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# {len(rows) // WAYS} stereoisomers of MOSES molecules (molsets 0.3.1, MIT licence, "
        f"moses_train_100k.smi), one random isomer each, {WAYS} ways (3 random orders aromatic, "
        f"3 Kekule); id<TAB>variant; generated by scripts/gen_stereo_fixtures.py, "
        f"RDKit {rdkit.__version__}\n"
    )
    out.write_text(header + "\n".join(rows) + "\n")
    print(f"wrote {out}: {len(rows) // WAYS} molecules, {len(rows)} variants; "
          f"{skipped} left out (RDKit's own random orders gave another isomer)")


if __name__ == "__main__":
    main()
