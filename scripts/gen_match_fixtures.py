#!/usr/bin/env python3
"""RDKit substructure matches of 16 SMARTS patterns over 1,000 MOSES molecules.

Writes fixtures/matching/rdkit_matches.tsv: `# pattern <i> <smarts>` header lines, then one line
per molecule: SMILES, then per pattern RDKit's len(GetSubstructMatches(uniquify=True,
useChirality=False)), the number of distinct matched atom sets (0 means HasSubstructMatch is
false). regiochem's test checks has_match and the number of distinct atom sets of all_matches.

Molecules: the first 1,000 lines of MOSES (moses_train_100k.smi; MOSES is MIT-licensed,
github.com/molecularsets/moses).
"""
import sys
from rdkit import Chem, rdBase

AMINE = "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O);!$(Na);!$(N-[N,O])]"
PATTERNS = [
    AMINE,
    "[NX3;H2,H1;!$(NC=O)]",
    "C(=O)N",
    "[N+](=O)[O-]",
    "c[F,Cl,Br,I]",
    "C-C-C",
    "[R]",
    "c1ccccc1",
    "[#7;H1;R]",
    "[C;$(C(=O)[OH])]",
    "[N;!$(N-a);!$(N=*)]",
    "[r5]",
    "[#6]@[#7]",
    "S(=O)(=O)N",
    "[D3;!R;X4]",
    "c:n",
]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/moses/moses_train_100k.smi"
    patterns = [Chem.MolFromSmarts(p) for p in PATTERNS]
    out = [
        f"# RDKit {rdBase.rdkitVersion}: len(GetSubstructMatches(uniquify=True, useChirality=False))",
        "# per pattern (distinct atom sets) for the first 1,000 MOSES molecules (MIT licence,",
        "# github.com/molecularsets/moses). Written by scripts/gen_match_fixtures.py.",
    ]
    for i, p in enumerate(PATTERNS):
        out.append(f"# pattern\t{i}\t{p}")
    count = 0
    with open(path) as f:
        for line in f:
            smiles = line.split()[0] if line.split() else ""
            if not smiles or smiles.upper() == "SMILES":
                continue
            mol = Chem.MolFromSmiles(smiles)
            if mol is None:
                continue
            counts = [
                len(mol.GetSubstructMatches(p, uniquify=True, useChirality=False, maxMatches=100000))
                for p in patterns
            ]
            for p, c in zip(patterns, counts):
                assert mol.HasSubstructMatch(p) == (c > 0)
            out.append(smiles + "\t" + ",".join(map(str, counts)))
            count += 1
            if count == 1000:
                break
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
