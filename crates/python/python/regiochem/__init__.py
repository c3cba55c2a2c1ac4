"""regiochem: plans and checks selective syntheses of polyamines.

Every function runs the matching `regiochem` command in-process and returns its `--json`
record as Python objects (dicts and lists), so results are exactly what the command line
prints. Molecule arguments take a SMILES string or an RDKit ``Mol`` (converted with
``Chem.MolToSmiles``; RDKit is imported only when a ``Mol`` is given). Errors raise
:class:`RegiochemError`, a ``ValueError`` with ``code`` and ``offset``.

Results that are molecules (``parse``, ``canon``) draw themselves in Jupyter (``_repr_svg_``,
through :func:`depict`); results that are routes (``plan``, ``validate``) show the route
report (``_repr_html_``, the ``--format html`` page). They stay plain data: a record is a
``dict`` subclass and a canonical SMILES a ``str`` subclass, so ``==`` and ``json.dumps``
work as on the JSON.

>>> import regiochem
>>> regiochem.canon("C1CNCCNC1")
'C1CNCCCN1'
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Iterable, Optional, Sequence, Union

from . import _native

__version__ = _native.__version__
__all__ = [
    "RegiochemError",
    "parse",
    "canon",
    "sites",
    "predict",
    "validate",
    "plan",
    "plan_many",
    "depict",
    "Record",
    "MoleculeRecord",
    "Smiles",
    "RouteReport",
]


class RegiochemError(ValueError):
    """Bad input or usage: ``code`` is the stable error code (``smiles::unclosed_ring``, ...),
    ``offset`` the byte offset in the input it points at, or ``None``."""

    def __init__(self, message: str, code: Optional[str] = None, offset: Optional[int] = None):
        super().__init__(message)
        self.code = code
        self.offset = offset


Molecule = Union[str, Any]


class Record(dict):
    """A JSON record of the command line, as a ``dict``."""


class MoleculeRecord(Record):
    """A ``parse`` record; Jupyter shows its structure (``_repr_svg_``)."""

    def _repr_svg_(self) -> Optional[str]:
        smiles = self.get("smiles")
        return depict(smiles) if smiles else None


class Smiles(str):
    """A canonical SMILES (a ``str``); Jupyter shows its structure (``_repr_svg_``)."""

    def _repr_svg_(self) -> str:
        return depict(str(self))


class RouteReport(Record):
    """A ``plan`` or ``validate`` record; Jupyter shows the route report page
    (``_repr_html_``: the command's ``--format html`` output for the same arguments)."""

    _args: Sequence[str] = ()
    _route: Optional[str] = None

    def _repr_html_(self) -> str:
        args = list(self._args) + ["--format", "html"]
        if self._route is None:
            return _page(args)
        with _route_file(self._route) as path:
            return _page([path if a is _ROUTE else a for a in args])


_ROUTE = object()


def _page(args: Sequence[str]) -> str:
    status, out, err = _run(args)
    if status not in (0, 1):
        raise RegiochemError(err.strip() or f"regiochem {args[0]} exited with status {status}")
    return out


class _route_file:
    """A temporary file holding route text, removed on exit."""

    def __init__(self, text: str):
        self.text = text

    def __enter__(self) -> str:
        with tempfile.NamedTemporaryFile("w", suffix=".route", delete=False, encoding="utf-8") as f:
            f.write(self.text)
            self.path = f.name
        return self.path

    def __exit__(self, *_) -> None:
        os.unlink(self.path)


def _report(record: dict, args: Sequence[Any], route: Optional[str] = None) -> RouteReport:
    report = RouteReport(record)
    report._args = list(args)
    report._route = route
    return report


def _smiles(molecule: Molecule) -> str:
    """SMILES of a string or an RDKit Mol."""
    if isinstance(molecule, str):
        return molecule
    if hasattr(molecule, "GetNumAtoms"):
        from rdkit import Chem

        return Chem.MolToSmiles(molecule)
    raise TypeError(f"expected a SMILES string or an RDKit Mol, not {type(molecule).__name__}")


def _run(args: Sequence[str], stdin: str = "") -> tuple:
    try:
        return _native.run(list(args), stdin)
    except _native.RegiochemError as error:
        message, code, offset = error.args
        raise RegiochemError(message, code, offset) from None


def _json(args: Sequence[str], stdin: str = "", ok=(0,)) -> Any:
    status, out, err = _run(args, stdin)
    if status not in ok:
        raise RegiochemError(err.strip() or f"regiochem {args[0]} exited with status {status}")
    return json.loads(out)


def _lines(molecules: Iterable[Molecule]) -> str:
    return "".join(_smiles(m).replace("\n", " ") + "\n" for m in molecules)


def parse(molecule: Union[Molecule, Sequence[Molecule]]) -> Any:
    """The `parse` record of one molecule (a dict), or of each of a list of them (a list).
    A bad SMILES in a list gives a record with an ``error`` entry; a single bad SMILES raises."""
    if isinstance(molecule, (list, tuple)):
        status, out, _ = _run(["parse"], _lines(molecule))
        return [MoleculeRecord(json.loads(line)) for line in out.splitlines()]
    status, out, _ = _run(["parse"], _lines([molecule]))
    record = MoleculeRecord(json.loads(out.splitlines()[0]))
    if "error" in record:
        error = record["error"]
        raise RegiochemError(error["message"], error["code"], error["offset"])
    return record


def canon(molecule: Union[Molecule, Sequence[Molecule]]) -> Any:
    """Canonical SMILES of one molecule (a str) or of each of a list (a list; ``None`` for a
    line that does not read)."""
    if isinstance(molecule, (list, tuple)):
        records = parse(list(molecule))
        return [Smiles(r["smiles"]) if "smiles" in r else None for r in records]
    return Smiles(parse(molecule)["smiles"])


def sites(molecule: Molecule, explain: bool = False) -> dict:
    """Every nitrogen: label, class, symmetry class, micro pKa, nucleophilicity; and the
    molecule's ``macro_pka`` (`regiochem sites --json`)."""
    args = ["sites", _smiles(molecule), "--json"]
    if explain:
        args.append("--explain")
    return _json(args)


def predict(
    substrate: Molecule,
    with_: Optional[Union[Molecule, Sequence[Molecule]]] = None,
    reagents: Sequence[str] = (),
    agents: Optional[str] = None,
    eq: float = 1.0,
    acid: float = 0.0,
) -> dict:
    """What one step gives: products with fractions and sites, unreacted, findings
    (`regiochem predict --json`). ``with_`` is the co-reactant(s), ``reagents`` names from the
    reagent library, ``agents`` agents as dot-separated SMILES, ``eq`` equivalents of
    co-reactant, ``acid`` equivalents of strong acid added first."""
    args = ["predict", _smiles(substrate), "--json"]
    if with_ is not None:
        for co in with_ if isinstance(with_, (list, tuple)) else [with_]:
            args += ["--with", _smiles(co)]
    for name in reagents:
        args += ["--reagent", name]
    if agents:
        args += ["--agents", agents]
    if with_ is not None and eq != 1.0:
        args += ["--eq", repr(float(eq))]
    if acid:
        args += ["--acid", repr(float(acid))]
    return _json(args)


def validate(route: Union[str, dict, list]) -> dict:
    """Replay a route step by step (`regiochem validate --json`): ``route`` is the route text
    form, or a reaction tree (ours, or a plain AiZynthFinder/rxnutils route dict)."""
    text = route if isinstance(route, str) else json.dumps(route)
    with _route_file(text) as path:
        record = _json(["validate", path, "--json"], ok=(0, 1))
    return _report(record, ["validate", _ROUTE], text)


def _search(top: int, scale: Optional[float], stock: Optional[str]) -> list:
    args = ["--top", str(int(top))]
    if scale is not None:
        args += ["--scale", repr(float(scale))]
    if stock is not None:
        args += ["--stock", os.fspath(stock)]
    return args


def plan(
    target: Molecule,
    top: int = 3,
    scale: float = 1.0,
    stock: Optional[str] = None,
    format: str = "json",
) -> dict:
    """Ranked routes to ``target`` with procedure cards at ``scale`` mmol
    (`regiochem plan --json`); ``stock`` a stock file replacing the shipped one.

    ``format="ord"`` gives the routes as an Open Reaction Database ``Dataset`` instead
    (`regiochem plan --format ord`, proto3 JSON as a dict): one reaction per step, ready for
    ``google.protobuf.json_format.ParseDict(record, dataset_pb2.Dataset())``."""
    args = ["plan", _smiles(target)] + _search(top, scale, stock)
    if format == "ord":
        return Record(_json(args + ["--format", "ord"]))
    if format != "json":
        raise ValueError(f'format is "json" or "ord", not {format!r}')
    return _report(_json(args + ["--json"]), args)


def depict(molecule: Molecule, highlight: Optional[str] = None, abbreviations: bool = True) -> str:
    """The molecule drawn as SVG text (`regiochem depict`): ``highlight`` a SMARTS whose
    matches are coloured; protecting groups drawn as abbreviations (Boc, Cbz, ...) unless
    ``abbreviations`` is false."""
    args = ["depict", _smiles(molecule)]
    if highlight is not None:
        args += ["--highlight", highlight]
    if not abbreviations:
        args.append("--no-abbreviations")
    status, out, err = _run(args)
    if status != 0:
        raise RegiochemError(err.strip() or f"regiochem depict exited with status {status}")
    return out


def plan_many(targets: Iterable[Molecule], jobs: Optional[int] = None, top: int = 1) -> list:
    """Plan every target in parallel (`regiochem batch`), the GIL released: one record per
    target, in order; a target that does not read gives a record with an ``error`` entry.
    A planned record is a :class:`RouteReport` (its ``_repr_html_`` plans the target again
    with ``--format html``)."""
    args = ["batch"] + _search(top, None, None)
    if jobs is not None:
        args += ["--jobs", str(int(jobs))]
    status, out, err = _run(args, _lines(targets))
    records = [json.loads(line) for line in out.splitlines()]
    return [
        _report(r, ["plan", r["input"]] + _search(top, None, None)) if "routes" in r else Record(r)
        for r in records
    ]
