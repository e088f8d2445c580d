"""A lint for the synthesizable C++ subset the HLS kernel is written in.

g++ accepts code that Vitis HLS cannot synthesize (heap allocation, STL containers, virtual
calls, recursion) or can only synthesize without a latency figure (loops without a known
trip count); a C simulation passes either way, and the problem only surfaces in csynth.
This lint finds those constructs in the emitted kernel sources up front. It works on text,
not on a parse (cpp_text.py): comments, string and character literals are blanked first
(keeping line numbers), then each rule matches tokens or the brace structure.

Rules: dynamic-allocation, stl-container, virtual, goto, pointer-array, recursion (a function that calls
itself by name; `f<N - 1>(...)`, template recursion, instantiates a new function per step
and is allowed) and unbounded-loop (any while/do loop; a for loop whose condition has no
compile-time bound and whose body gives no LOOP_TRIPCOUNT before any nested loop). A
compile-time bound is an integer literal, a kConstant, an ALL_CAPS name or a single capital
letter (template parameters), or sizeof; in a condition joined by && one such comparison is
enough. Two kinds of loop count as bounded on other grounds: a fully unrolled loop (an
UNROLL directive without factor), whose trip count Vitis HLS resolves when it unrolls it
(and reports when it cannot), and the loops of a constexpr function, which the compiler
evaluates in constant expressions.

The rules for a reachable II (lint_ii_source, lint_ii_project) are in ii_lint.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from .cpp_text import (CAST, DIRECTIVE, LOOP, Function, Source, config_view, functions, is_compile_time,
                       kernel_files, match_close, skip_space, split_top, strip_comments_and_literals, strip_parens,
                       without_directives)

_STL_NAMES = ("vector", "map", "unordered_map", "set", "unordered_set", "list", "deque",
              "string", "function", "shared_ptr", "unique_ptr")
# The headers that declare them.
_STL_HEADERS = ("vector", "map", "unordered_map", "set", "unordered_set", "list", "deque",
                "string", "functional", "memory")
_DYNAMIC = re.compile(r"\b(new|delete|malloc|calloc|realloc)\b|\bfree\s*\(")
_TOKEN_RULES = [
    ("stl-container", re.compile(r"\bstd\s*::\s*(" + "|".join(_STL_NAMES) + r")\b")),
    ("stl-container", re.compile(r"#\s*include\s*<\s*(" + "|".join(_STL_HEADERS) + r")\s*>")),
    ("virtual", re.compile(r"\bvirtual\b")),
    ("goto", re.compile(r"\bgoto\b")),
    # A declaration of an array of pointers (`T* name[N];` on its own line): HLS maps arrays
    # to memories, not to tables of pointers.
    ("pointer-array", re.compile(r"^[ \t]*(?:const\s+)?[A-Za-z_][\w:<>]*\s*\*\s*(?:const\s+)?[A-Za-z_]\w*\s*\[",
                                 re.MULTILINE)),
]
_WHILE = re.compile(r"\s*while\b")
_TRIPCOUNT = re.compile(DIRECTIVE + r"LOOP_TRIPCOUNT\b", re.IGNORECASE)
_FULL_UNROLL = re.compile(DIRECTIVE + r"UNROLL\b(?![^\n)]*\bfactor\b)", re.IGNORECASE)
_COMPARISON = re.compile(r"<=|>=|==|!=|(?<![<>-])<(?![<=])|(?<![<>-])>(?![>=])")


def _bounded_condition(condition: str) -> bool:
    """Whether some &&-operand of a for condition compares against a compile-time bound."""
    for operand in split_top(condition, "&&"):
        sides = _COMPARISON.split(strip_parens(CAST.sub("0", operand.strip())))
        if len(sides) == 2 and any(is_compile_time(side) for side in sides):
            return True
    return False


def _loop_messages(code: str, found_functions: list[Function]) -> list[tuple[int, str]]:
    """(offset, detail) of every unbounded loop outside constexpr functions."""
    constexpr_spans = [(f.body_open, f.body_close) for f in found_functions if f.constexpr]
    do_tails: set[int] = set()
    found: list[tuple[int, str]] = []
    for m in LOOP.finditer(code):
        at, keyword = m.start(), m.group(1)
        if at in do_tails:
            continue
        if keyword == "do":
            body = skip_space(code, m.end())
            end = match_close(code, body) if code[body:body + 1] == "{" else code.find(";", body)
            tail = _WHILE.match(code, end + 1) if end >= 0 else None
            if tail:
                do_tails.add(tail.end() - len("while"))
        if any(lo < at < hi for lo, hi in constexpr_spans):
            continue
        if keyword == "while":
            found.append((at, "while loop: write a for loop with a compile-time bound"))
        elif keyword == "do":
            found.append((at, "do-while loop: write a for loop with a compile-time bound"))
        else:
            detail = _for_loop_problem(code, m.end())
            if detail:
                found.append((at, detail))
    return found


def _for_loop_problem(code: str, after_for: int) -> str | None:
    """Why the for loop whose header starts after `after_for` is unbounded, or None."""
    paren = code.find("(", after_for)
    close = match_close(code, paren)
    clauses = split_top(code[paren + 1:close], ";")
    if len(clauses) != 3:
        return None  # range-based for: iterates over a sized array
    condition = " ".join(clauses[1].split())
    if _bounded_condition(condition):
        return None
    start = skip_space(code, close + 1)
    if code[start:start + 1] == "{":
        body = code[start + 1:match_close(code, start)]
    else:
        semicolon = code.find(";", start)
        body = code[start:semicolon if semicolon >= 0 else len(code)]
    nested = LOOP.search(body)
    before_nested = body[:nested.start()] if nested else body
    if _TRIPCOUNT.search(before_nested) or _FULL_UNROLL.search(before_nested):
        return None
    return (f"for loop condition '{condition or '(none)'}' has no compile-time bound and its "
            "body no LOOP_TRIPCOUNT")


def lint_source(text: str, filename: str) -> list[str]:
    """The violations in one C++ source, as '<filename>:<line>: <rule>: <detail>' lines."""
    clean = config_view(strip_comments_and_literals(text))
    code = without_directives(clean)
    found: list[tuple[int, str, str]] = []
    for m in _DYNAMIC.finditer(clean):
        if not (m.group(1) == "delete" and clean[:m.start()].rstrip().endswith("=")):
            found.append((m.start(), "dynamic-allocation", f"'{m.group(1) or 'free'}'"))
    for rule, pattern in _TOKEN_RULES:
        for m in pattern.finditer(clean):
            found.append((m.start(), rule, f"'{' '.join(m.group(0).split())}'"))
    found_functions = functions(code)
    for f in found_functions:
        call = re.compile(rf"\b{re.escape(f.name)}\s*\(")
        m = call.search(code, f.body_open + 1, f.body_close)
        if m:
            found.append((m.start(), "recursion", f"'{f.name}' calls itself"))
    found += [(at, "unbounded-loop", detail) for at, detail in _loop_messages(code, found_functions)]
    found.sort(key=lambda item: item[0])
    source = Source.of(filename, clean)
    return [f"{source.where(at)}: {rule}: {detail}" for at, rule, detail in found]


def lint_project(project_dir: str | Path) -> list[str]:
    """lint_source over the kernel of a generated project."""
    messages: list[str] = []
    for name, text in kernel_files(Path(project_dir)).items():
        messages += lint_source(text, name)
    return messages
