"""A lint for the synthesizable C++ subset the HLS kernel is written in.

g++ accepts code that Vitis HLS cannot synthesize (heap allocation, STL containers, virtual
calls, recursion) or can only synthesize without a latency figure (loops without a known
trip count); a C simulation passes either way, and the problem only surfaces in csynth.
This lint finds those constructs in the emitted kernel sources up front. It works on text,
not on a parse: comments, string and character literals are blanked first (keeping line
numbers), then each rule matches tokens or the brace structure.

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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

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
_NOT_FUNCTIONS = {"if", "for", "while", "switch", "catch", "return", "sizeof", "alignof",
                  "decltype", "static_assert", "operator", "noexcept", "alignas"}
_LOOP = re.compile(r"\b(for|while|do)\b")
_SPACE = re.compile(r"\s*")
_WHILE = re.compile(r"\s*while\b")
_DIRECTIVE = r"(?:#\s*pragma\s+HLS|ACCLLM_HLS\s*\(\s*HLS)\s+"
_TRIPCOUNT = re.compile(_DIRECTIVE + r"LOOP_TRIPCOUNT\b", re.IGNORECASE)
_FULL_UNROLL = re.compile(_DIRECTIVE + r"UNROLL\b(?![^\n)]*\bfactor\b)", re.IGNORECASE)
_COMPARISON = re.compile(r"<=|>=|==|!=|(?<![<>-])<(?![<=])|(?<![<>-])>(?![>=])")
_CAST = re.compile(r"\b(?:static_cast|const_cast|reinterpret_cast)\s*<[^<>]*>")
_NUMBER = re.compile(r"(?<![\w.])\d[\w']*")
_NAME = re.compile(r"[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*")
_CONST_NAME = re.compile(r"k[A-Z]\w*|[A-Z][A-Z0-9_]*")
_TYPE_WORDS = {"int", "unsigned", "long", "short", "char", "size_t", "int32_t", "uint32_t",
               "int64_t", "uint64_t"}


def _blank(text: str, start: int, end: int) -> str:
    return re.sub(r"[^\n]", " ", text[start:end])


def _strip_comments_and_literals(text: str) -> str:
    """`text` with comments and the contents of string/char literals as spaces (same lines)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(_blank(text, i, j))
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(_blank(text, i, j))
        elif text[i] in "\"'" and not _digit_separator(text, i):
            quote = text[i]
            j = i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j, n - 1)
            out.append(quote + _blank(text, i + 1, j) + text[j])
            j += 1
        else:
            j = i + 1
            out.append(text[i])
        i = j
    return "".join(out)


def _digit_separator(text: str, i: int) -> bool:
    """Whether the quote at `i` is a C++14 digit separator (1'000'000) rather than a literal."""
    if text[i] != "'":
        return False
    k = i
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "_'"):
        k -= 1
    return text[k].isdigit() and k < i


def _without_directives(code: str) -> str:
    """`code` with preprocessor lines other than #pragma blanked (macro bodies are no code)."""
    lines = code.split("\n")
    continued = False
    for k, line in enumerate(lines):
        directive = continued or line.lstrip().startswith("#")
        if directive and (continued or not re.match(r"\s*#\s*pragma\b", line)):
            lines[k] = " " * len(line)
        continued = directive and line.rstrip().endswith("\\")
    return "\n".join(lines)


def _match_close(code: str, open_at: int) -> int:
    """Index of the bracket closing the one at `open_at`, or len(code) if unbalanced."""
    opening = code[open_at]
    closing = {"(": ")", "{": "}", "[": "]"}[opening]
    depth = 0
    for k in range(open_at, len(code)):
        if code[k] == opening:
            depth += 1
        elif code[k] == closing:
            depth -= 1
            if depth == 0:
                return k
    return len(code)


@dataclass(frozen=True)
class _Function:
    name: str
    body_open: int
    body_close: int
    constexpr: bool


