"""Running the notebooks: in a fresh kernel, in an empty folder, cached by their code.

Outputs depend on the code cells alone (and on the versions that shape them), so the Korean
and the English notebook of a page share one run, and a change in the words runs nothing.
What a kernel sends is normalised before it is stored: consecutive stream outputs are
merged (under load, ipykernel may split one print in two), run-dependent metadata is
dropped, so a notebook's bytes depend on its code, never on the machine's mood.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ipykernel
import matplotlib
import nbclient
import nbformat
import numpy as np
from jupyter_client.manager import KernelManager

from sitegen.cache import Cache, digest
from sitegen.faults import AuthoringError
from sitegen.notebooks import make
from sitegen.notebooks.make import Made

TIMEOUT = 120
ANSI = re.compile(r"\x1b\[[0-9;]*m")
VERSIONS = (f"numpy {np.__version__} matplotlib {matplotlib.__version__} nbclient {nbclient.__version__} "
            f"ipykernel {ipykernel.__version__} {digest(Path(__file__).read_bytes())}")
_cache = Cache("notebooks")


def neutral(source: str) -> str:
    """A cell's code with the comment lines written in the notebook's language (a helper cell's
    first line, the reader's empty cell) made the same in every language: they print nothing,
    so the Korean and the English notebook of a page share one run."""
    for text in make.TEXT.values():
        for name in ("helper", "your_turn"):
            if source.startswith(text[name]):
                source = f"# ({name})" + source[len(text[name]):]
    return source


def code_key(made: Made) -> str:
    """What a run depends on: the code cells, the data files they read, the versions."""
    return digest(VERSIONS, json.dumps([neutral(c.source) for c in made.notebook.cells if c.cell_type == "code"]),
                  *(part for path in made.data for part in (Path(path).name, Path(path).read_bytes())))


def normalise(outputs: list) -> list:
    """One stream output per run of prints, no execution metadata."""
    merged: list = []
    for output in outputs:
        output = dict(output)
        if isinstance(output.get("metadata"), dict):
            output["metadata"] = {k: v for k, v in output["metadata"].items() if k != "execution"}
        if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1]["name"] == output["name"]):
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + output["text"]}
        else:
            merged.append(output)
    return merged


def execute(made: Made) -> list[dict]:
    """Run the notebook; return each code cell's outputs and execution count, normalised."""
    notebook = nbformat.from_dict(json.loads(json.dumps(made.notebook)))  # a copy to run
    with tempfile.TemporaryDirectory() as empty:  # run where this project cannot be imported
        for path in made.data:  # as a reader has them: beside the notebook
            shutil.copyfile(path, Path(empty) / Path(path).name)
        kernel = KernelManager(kernel_name="python3", transport="ipc", connection_file=f"{empty}/kernel.json")
        client = nbclient.NotebookClient(notebook, km=kernel, timeout=TIMEOUT, allow_errors=False, record_timing=False)
        try:
            client.execute(cwd=empty, env={**os.environ, "PYTHONPATH": ""})
        except nbclient.exceptions.CellExecutionError as error:
            code_cells = [c for c in notebook.cells if c.cell_type == "code"]
            failed = next((n for n, c in enumerate(code_cells)
                           if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
            lines = ANSI.sub("", str(error)).strip().splitlines()
            where = made.origins[failed] if failed is not None else "a notebook cell"
            page, _, what = where.partition(" ")
            raise AuthoringError(page, f"the notebook cell made from here {what} raised "
                                       f"{lines[-1].strip() if lines else error}") from None
        finally:  # the client does not own a kernel it was given: stop it here
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
    return [{"outputs": normalise(c.outputs), "execution_count": c.execution_count}
            for c in notebook.cells if c.cell_type == "code"]


def outputs_of(notebooks: dict[str, Made]) -> tuple[dict[str, list[dict]], int]:
    """Outputs of each notebook (by name), from the cache or run (in parallel kernels);
    and how many kernels ran."""
    keys = {name: code_key(made) for name, made in notebooks.items()}
    found: dict[str, list[dict] | None] = {}
    for key in set(keys.values()):
        cached = _cache.get_text(key)
        found[key] = json.loads(cached) if cached is not None else None
    to_run = {key: next(name for name, k in sorted(keys.items()) if k == key) for key, v in found.items() if v is None}

    def run(key: str) -> tuple[str, list[dict]]:
        outputs = execute(notebooks[to_run[key]])
        _cache.put_text(key, json.dumps(outputs, sort_keys=True, ensure_ascii=False))
        return key, json.loads(json.dumps(outputs, sort_keys=True))

    def size(key: str) -> int:  # the longest code first: a long run does not start last
        return -sum(len(c.source) for c in notebooks[to_run[key]].notebook.cells if c.cell_type == "code")

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # each kernel is its own process
        found.update(pool.map(run, sorted(to_run, key=lambda key: (size(key), key))))
    return {name: found[key] for name, key in keys.items()}, len(to_run)


def with_outputs(made: Made, outputs: list[dict]) -> str:
    """The notebook file: the made notebook with its outputs."""
    notebook = nbformat.from_dict(json.loads(json.dumps(made.notebook)))
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell, result in zip(code_cells, outputs, strict=True):
        cell.outputs = nbformat.from_dict(result["outputs"])
        cell.execution_count = result["execution_count"]
    return nbformat.writes(notebook) + "\n"
