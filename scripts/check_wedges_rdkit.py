#!/usr/bin/env python3
"""Wedges against RDKit: reads the wedge and hash bonds back from `regiochem depict` SVG with
the coordinates of `depict --json`, lets RDKit assign chirality from those bond directions and
compares the canonical SMILES with the input (stereo SMILES of the public polyamine targets and
a few small cases). Prints the mismatches and the counts."""
import json, re, subprocess, sys
from rdkit import Chem
from rdkit.Chem import rdDepictor
from rdkit.Geometry import Point3D
import os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("REGIOCHEM", os.path.join(ROOT, "target/release/regiochem"))
smis = [l.split()[0] for l in open(os.path.join(ROOT, "../shared/data/targets/polyamines_public.smi")) if "@" in l][:60]
smis += ["C[C@H](N)O", "C[C@@H](N)O", "N[C@@H](C)C(=O)O", "C[C@H]1CNCCN1", "C[C@@]1(O)CCCNC1"]
ok = bad = 0
for smi in smis:
    rec = json.loads(subprocess.run([BIN, "depict", smi, "--json"], capture_output=True, text=True).stdout)
    svg = subprocess.run([BIN, "depict", smi, "--no-abbreviations"], capture_output=True, text=True).stdout
    mol = Chem.MolFromSmiles(smi)
    if mol.GetNumAtoms() != len(rec["atoms"]):
        continue
    xs = [a["x"] for a in rec["atoms"]]; ys = [a["y"] for a in rec["atoms"]]
    minx, maxy = min(xs), max(ys)
    px = {a["index"]: ((a["x"] - minx) * 32 + 30, (maxy - a["y"]) * 32 + 18) for a in rec["atoms"]}
    conf = Chem.Conformer(mol.GetNumAtoms())
    for a in rec["atoms"]:
        conf.SetAtomPosition(a["index"], Point3D(a["x"], a["y"], 0))
    m2 = Chem.RWMol(mol); m2.RemoveAllConformers(); m2.AddConformer(conf)
    for b in m2.GetBonds(): b.SetBondDir(Chem.BondDir.NONE)
    for a in m2.GetAtoms(): a.SetChiralTag(Chem.ChiralType.CHI_UNSPECIFIED)
    def nearest(x, y):
        return min(px, key=lambda i: (px[i][0]-x)**2 + (px[i][1]-y)**2)
    # wedges: polygons; hashes: groups of 6 short lines -- find by polygon tip and hashed centres
    for m in re.finditer(r'<polygon points="([\d.]+),([\d.]+) ([\d.]+),([\d.]+) ([\d.]+),([\d.]+)"', svg):
        t = nearest(float(m.group(1)), float(m.group(2)))
        bx = (float(m.group(3)) + float(m.group(5))) / 2; by = (float(m.group(4)) + float(m.group(6))) / 2
        # the far end may be shortened at a label: pick the neighbour closest in direction
        cands = [n.GetIdx() for n in m2.GetAtomWithIdx(t).GetNeighbors()]
        o = min(cands, key=lambda i: (px[i][0]-bx)**2 + (px[i][1]-by)**2)
        bd = m2.GetBondBetweenAtoms(t, o)
        if bd.GetBeginAtomIdx() != t:
            m2.RemoveBond(t, o); m2.AddBond(t, o, Chem.BondType.SINGLE); bd = m2.GetBondBetweenAtoms(t, o)
        bd.SetBondDir(Chem.BondDir.BEGINWEDGE)
    lines = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"', svg)
    lines = [tuple(map(float, l)) for l in lines]
    # hashes: consecutive groups of 6 short (<= 8 px) lines
    i = 0
    while i + 5 < len(lines):
        grp = lines[i:i+6]
        if all(((l[0]-l[2])**2 + (l[1]-l[3])**2) ** .5 <= 7.5 for l in grp):
            c1 = ((grp[0][0]+grp[0][2])/2, (grp[0][1]+grp[0][3])/2); c6 = ((grp[5][0]+grp[5][2])/2, (grp[5][1]+grp[5][3])/2)
            # tip is beyond c1 opposite c6
            tx, ty = c1[0] - (c6[0]-c1[0]) / 5, c1[1] - (c6[1]-c1[1]) / 5
            t = nearest(tx, ty)
            cands = [n.GetIdx() for n in m2.GetAtomWithIdx(t).GetNeighbors()]
            o = min(cands, key=lambda k: (px[k][0]-c6[0])**2 + (px[k][1]-c6[1])**2)
            bd = m2.GetBondBetweenAtoms(t, o)
            if bd.GetBeginAtomIdx() != t:
                m2.RemoveBond(t, o); m2.AddBond(t, o, Chem.BondType.SINGLE); bd = m2.GetBondBetweenAtoms(t, o)
            bd.SetBondDir(Chem.BondDir.BEGINDASH)
            i += 6
        else:
            i += 1
    m3 = m2.GetMol()
    Chem.AssignChiralTypesFromBondDirs(m3)
    Chem.AssignStereochemistry(m3, cleanIt=True, force=True)
    a = Chem.MolToSmiles(mol); b = Chem.MolToSmiles(m3)
    if a == b: ok += 1
    else:
        bad += 1; print("MISMATCH", smi, a, b)
print("ok", ok, "bad", bad)