def _function_name(head: str) -> str | None:
    """The name a block head like `template <int N> inline T name(args) const` defines."""
    head = re.sub(r"\s+", " ", head).strip()
    head = re.sub(r"\)\s*(?:(?:const|noexcept|override|final|mutable)\b\s*|->[^()]*$)*$", ")",
                  head)
    if not head.endswith(")"):
        return None
    depth = 0
    for k in range(len(head) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(head[k], 0)
        if depth == 0:
            m = re.search(r"([A-Za-z_]\w*)\s*$", head[:k])
            if m is None or m.group(1) in _NOT_FUNCTIONS:
                return None
            return m.group(1)
    return None


def _functions(code: str) -> list[_Function]:
    """Function definitions at namespace, class or file scope, with their bodies' braces."""
    stack: list[tuple[str, int, str | None, bool]] = []  # kind, open brace, name, constexpr
    found: list[_Function] = []
    head_start = 0
    for k, ch in enumerate(code):
        if ch == ";":
            head_start = k + 1
        elif ch == "{":
            head = code[head_start:k]
            outer = stack[-1][0] if stack else "scope"
            name = None
            if outer != "scope":
                kind = "block"
            elif re.search(r"\b(namespace|struct|class|union|enum|extern)\b", head) and \
                    "(" not in head:
                kind = "scope"
            else:
                name = _function_name(head)
                kind = "function" if name else "block"
            stack.append((kind, k, name, bool(re.search(r"\bconstexpr\b", head))))
            head_start = k + 1
        elif ch == "}":
            if stack:
                kind, open_at, name, constexpr = stack.pop()
                if kind == "function" and name:
                    found.append(_Function(name, open_at, k, constexpr))
            head_start = k + 1
    return found


def _is_compile_time(expr: str) -> bool:
    """Whether an expression is built from literals and compile-time names only."""
    expr = re.sub(r"\bsizeof\s*\([^()]*\)", "0", _CAST.sub("0", expr))
    if not expr.strip() or re.search(r"\.|->|\[", expr):
        return False  # empty, or a member or element read at run time
    expr = _NUMBER.sub(" ", expr)
    for name in _NAME.findall(expr):
        last = re.split(r"\s*::\s*", name)[-1]
        if not (_CONST_NAME.fullmatch(last) or last in _TYPE_WORDS):
            return False
    return re.fullmatch(r"[-+*/%()<>&|^~!\s]*", _NAME.sub(" ", expr)) is not None


def _split_top(text: str, separator: str) -> list[str]:
    """`text` split at `separator` outside parentheses and brackets."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(text):
        if text[k] in "([":
            depth += 1
        elif text[k] in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, k):
            parts.append(text[start:k])
            start = k + len(separator)
            k = start
            continue
        k += 1
    parts.append(text[start:])
    return parts


def _bounded_condition(condition: str) -> bool:
    """Whether some &&-operand of a for condition compares against a compile-time bound."""
    for operand in _split_top(condition, "&&"):
        operand = _CAST.sub("0", operand.strip())
        while operand.startswith("(") and _match_close(operand, 0) == len(operand) - 1:
            operand = operand[1:-1].strip()
        sides = _COMPARISON.split(operand)
        if len(sides) == 2 and any(_is_compile_time(side) for side in sides):
            return True
    return False


def _loop_messages(code: str, functions: list[_Function]) -> list[tuple[int, str]]:
    """(offset, detail) of every unbounded loop outside constexpr functions."""
    constexpr_spans = [(f.body_open, f.body_close) for f in functions if f.constexpr]
    do_tails: set[int] = set()
    found: list[tuple[int, str]] = []
    for m in _LOOP.finditer(code):
        at, keyword = m.start(), m.group(1)
        if at in do_tails:
            continue
        if keyword == "do":
            body = _SPACE.match(code, m.end()).end()
            end = _match_close(code, body) if code[body:body + 1] == "{" else code.find(";", body)
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
    close = _match_close(code, paren)
    clauses = _split_top(code[paren + 1:close], ";")
    if len(clauses) != 3:
        return None  # range-based for: iterates over a sized array
    condition = " ".join(clauses[1].split())
    if _bounded_condition(condition):
        return None
    start = _SPACE.match(code, close + 1).end()
    if code[start:start + 1] == "{":
        body = code[start + 1:_match_close(code, start)]
    else:
        semicolon = code.find(";", start)
        body = code[start:semicolon if semicolon >= 0 else len(code)]
    nested = _LOOP.search(body)
    before_nested = body[:nested.start()] if nested else body
    if _TRIPCOUNT.search(before_nested) or _FULL_UNROLL.search(before_nested):
        return None
    return (f"for loop condition '{condition or '(none)'}' has no compile-time bound and its "
            "body no LOOP_TRIPCOUNT")


def lint_source(text: str, filename: str) -> list[str]:
    """The violations in one C++ source, as '<filename>:<line>: <rule>: <detail>' lines."""
    clean = _strip_comments_and_literals(text)
    code = _without_directives(clean)
    newlines = [k for k, ch in enumerate(clean) if ch == "\n"]
    found: list[tuple[int, str, str]] = []
    for m in _DYNAMIC.finditer(clean):
        if not (m.group(1) == "delete" and clean[:m.start()].rstrip().endswith("=")):
            found.append((m.start(), "dynamic-allocation", f"'{m.group(1) or 'free'}'"))
    for rule, pattern in _TOKEN_RULES:
        for m in pattern.finditer(clean):
            found.append((m.start(), rule, f"'{' '.join(m.group(0).split())}'"))
    functions = _functions(code)
    for f in functions:
        call = re.compile(rf"\b{re.escape(f.name)}\s*\(")
        m = call.search(code, f.body_open + 1, f.body_close)
        if m:
            found.append((m.start(), "recursion", f"'{f.name}' calls itself"))
    found += [(at, "unbounded-loop", detail) for at, detail in _loop_messages(code, functions)]
    found.sort(key=lambda item: item[0])
    return [f"{filename}:{bisect.bisect_right(newlines, at) + 1}: {rule}: {detail}"
            for at, rule, detail in found]


def lint_project(project_dir: str | Path) -> list[str]:
    """lint_source over the kernel of a generated project: src/*.cpp, src/*.h, include/*.h."""
    root = Path(project_dir)
    paths = sorted({*root.glob("src/*.cpp"), *root.glob("src/*.h"), *root.glob("include/*.h")})
    messages: list[str] = []
    for path in paths:
        messages += lint_source(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
    return messages
