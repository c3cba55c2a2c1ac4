#!/usr/bin/env python3
"""Generate canonicalisation and molecular-property fixtures with RDKit.

Writes (relative to the repository root):

  fixtures/canon/variants.tsv
      1,200 MOSES molecules (every 83rd line of moses_train_100k.smi), each as
      7 distinct SMILES of the same molecule: the original string, RDKit
      canonical aromatic, RDKit canonical Kekule (each kept once if equal), then
      random atom orders alternating aromatic and Kekule (seeded). Rows: id<TAB>variant_smiles; id is the MOSES
      title. Every variant is asserted to re-parse in RDKit to the same canonical
      SMILES as the original, and the 1,200 canonical SMILES are asserted distinct.

  fixtures/molecules/rdkit_props.tsv
      2,000 MOSES molecules (every 50th line) with RDKit properties.

  fixtures/molecules/diazepanes_rdkit_props.tsv
      every line of targets/diazepanes_300.smi, same columns plus the title.

Property columns: smiles heavy_atoms total_h formula mass charge rings
aromatic_atoms rdkit_canonical, where heavy_atoms = GetNumHeavyAtoms, total_h =
all hydrogens (sum of GetTotalNumHs plus any H kept as atoms), formula =
CalcMolFormula, mass = Descriptors.MolWt to 3 dp, charge = net formal charge,
rings = bonds - atoms + fragments, aromatic_atoms = aromatic atoms after default
sanitisation. Property files start with a provenance comment and a '#'-prefixed
column-name line (same convention as the tricky/ data); no other header.

Usage: python3 scripts/gen_canon_fixtures.py [--data /work/shared/data]
Deterministic: fixed sampling strides and fixed RDKit random seeds.
"""
import argparse
import sys
from pathlib import Path

import rdkit
from rdkit import Chem, RDLogger
from rdkit.Chem import Descriptors, rdMolDescriptors

ROOT = Path(__file__).resolve().parent.parent
CANON_STRIDE, CANON_COUNT = 83, 1200
PROPS_STRIDE, PROPS_COUNT = 50, 2000
N_VARIANTS = 7  # distinct strings per molecule (so >= 4 random atom orders)
PROP_COLUMNS = ["smiles", "heavy_atoms", "total_h", "formula", "mass", "charge",
                "rings", "aromatic_atoms", "rdkit_canonical"]


def read_smi(path):
    """Yield (smiles, title) from a `SMILES<TAB or space>title` file."""
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split(None, 1)
            if parts:
                yield parts[0], (parts[1] if len(parts) > 1 else "")


def canon(smiles):
    mol = Chem.MolFromSmiles(smiles)
    return None if mol is None else Chem.MolToSmiles(mol)


def variants(smiles, seed):
    """Distinct strings: original, canonical aromatic, canonical Kekule, then random
    atom orders alternating aromatic/Kekule until there are N_VARIANTS."""
    mol = Chem.MolFromSmiles(smiles)
    kek = Chem.Mol(mol)
    Chem.Kekulize(kek, clearAromaticFlags=True)
    out = []
    for s in (smiles, Chem.MolToSmiles(mol), Chem.MolToSmiles(kek, kekuleSmiles=True)):
        if s not in out:
            out.append(s)
    # plenty of candidates so duplicates (small/symmetric molecules) can be skipped
    arom = Chem.MolToRandomSmilesVect(mol, 20, randomSeed=seed)
    kekr = Chem.MolToRandomSmilesVect(kek, 20, randomSeed=seed + 1, kekuleSmiles=True)
    for a, k in zip(arom, kekr):
        for s in (a, k):
            if len(out) < N_VARIANTS and s not in out:
                out.append(s)
    return out


def props(smiles):
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None
    atoms = list(mol.GetAtoms())
    total_h = sum(a.GetTotalNumHs() for a in atoms) + sum(a.GetAtomicNum() == 1 for a in atoms)
    frags = len(Chem.GetMolFrags(mol))
    return [
        smiles,
        mol.GetNumHeavyAtoms(),
        total_h,
        rdMolDescriptors.CalcMolFormula(mol),
        f"{Descriptors.MolWt(mol):.3f}",
        sum(a.GetFormalCharge() for a in atoms),
        mol.GetNumBonds() - mol.GetNumAtoms() + frags,
        sum(a.GetIsAromatic() for a in atoms),
        Chem.MolToSmiles(mol),
    ]


def write_props(path, rows, header, extra_cols=()):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        f.write(header + "\n")
        f.write("#" + "\t".join(PROP_COLUMNS + list(extra_cols)) + "\n")
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data", type=Path)
    args = ap.parse_args()
    RDLogger.DisableLog("rdApp.*")
    moses = list(read_smi(args.data / "moses" / "moses_train_100k.smi"))
    gen = f"scripts/gen_canon_fixtures.py, RDKit {rdkit.__version__}"

    # --- canonicalisation variants ---
    sample = moses[::CANON_STRIDE][:CANON_COUNT]
    assert len(sample) == CANON_COUNT
    seen = {}
    n_rows = 0
    out = ROOT / "fixtures" / "canon" / "variants.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w") as f:
        f.write(f"# {CANON_COUNT} molecules from MOSES (molsets 0.3.1, MIT licence), "
                f"stride {CANON_STRIDE} (1-based lines 1, {1 + CANON_STRIDE}, ...) of moses_train_100k.smi; id<TAB>variant; generated by {gen}\n")
        for i, (smi, title) in enumerate(sample):
            ref = canon(smi)
            assert ref is not None, f"RDKit failed on {smi} {title}"
            assert ref not in seen, f"duplicate molecule {title} == {seen[ref]}"
            seen[ref] = title
            vs = variants(smi, seed=1000 + 2 * i)
            assert len(vs) >= 6, f"only {len(vs)} distinct variants for {title}"
            for v in vs:
                assert canon(v) == ref, f"variant {v} of {title} re-parses differently"
                f.write(f"{title}\t{v}\n")
                n_rows += 1
    print(f"{out.relative_to(ROOT)}: {CANON_COUNT} molecules, {n_rows} rows")

    # --- property tables ---
    for src, dest, stride, count, with_title, note in [
        (args.data / "moses" / "moses_train_100k.smi", "rdkit_props.tsv", PROPS_STRIDE, PROPS_COUNT,
         False, f"{PROPS_COUNT} molecules from MOSES (molsets 0.3.1, MIT licence), "
                f"stride {PROPS_STRIDE} (1-based lines 1, {1 + PROPS_STRIDE}, ...) of moses_train_100k.smi"),
        (args.data / "targets" / "diazepanes_300.smi", "diazepanes_rdkit_props.tsv", 1, None,
         True, "every line of targets/diazepanes_300.smi (MOSES, MIT; WEHI set shipped with RDKit, BSD-3)"),
    ]:
        lines = list(read_smi(src))[::stride]
        if count is not None:
            lines = lines[:count]
            assert len(lines) == count
        rows, failed = [], []
        for smi, title in lines:
            p = props(smi)
            if p is None:
                failed.append((smi, title))
                continue
            rows.append(p + [title] if with_title else p)
        path = ROOT / "fixtures" / "molecules" / dest
        write_props(path, rows, f"# {note}; generated by {gen}", ["title"] if with_title else [])
        print(f"{path.relative_to(ROOT)}: {len(rows)} rows, RDKit failed on {len(failed)}")
        for smi, title in failed:
            print(f"  RDKit failed: {smi} {title}", file=sys.stderr)


if __name__ == "__main__":
    main()
