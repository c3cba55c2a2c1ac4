"""Type stubs of regiochem: the command line's JSON as Python objects."""

from typing import Any, Iterable, Literal, Optional, Sequence, Union, overload

__version__: str

Molecule = Union[str, Any]
"""A SMILES string or an RDKit ``Mol``."""

class RegiochemError(ValueError):
    code: Optional[str]
    offset: Optional[int]
    def __init__(self, message: str, code: Optional[str] = ..., offset: Optional[int] = ...) -> None: ...

class Record(dict[str, Any]):
    """A JSON record of the command line, as a ``dict``."""

class MoleculeRecord(Record):
    """A ``parse`` record; ``_repr_svg_`` draws it."""
    def _repr_svg_(self) -> Optional[str]: ...

class Smiles(str):
    """A canonical SMILES; ``_repr_svg_`` draws it."""
    def _repr_svg_(self) -> str: ...

class RouteReport(Record):
    """A ``plan`` or ``validate`` record; ``_repr_html_`` is the ``--format html`` page."""
    def _repr_html_(self) -> str: ...

@overload
def parse(molecule: Sequence[Molecule]) -> list[MoleculeRecord]: ...
@overload
def parse(molecule: Molecule) -> MoleculeRecord: ...
@overload
def canon(molecule: Sequence[Molecule]) -> list[Optional[Smiles]]: ...
@overload
def canon(molecule: Molecule) -> Smiles: ...
def sites(molecule: Molecule, explain: bool = ...) -> dict[str, Any]: ...
def predict(
    substrate: Molecule,
    with_: Optional[Union[Molecule, Sequence[Molecule]]] = ...,
    reagents: Sequence[str] = ...,
    agents: Optional[str] = ...,
    eq: float = ...,
    acid: float = ...,
) -> dict[str, Any]: ...
def validate(route: Union[str, dict[str, Any], list[Any]]) -> RouteReport: ...
@overload
def plan(
    target: Molecule,
    top: int = ...,
    scale: float = ...,
    stock: Optional[str] = ...,
    format: Literal["json"] = ...,
) -> RouteReport: ...
@overload
def plan(
    target: Molecule,
    top: int = ...,
    scale: float = ...,
    stock: Optional[str] = ...,
    *,
    format: Literal["ord"],
) -> Record: ...
def plan_many(targets: Iterable[Molecule], jobs: Optional[int] = ..., top: int = ...) -> list[Union[RouteReport, Record]]: ...
def depict(molecule: Molecule, highlight: Optional[str] = ..., abbreviations: bool = ...) -> str: ...
