"""The compiled half of regiochem: the command line, run in-process."""

__version__: str

class RegiochemError(ValueError):
    """args: (message, code, offset)."""

def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Runs `regiochem ARGS` on `stdin`: (exit status, stdout, stderr)."""
