"""lit configuration: FileCheck tests of accllm-opt and the accllm tools.

Run with `lit test/` (or `ctest`). `filecheck` is the Python port of LLVM FileCheck.
Tests that take minutes carry `REQUIRES: slow` and run only with `--param slow=1`.
"""

import os

import lit.formats

config.name = "accllm"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)

config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(__import__("sys").executable), os.environ.get("PATH", "")]
)
for var in ("HOME", "TMPDIR", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ACCLLM_CACHE"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
config.environment["HF_HUB_OFFLINE"] = "1"
config.environment["PYTHONHASHSEED"] = "0"

config.substitutions.append(("%python", __import__("sys").executable))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))

if lit_config.params.get("slow", "0") == "1":
    config.available_features.add("slow")
