#!/usr/bin/env python3
"""Products of the 13 verified forward templates (chemistry.md section 2) computed by RDKit.

Writes fixtures/templates/rdkit_products.tsv: name, template (AMINE expanded), reactants
(space-separated, one per reactant template), and RDKit's unique products (RunReactants,
sanitised, canonical SMILES, sorted, space-separated; `-` for none). regiochem's test applies
each template with Template::apply and compares canonical SMILES written by regiochem.
"""
import sys
from rdkit import Chem, RDLogger, rdBase
from rdkit.Chem import AllChem

RDLogger.DisableLog("rdApp.*")
AMINE = "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O);!$(Na);!$(N-[N,O])"
HP = "C1CNCCNC1"
BOC_HP = "CC(C)(C)OC(=O)N1CCCNCC1"
BOC_ME_HP = "CC(C)(C)OC(=O)N1CCCN(C)CC1"
TEMPLATES = {
    "boc2o": "AMINE:1].[CH3:4][C:5]([CH3:6])([CH3:7])[O:8][C:2](=[O:3])OC(=O)OC(C)(C)C>>[N:1][C:2](=[O:3])[O:8][C:5]([CH3:4])([CH3:6])[CH3:7]",
    "boc_removal": "[N:1][C;!R](=O)O[C]([CH3])([CH3])[CH3]>>[N:1]",
    "cbzcl": "AMINE:1].Cl[C:2](=[O:3])[O:4][CH2:5][c:6]>>[N:1][C:2](=[O:3])[O:4][CH2:5][c:6]",
    "cbz_hydrogenolysis": "[N:1][C;!R](=O)O[CH2]c1[cH][cH][cH][cH][cH]1>>[N:1]",
    "benzyl_bromide": "AMINE:1].[Br,Cl,I][CH2:2][c:3]>>[N:1][CH2:2][c:3]",
    "reductive_amination": "AMINE:1].[CH1:2](=[O])[c:3]>>[N:1][CH2:2][c:3]",
    "acyl_chloride": "AMINE:1].Cl[C:2](=[O:3])[#6:4]>>[N:1][C:2](=[O:3])[#6:4]",
    "nscl": "AMINE:1].Cl[S:2](=[O:3])(=[O:4])[c:5]>>[N:1][S:2](=[O:3])(=[O:4])[c:5]",
    "ns_removal": "[N:1]S(=O)(=O)c1[cH][cH][cH][cH]c1[N+](=O)[O-]>>[N:1]",
    "fmoc_removal": "[N:1][C;!R](=O)OC[CH]1c2ccccc2-c2ccccc21>>[N:1]",
    "bn_hydrogenolysis": "[NX3;!$(N[C,S]=[O,S]):1][CH2]c1[cH][cH][cH][cH][cH]1>>[N:1]",
    "trtcl": "AMINE:1].Cl[C:2]([c:3])([c:4])[c:5]>>[N:1][C:2]([c:3])([c:4])[c:5]",
    "nitro_reduction": "[c:1][N+:2](=[O])[O-]>>[c:1][NH2+0:2]",
}
CASES = [
    ("boc2o", [HP, "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"]),
    ("boc2o", [BOC_HP, "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"]),
    ("boc2o", [BOC_ME_HP, "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"]),
    ("boc2o", ["C[C@H]1CNCCN1", "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"]),
    ("boc2o", ["NCCCN", "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"]),
    ("boc_removal", [BOC_HP]),
    ("boc_removal", ["CC(C)(C)OC(=O)N1CCCN(C(=O)OC(C)(C)C)CC1"]),
    ("boc_removal", ["CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1"]),
    ("cbzcl", [BOC_HP, "O=C(Cl)OCc1ccccc1"]),
    ("cbzcl", [HP, "O=C(Cl)OCc1ccccc1"]),
    ("cbz_hydrogenolysis", ["O=C(OCc1ccccc1)N1CCCNCC1"]),
    ("cbz_hydrogenolysis", ["CC(C)(C)OC(=O)N1CCCN(C(=O)OCc2ccccc2)CC1"]),
    ("benzyl_bromide", [BOC_HP, "BrCc1ccc([N+](=O)[O-])cc1"]),
    ("benzyl_bromide", [HP, "BrCc1ccc([N+](=O)[O-])cc1"]),
    ("benzyl_bromide", ["O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1", "BrCc1ccc([N+](=O)[O-])cc1"]),
    ("reductive_amination", [BOC_HP, "O=Cc1ccc(F)cc1F"]),
    ("reductive_amination", [HP, "O=Cc1ccccc1"]),
    ("acyl_chloride", [BOC_HP, "CC(=O)Cl"]),
    ("acyl_chloride", [HP, "O=C(Cl)c1ccccc1"]),
    ("nscl", [BOC_HP, "O=S(=O)(Cl)c1ccccc1[N+](=O)[O-]"]),
    ("ns_removal", ["CC(C)(C)OC(=O)N1CCCN(S(=O)(=O)c2ccccc2[N+](=O)[O-])CC1"]),
    ("fmoc_removal", ["O=C(OCC1c2ccccc2-c2ccccc21)N1CCCNCC1"]),
    ("bn_hydrogenolysis", ["CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1"]),
    ("bn_hydrogenolysis", ["C1CN(Cc2ccccc2)CCN(Cc2ccccc2)C1"]),
    ("bn_hydrogenolysis", ["CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1"]),
    ("trtcl", [BOC_HP, "ClC(c1ccccc1)(c1ccccc1)c1ccccc1"]),
    ("trtcl", [HP, "ClC(c1ccccc1)(c1ccccc1)c1ccccc1Cl"]),
    ("nitro_reduction", ["CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1"]),
    ("nitro_reduction", ["O=[N+]([O-])c1ccc([N+](=O)[O-])cc1"]),
    ("nitro_reduction", ["CC[N+](=O)[O-]"]),
]


def main():
    out = [
        f"# RDKit {rdBase.rdkitVersion} RunReactants products of the verified templates of",
        "# chemistry.md section 2 (scripts/gen_template_fixtures.py). Columns: name, template,",
        "# reactants (space-separated), unique sanitised products (sorted, space-separated; - none).",
    ]
    for name, reactants in CASES:
        template = TEMPLATES[name].replace("AMINE", AMINE)
        reaction = AllChem.ReactionFromSmarts(template)
        mols = [Chem.MolFromSmiles(s) for s in reactants]
        products = set()
        for outcome in reaction.RunReactants(mols):
            for product in outcome:
                try:
                    Chem.SanitizeMol(product)
                except Exception:
                    continue
                products.add(Chem.MolToSmiles(product))
        out.append("\t".join([name, template, " ".join(reactants), " ".join(sorted(products)) or "-"]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
