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

A second set of rules (lint_ii_source, lint_ii_project) checks that a declared II is
reachable (UG1399: optimizing for throughput, burst transfers, array partitioning): ii-ports
(no array accessed more often per pipelined iteration than its ports after partitioning),
ii-carried-dependence (no read-modify-write across iterations without a DEPENDENCE pragma, no
float accumulation), burst-port (each m_axi port read or written by one unconditional
sequential loop) and bundle-conflict (no m_axi bundle shared by ports with different
options). They read all kernel files as one program, following arrays and ports into called
functions, and are conservative where the text leaves them unsure; docs/hls.md lists their
model and limits.
"""

from __future__ import annotations

import ast
import bisect
import math
import operator
import re
from collections.abc import Mapping
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
    params: str = ""  # the parameter list, as written


def _function_head(head: str) -> tuple[str, str] | None:
    """(name, parameter list) of a block head like `template <int N> inline T name(args) const`."""
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
            return m.group(1), head[k + 1:-1]
    return None


def _functions(code: str) -> list[_Function]:
    """Function definitions at namespace, class or file scope, with their bodies' braces."""
    stack: list[tuple[str, int, tuple[str, str] | None, bool]] = []  # kind, brace, head, constexpr
    found: list[_Function] = []
    head_start = 0
    for k, ch in enumerate(code):
        if ch == ";":
            head_start = k + 1
        elif ch == "{":
            head = code[head_start:k]
            outer = stack[-1][0] if stack else "scope"
            parts = None
            if outer != "scope":
                kind = "block"
            elif re.search(r"\b(namespace|struct|class|union|enum|extern)\b", head) and \
                    "(" not in head:
                kind = "scope"
            else:
                parts = _function_head(head)
                kind = "function" if parts else "block"
            stack.append((kind, k, parts, bool(re.search(r"\bconstexpr\b", head))))
            head_start = k + 1
        elif ch == "}":
            if stack:
                kind, open_at, parts, constexpr = stack.pop()
                if kind == "function" and parts:
                    found.append(_Function(parts[0], open_at, k, constexpr, parts[1]))
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


def _kernel_files(root: Path) -> dict[str, str]:
    """The kernel sources of a generated project by relative name: src/*.cpp, src/*.h and
    include/*.h (not the testbench, nor the simulation-only headers of include/sim/)."""
    paths = sorted({*root.glob("src/*.cpp"), *root.glob("src/*.h"), *root.glob("include/*.h")})
    return {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in paths}


def lint_project(project_dir: str | Path) -> list[str]:
    """lint_source over the kernel of a generated project."""
    messages: list[str] = []
    for name, text in _kernel_files(Path(project_dir)).items():
        messages += lint_source(text, name)
    return messages


# ---------------------------------------------------------------------------------------
# Rules for a reachable II (UG1399: optimizing for throughput, burst transfers, array
# partitioning). They read several files at once: a loop in a header is pipelined by its own
# directive but partitioned by a pragma of the top function, and sized by accllm_config.h.
# ---------------------------------------------------------------------------------------

_HLS = re.compile(_DIRECTIVE + r"(\w+)([^)\n]*)", re.IGNORECASE)
_HLS_SPAN = re.compile(r"ACCLLM_HLS\s*\([^)\n]*\)|#\s*pragma\b[^\n]*")
_CHAIN = r"(?:[A-Za-z_]\w*\s*(?:::|\.|->)\s*)*[A-Za-z_]\w*"
_ACCESS = re.compile(rf"(?<![\w.:>])({_CHAIN})\s*\[")
_CALL = re.compile(r"(?<!\w)([A-Za-z_]\w*)\s*(?:<(?:[^<>;{}()]|<[^<>;{}()]*>)*>\s*)?\(")
_DECL = re.compile(
    r"(?:(?<=[;{}()])|^)\s*(?P<qual>(?:(?:const|static|constexpr)\s+)*)"
    r"(?P<type>[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*(?:\s*<[^;{}()]*>)?)(?:\s+const\b)?"
    r"\s*(?P<ref>[&*]*)\s*(?P<name>[A-Za-z_]\w*)\s*(?P<dims>(?:\[[^\]]*\]\s*)*)(?P<end>=(?!=)|;|\{|,)",
    re.MULTILINE)
_NOT_TYPES = {"return", "case", "else", "goto", "delete", "new", "throw", "typedef", "using",
              "break", "continue", "default", "do", "sizeof"}
_ASSIGN = re.compile(r"(?<![\w.:>])([A-Za-z_]\w*)\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)")
_INCDEC = re.compile(r"(?:\+\+|--)\s*([A-Za-z_]\w*)\b(?!\s*(?:\.|->|\[|::))"
                     r"|(?<![\w.:>])([A-Za-z_]\w*)\s*(?:\+\+|--)")
_MEMBER_TAIL = re.compile(r"(?:\s*(?:\.|->)\s*[A-Za-z_]\w*)*")
_WRITE_OP = re.compile(r"\s*(?:(=)(?!=)|(?:[-+*/%&|^]|<<|>>)=|\+\+|--)")
_VAR = re.compile(r"(?<![\w.:#@])(?<!->)[A-Za-z_]\w*\b(?!\s*(?:::|\())")
_ACCUMULATE = re.compile(r"(?<![\w.:>])([A-Za-z_]\w*)\s*(?:[-+]=|=\s*\1\s*[-+](?![-+=]))")
_CONDITION = re.compile(r"\b(?:if|switch)\s*\(")
_CONTROL = re.compile(r"(for|if|while|switch)\s*\(")
_ELSE = re.compile(r"\s*else\b")
_FOR = re.compile(r"\bfor\s*\(")
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: lambda a, b: (abs(a) // abs(b)) * (1 if (a >= 0) == (b >= 0) else -1),
           ast.Mod: operator.mod, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
           ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
_BUNDLE_OPTIONS = ("max_read_burst_length", "max_write_burst_length", "num_read_outstanding",
                   "num_write_outstanding", "latency", "depth", "offset")
# Vitis HLS partitions local arrays of fewer elements than these completely on its own
# (config_array_partition: -complete_threshold 4; constant-indexed, e.g. in an unrolled
# loop: -auto_promotion_threshold 64).
_COMPLETE_THRESHOLD = 4
_PROMOTION_THRESHOLD = 64
# Missing UNROLL factors count as this, the least a partial unroll can be.
_UNKNOWN_FACTOR = 2

_Key = tuple[str, str]  # (scope, name): '.' member, '#' parameter index, a function's fid, '' global


def _option(text: str, key: str) -> str | None:
    """The value of `key = value` in a directive's options."""
    m = re.search(rf"\b{key}\s*=\s*([\w.:>-]+)", text, re.IGNORECASE)
    return m.group(1) if m else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _last(chain: str) -> str:
    """The last name of `a.b`, `a->b` or `a::b`."""
    return re.split(r"\s*(?:::|\.|->)\s*", chain.strip())[-1]


def _is_member(chain: str) -> bool:
    return re.search(r"\.|->", chain) is not None


def _names(text: str) -> set[str]:
    """The variables an expression reads (not members, namespaces or called functions)."""
    return set(_VAR.findall(text))


def _eval_int(expr: str, constants: dict[str, int]) -> int | None:
    """The value of an integer constant expression over `constants`, or None."""
    text = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b", r"\1", _CAST.sub("", expr).replace("'", ""))
    unknown = False

    def value(m: re.Match) -> str:
        nonlocal unknown
        name = _last(m.group(0))
        unknown |= name not in constants
        return str(constants.get(name, 0))

    text = re.sub(r"(?<![\w.])[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*", value, text)
    if unknown:
        return None
    try:
        return _evaluate(ast.parse(text.strip(), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None


def _evaluate(node: ast.AST) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("not an integer constant expression")


def _strip_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and _match_close(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _scan_to(code: str, at: int, stops: str) -> int:
    """Index of the first of `stops` at bracket depth 0 from `at` (or of the bracket that
    closes an enclosing one)."""
    depth = 0
    for k in range(at, len(code)):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(code[k], 0)
        if depth < 0 or (depth == 0 and code[k] in stops):
            return k
    return len(code)


def _statement_end(code: str, at: int) -> int:
    """Index just past the statement at `at`: a block, a for/if/while/switch with its body (and
    else branch), or a simple statement up to its ';'."""
    at = _SPACE.match(code, at).end()
    if code.startswith("{", at):
        return _match_close(code, at) + 1
    m = _CONTROL.match(code, at)
    if m:
        end = _statement_end(code, _match_close(code, m.end() - 1) + 1)
        tail = _ELSE.match(code, end) if m.group(1) == "if" else None
        return _statement_end(code, tail.end()) if tail else end
    end = _scan_to(code, at, ";")
    return end + 1 if code[end:end + 1] == ";" else end


def _base(expr: str) -> str | None:
    """The array an argument designates: `rec + 4` -> rec, `s.vectors[slot]` -> s.vectors."""
    text = _strip_parens(_CAST.sub("", expr)).lstrip("&").strip()
    m = re.match(_CHAIN, text)
    if m is None:
        return None
    rest = text[m.end():].lstrip()
    while rest.startswith("["):
        rest = rest[_match_close(rest, 0) + 1:].lstrip()
    return m.group(0) if not rest or (rest[0] in "+-" and not rest.startswith("->")) else None


def _type_name(type_text: str) -> str:
    """The class a declared type names: `const hls::stream<Beat>&` -> stream."""
    words = [w for w in re.findall(r"[A-Za-z_]\w*", re.sub(r"<.*>", "", type_text))
             if w not in ("const", "volatile", "static", "inline")]
    return words[-1] if words else ""


def _parameters(text: str) -> list[tuple[str, str, bool]]:
    """(type, name, has a default) of each parameter; an array reference's type keeps its `[N]`."""
    found = []
    for part in _split_top(text, ","):
        part, _, default = part.partition("=")
        part = part.strip()
        m = re.search(r"\(\s*[&*]\s*([A-Za-z_]\w*)\s*\)", part) or \
            re.search(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$", part)
        if part in ("", "void") or m is None:
            continue
        found.append(((part[:m.start(1)] + part[m.end(1):]).strip(), m.group(1), bool(default)))
    return found


def _terms(expr: str) -> list[str]:
    """The top-level summands of an expression (split at binary + and -)."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(expr):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        before = expr[:k].rstrip()[-1:]
        if depth == 0 and ch in "+-" and (before.isalnum() or before in "_)]") and \
                expr[k + 1:k + 2] not in ("+", "-", "=", ">"):
            parts.append(expr[start:k])
            start = k + 1
    parts.append(expr[start:])
    return [part.strip() for part in parts if part.strip()]


def _depends(index: tuple[str, ...], varying: set[str]) -> bool:
    """Whether normalized subscripts may change with `varying` names (@: unknown, so yes)."""
    return any("@" in i or _names(i) & varying for i in index)


def _affine(expr: str, var: str, varying: set[str]) -> bool:
    """Whether `expr` is c * var + d with c and d loop-invariant: no other name the loop
    assigns, no array element, no call."""
    expr = _strip_parens(expr).replace("->", ".")
    if "[" in expr or "@" in expr or re.search(r"\w\s*\(", expr) or _names(expr) & varying:
        return False
    for term in _terms(expr):
        factors = _split_top(_strip_parens(term), "*")
        with_var = [f for f in factors if var in _names(f)]
        if not with_var:
            continue
        inner = _strip_parens(with_var[0])
        if len(with_var) > 1 or (inner != var and len(factors) == 1 and len(_terms(inner)) == 1):
            return False  # var * var, or var under /, %, >> ...
        if inner != var and not _affine(inner, var, varying):
            return False
    return True


@dataclass(frozen=True)
class _Source:
    """One kernel file: `code` without comments, literals and preprocessor lines other than
    #pragma; `plain` also without HLS directives (statements only, same offsets)."""
    name: str
    code: str
    plain: str
    newlines: tuple[int, ...]

    @classmethod
    def parse(cls, name: str, text: str) -> _Source:
        code = _without_directives(_strip_comments_and_literals(text))
        plain = _HLS_SPAN.sub(lambda m: _blank(m.string, m.start(), m.end()), code)
        return cls(name, code, plain, tuple(k for k, ch in enumerate(code) if ch == "\n"))

    def line(self, at: int) -> int:
        return bisect.bisect_right(self.newlines, at) + 1


@dataclass(frozen=True)
class _Loop:
    at: int                  # the `for` keyword
    var: str                 # induction variable
    header: tuple[str, ...]  # init, condition, increment
    body: tuple[int, int]    # [start, end) of the body statement


@dataclass(frozen=True)
class _Access:
    at: int
    chain: str                    # `s.act`, `rec`, `isa::kHasResult`
    subscripts: tuple[str, ...]
    read: bool
    write: bool


@dataclass(frozen=True)
class _Call:
    at: int
    name: str
    obj: str | None  # the object of a member call ('' when it is an expression), None if free
    args: tuple[str, ...]


@dataclass(frozen=True)
class _Decl:
    at: int
    type: str
    const: bool
    static: bool
    pointer: bool  # a pointer or reference
    dims: tuple[str, ...]
    init: str | None


@dataclass(frozen=True)
class _Directive:
    at: int
    kind: str   # PIPELINE, UNROLL, ARRAY_PARTITION, ...
    text: str   # the options


class _Fn:
    """A function definition and the facts of its body the II rules read off the text."""

    def __init__(self, src: _Source, f: _Function, owner: str, known: set[str]) -> None:
        self.src, self.name, self.owner = src, f.name, owner
        self.open, self.close = f.body_open, f.body_close
        self.fid = f"{owner}::{f.name}" if owner else f.name
        self.params = _parameters(f.params)
        self.param_index = {name: k for k, (_, name, _) in enumerate(self.params)}
        self.required = sum(1 for *_, default in self.params if not default)
        text, lo, hi = src.plain, f.body_open + 1, f.body_close
        self.directives = [_Directive(m.start(), m.group(1).upper(), m.group(2))
                           for m in _HLS.finditer(src.code, lo, hi)]
        self.decls: dict[str, _Decl] = {}
        for m in _DECL.finditer(text, lo, hi):
            if m.group("type") in _NOT_TYPES or m.group("name") in self.decls:
                continue
            init = None
            if m.group("end") == "=":
                init = text[m.end():_scan_to(text, m.end(), ";,")].strip()
            qual = m.group("qual")
            self.decls[m.group("name")] = _Decl(
                m.start("name"), m.group("type"), "const" in qual, "static" in qual, bool(m.group("ref")),
                tuple(re.findall(r"\[([^\]]*)\]", m.group("dims"))), init)
        self.loops = self._loops(text, lo, hi)
        self.conditions = [(_match_close(text, m.end() - 1) + 1, _statement_end(text, m.start()))
                           for m in _CONDITION.finditer(text, lo, hi)]
        self.calls: list[_Call] = []
        bare: set[str] = set()
        for m in _CALL.finditer(text, lo, hi):
            if m.group(1) in _NOT_FUNCTIONS or m.group(1).endswith("_cast"):
                continue
            inside = text[m.end():_match_close(text, m.end() - 1)]
            args = tuple(a.strip() for a in _split_top(inside, ",")) if inside.strip() else ()
            bare |= {a for a in args if re.fullmatch(r"[A-Za-z_]\w*", a)}
            if m.group(1) in known:
                before = text[max(lo, m.start() - 200):m.start()]
                member = re.search(r"(?:\.|->)\s*$", before)
                obj = re.search(r"(?<![\w.>])([A-Za-z_]\w*)\s*(?:\.|->)\s*$", before) if member else None
                self.calls.append(_Call(m.start(), m.group(1), (obj.group(1) if obj else "") if member else None,
                                        args))
        self.accesses = self._accesses(text, lo, hi)
        self.assigns = sorted([(m.start(1), m.group(1)) for m in _ASSIGN.finditer(text, lo, hi)] +
                              [(m.start(), m.group(1) or m.group(2)) for m in _INCDEC.finditer(text, lo, hi)])
        defs = {name: sum(1 for _, n in self.assigns if n == name) for name in self.decls}
        self.single = {name: d.init for name, d in self.decls.items()
                       if d.init is not None and defs[name] == 1 and (d.const or name not in bare)}
        self.aliases = {name: base for name, d in self.decls.items()
                        if d.pointer and d.init and not d.dims and (base := _base(d.init))}

    @staticmethod
    def _loops(text: str, lo: int, hi: int) -> list[_Loop]:
        loops = []
        for m in _FOR.finditer(text, lo, hi):
            close = _match_close(text, m.end() - 1)
            header = tuple(c.strip() for c in _split_top(text[m.end():close], ";"))
            names = re.findall(r"([A-Za-z_]\w*)\s*=(?!=)", header[0]) if len(header) == 3 else []
            if not names:
                continue  # range-based for
            start = _SPACE.match(text, close + 1).end()
            loops.append(_Loop(m.start(), names[-1], header, (start, _statement_end(text, start))))
        return loops

    def _accesses(self, text: str, lo: int, hi: int) -> list[_Access]:
        declared = {d.at for d in self.decls.values() if d.dims}
        found = []
        for m in _ACCESS.finditer(text, lo, hi):
            if m.start() in declared:
                continue
            subscripts, k = [], m.end() - 1
            while text.startswith("[", k):
                close = _match_close(text, k)
                subscripts.append(text[k + 1:close].strip())
                k = _SPACE.match(text, close + 1).end()
            tail = _MEMBER_TAIL.match(text, k).end()
            op = _WRITE_OP.match(text, tail)
            prefix = text[max(lo, m.start() - 8):m.start()].rstrip().endswith(("++", "--"))
            write = bool(op) or prefix
            found.append(_Access(m.start(), " ".join(m.group(1).split()), tuple(subscripts),
                                 not (op and op.group(1)) or prefix, write))
        return found

    def enclosing(self, at: int) -> list[_Loop]:
        return [loop for loop in self.loops if loop.body[0] <= at < loop.body[1]]

    def conditional(self, at: int) -> bool:
        return any(lo <= at < hi for lo, hi in self.conditions)

    def loop_directives(self, loop: _Loop) -> list[_Directive]:
        """The directives whose innermost enclosing loop is `loop` (not one nested in it)."""
        return [d for d in self.directives
                if min(self.enclosing(d.at), key=lambda l: l.body[1] - l.body[0], default=None) == loop]

    def type_of(self, name: str) -> str:
        """The class of a parameter or local, or ''."""
        for type_text, param, _ in self.params:
            if param == name:
                return _type_name(type_text)
        return _type_name(self.decls[name].type) if name in self.decls else ""


_STRUCT = re.compile(r"\b(?:struct|class|union)\s+([A-Za-z_]\w*)[^;{}()]*\{")
_CONSTANT = re.compile(r"\b(?:constexpr|const)\s+(?:static\s+)?[A-Za-z_][\w:]*\s+([A-Za-z_]\w*)\s*=\s*([^;{}]+);")
_AGGREGATE = re.compile(r"(?<![\w.:])([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*=?\s*\{")
_MEMBER = re.compile(r"(.*?)([*&]*)\s*([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)(?:=.*)?$", re.DOTALL)


@dataclass(frozen=True)
class _Member:
    name: str
    type: str
    array: bool  # an array or a pointer


@dataclass(frozen=True)
class _Use:
    """One array access a region makes each time it runs, named in the region's function."""
    at: int                  # the access, or the call that makes it
    key: _Key
    write: bool
    index: tuple[str, ...]   # the subscripts, normalized (_Kernel.norm)
    shown: str               # the access as written
    via: str                 # the function called from the region that makes it, or ''
    times: int               # runs per run of the region (constant trip counts around it)
    fixed: bool              # the index is a constant once the region's inner loops are unrolled


@dataclass(frozen=True)
class _Site:
    """An access to an m_axi port and the calls that lead to it from the top function."""
    fn: _Fn
    access: _Access
    frames: tuple[tuple[_Fn, _Call], ...]


class _Kernel:
    """The kernel's files read together, so that a loop in one header sees the pragmas of the
    top function and the sizes of accllm_config.h."""

    def __init__(self, sources: list[_Source]) -> None:
        functions = {src.name: sorted(_functions(src.plain), key=lambda f: f.body_open) for src in sources}
        self.constants = self._constants(sources, functions)
        self.members: dict[str, list[_Member]] = {}
        structs = []
        for src in sources:
            for m in _STRUCT.finditer(src.plain):
                close = _match_close(src.plain, m.end() - 1)
                structs.append((src, m.group(1), m.end() - 1, close))
                self.members.setdefault(m.group(1), self._members(src.plain[m.end():close]))
        known = {f.name for found in functions.values() for f in found}
        self.fns: list[_Fn] = []
        for src in sources:
            for f in functions[src.name]:
                owners = [(hi - lo, name) for s, name, lo, hi in structs if s is src and lo < f.body_open < hi]
                self.fns.append(_Fn(src, f, min(owners)[1] if owners else "", known))
        fids = [fn.fid for fn in self.fns]
        for fn in self.fns:
            if fids.count(fn.fid) > 1:
                fn.fid += f"@{fn.src.name}:{fn.src.line(fn.open)}"
        self.by_fid = {fn.fid: fn for fn in self.fns}
        self.by_name: dict[str, list[_Fn]] = {}
        for fn in self.fns:
            self.by_name.setdefault(fn.name, []).append(fn)
        self.directives = [(self._function_at(src, m.start()),
                            _Directive(m.start(), m.group(1).upper(), m.group(2)))
                           for src in sources for m in _HLS.finditer(src.code)]
        self.interfaces = [(fn, d, port) for fn in self.fns for d in fn.directives
                           if d.kind == "INTERFACE" and re.search(r"\bm_axi\b", d.text, re.IGNORECASE)
                           and (port := _option(d.text, "port"))]
        self._summaries: dict[str, list[_Use]] = {}
        self._active: set[str] = set()
        self.sites: dict[str, list[_Site]] = {}
        self.maxi: set[_Key] = set()
        for top in dict.fromkeys(fn for fn, _, _ in self.interfaces):
            self._walk(top, {port: port for fn, _, port in self.interfaces if fn is top and port in top.param_index},
                       {}, ())

    # -- reading the sources ------------------------------------------------------------

    @staticmethod
    def _constants(sources: list[_Source], functions: dict[str, list[_Function]]) -> dict[str, int]:
        """The integer constants declared outside function bodies, by last name."""
        pending = {m.group(1): m.group(2) for src in sources for m in _CONSTANT.finditer(src.plain)
                   if not any(f.body_open < m.start() < f.body_close for f in functions[src.name])}
        constants: dict[str, int] = {}
        while pending:
            resolved = {name: value for name, expr in pending.items()
                        if (value := _eval_int(expr, constants)) is not None}
            if not resolved:
                break
            constants.update(resolved)
            pending = {name: expr for name, expr in pending.items() if name not in resolved}
        return constants

    @staticmethod
    def _members(body: str) -> list[_Member]:
        """The data members of a struct body, in declaration order."""
        flat, k = [], 0
        while k < len(body):  # nested blocks (member function bodies) end a declaration
            close = _match_close(body, k) if body[k] == "{" else k
            flat.append(";" + " " * (close - k) if body[k] == "{" else body[k])
            k = close + 1
        found = []
        for statement in "".join(flat).split(";"):
            statement = re.sub(r"\b(?:public|private|protected)\s*:", " ", statement).strip()
            first = _MEMBER.match(statement)
            if "(" in statement or first is None or not first.group(1).strip() or \
                    re.match(r"(?:using|typedef|friend|static_assert|enum|struct|class|union|template)\b", statement):
                continue
            type_text = first.group(1).strip()
            for k, part in enumerate(_split_top(statement, ",")):
                m = first if k == 0 else _MEMBER.match(" " + part.strip())
                if m is None:
                    continue
                array = bool(m.group(4).strip()) or "*" in type_text + m.group(2)
                found.append(_Member(m.group(3), type_text, array))
        return found

    def _function_at(self, src: _Source, at: int) -> _Fn | None:
        return next((fn for fn in self.fns if fn.src is src and fn.open < at < fn.close), None)

    def callee(self, fn: _Fn, call: _Call, owner: str | None = None) -> _Fn | None:
        """The function a call runs: a member function of the object's class, a sibling member
        function, or a free function, with a fitting number of arguments."""
        candidates = self.by_name.get(call.name, [])
        if call.obj is not None:
            owner = owner or (fn.type_of(call.obj) if call.obj else None)
            candidates = [c for c in candidates if c.owner and c.owner == owner]
        else:
            candidates = [c for c in candidates if fn.owner and c.owner == fn.owner] or \
                         [c for c in candidates if not c.owner]
        return next((c for c in candidates if c.required <= len(call.args) <= len(c.params)), None)

    def _member_kinds(self, name: str) -> list[_Member]:
        return [m for members in self.members.values() for m in members if m.name == name]

    def key(self, fn: _Fn, chain: str, depth: int = 0) -> _Key | None:
        """The array `chain` names in `fn` ('#k' for parameter k), or None for a scalar."""
        name = _last(chain)
        own = "::" not in chain and name not in fn.param_index and name not in fn.decls
        if _is_member(chain) or (own and fn.owner and any(m.name == name for m in self.members.get(fn.owner, []))):
            kinds = self._member_kinds(name)
            return (".", name) if not kinds or any(m.array for m in kinds) else None
        if "::" in chain:
            return ("", name)
        if name in fn.aliases and depth < 8:
            return self.key(fn, fn.aliases[name], depth + 1)
        if name in fn.param_index:
            k = fn.param_index[name]
            return ("#", str(k)) if re.search(r"[*\[]", fn.params[k][0]) else None
        if name in fn.decls:
            return (fn.fid, name) if fn.decls[name].dims or fn.decls[name].pointer else None
        return ("", name)

    def norm(self, fn: _Fn, text: str, summary: bool, depth: int = 0) -> str:
        """`text` without casts and with locals assigned once replaced by their value; for a
        summary also parameter k as #k and other locals as @ (unknown to the caller)."""
        def name(m: re.Match) -> str:
            n = m.group(0)
            if n in fn.single and depth < 8:
                return f"({self.norm(fn, fn.single[n], summary, depth + 1)})"
            if summary and n in fn.param_index:
                return f"#{fn.param_index[n]}"
            return "@" if summary and n in fn.decls else n

        return _VAR.sub(name, _CAST.sub("", text))

    def trip_count(self, loop: _Loop) -> int | None:
        """Iterations of `for (v = a; v < b; ++v)` (or <=, !=, v += s) with constant a, b, s."""
        init, condition, step = loop.header
        v = re.escape(loop.var)
        first = re.search(rf"\b{v}\s*=\s*(.+)$", init)
        bound = re.fullmatch(rf"{v}\s*(<=?|!=)\s*(.+)", condition)
        by = re.fullmatch(rf"{v}\s*\+=\s*(.+)", step)
        inc = 1 if re.fullmatch(rf"\+\+\s*{v}|{v}\s*\+\+", step) else \
            (_eval_int(by.group(1), self.constants) if by else None)
        lo = _eval_int(first.group(1), self.constants) if first else None
        hi = _eval_int(bound.group(2), self.constants) if bound else None
        if lo is None or hi is None or not inc or inc < 0:
            return None
        return max(0, -(-(hi + (bound.group(1) == "<=") - lo) // inc))

    # -- array accesses per iteration -------------------------------------------------------

    def summary(self, fn: _Fn) -> list[_Use]:
        """Every array access one call of `fn` makes, parameters as '#k' keys."""
        if fn.fid not in self._summaries:
            if fn.fid in self._active:
                return []  # recursion: reported by lint_source
            self._active.add(fn.fid)
            self._summaries[fn.fid] = self.uses(fn, fn.open, fn.close, summary=True)
            self._active.discard(fn.fid)
        return self._summaries[fn.fid]

    def uses(self, fn: _Fn, lo: int, hi: int, summary: bool) -> list[_Use]:
        """The array accesses the code of `fn` in [lo, hi) makes each time it runs: its own
        (the same element read twice is read once) and those of the functions it calls."""
        loops = [loop for loop in fn.loops if lo <= loop.at < hi]

        def around(at: int) -> list[_Loop]:
            return [loop for loop in loops if loop.body[0] <= at < loop.body[1]]

        def times(at: int, index: tuple[str, ...]) -> int:
            return math.prod(self.trip_count(loop) or 1 for loop in around(at)
                             if _depends(index, self.varying(fn, loop) | {loop.var}))

        def fixed(at: int, subscripts: tuple[str, ...]) -> bool:
            unrolled = {loop.var for loop in around(at) if self.trip_count(loop) is not None}
            names = set().union(*(_names(self.norm(fn, s, summary=False)) for s in subscripts))
            return all(n in unrolled or n in self.constants or _CONST_NAME.fullmatch(n) for n in names)

        def named(key: _Key) -> _Key:
            return (fn.fid, fn.params[int(key[1])][1]) if key[0] == "#" and not summary else key

        found: list[_Use] = []
        seen: set[tuple] = set()
        for a in fn.accesses:
            key = self.key(fn, a.chain) if lo <= a.at < hi else None
            if key is None:
                continue
            index = tuple(self.norm(fn, s, summary) for s in a.subscripts)
            shown = a.chain + "".join(f"[{s}]" for s in a.subscripts)
            for write in (False, True):
                if (a.write if write else a.read) and (key, write, index) not in seen:
                    seen.add((key, write, index))
                    found.append(_Use(a.at, named(key), write, index, shown, "", times(a.at, index),
                                      fixed(a.at, a.subscripts)))
        for call in fn.calls:
            callee = self.callee(fn, call) if lo <= call.at < hi else None
            if callee is None:
                continue
            args = [self.norm(fn, arg, summary) for arg in call.args]
            for u in self.summary(callee):
                key = u.key
                if key[0] == "#":
                    k = int(key[1])
                    base = _base(call.args[k]) if k < len(call.args) else None
                    key = (self.key(fn, base) if base else None) or (callee.fid, callee.params[k][1])
                index = tuple(re.sub(r"#(\d+)", lambda m: f"({args[int(m.group(1))]})"
                                     if int(m.group(1)) < len(args) else "@", i) for i in u.index)
                found.append(_Use(call.at, named(key), u.write, index, u.shown, u.via or callee.fid,
                                  u.times * times(call.at, index), u.fixed))
        return found

    def pragmas(self, key: _Key, kind: str) -> list[str]:
        """The options of the `kind` directives naming the array: `s.x` names member x
        anywhere, a plain name the local or parameter of its own function (or a global)."""
        scope, name = key
        found = []
        for owner, d in self.directives:
            variable = _option(d.text, "variable") if d.kind == kind else None
            if variable is None or _last(variable) != name:
                continue
            dotted = _is_member(variable)
            if (scope == "." and dotted) or (not dotted and (scope == "" or (owner and owner.fid == scope))):
                found.append(d.text)
        return found

    def _declared_type(self, key: _Key) -> str:
        scope, name = key
        if scope == ".":
            return " ".join(m.type for m in self._member_kinds(name))
        fn = self.by_fid.get(scope)
        if fn is None:
            return ""
        params = [t for t, p, _ in fn.params if p == name]
        return params[0] if params else (fn.decls[name].type if name in fn.decls else "")

    def is_stream(self, key: _Key) -> bool:
        """Whether the array is a FIFO (hls::stream, or a STREAM pragma): no memory ports."""
        return bool(self.pragmas(key, "STREAM")) or "stream" in self._declared_type(key)

    def fresh(self, key: _Key, fn: _Fn, loop: _Loop) -> bool:
        """Whether the array is new in every iteration: a non-static local of the loop body or
        of a function it calls, which cannot carry a value from one iteration to the next."""
        owner = self.by_fid.get(key[0])
        decl = owner.decls.get(key[1]) if owner else None
        return bool(decl and decl.dims and not decl.static and
                    (owner is not fn or loop.body[0] <= decl.at < loop.body[1]))

    def capacity(self, key: _Key, uses: list[_Use]) -> tuple[int | None, int | None, int | None, str] | None:
        """(accesses, reads, writes) the array serves per cycle (None: no such limit) and how,
        or None when it does not limit the II (a FIFO, registers, a complete partition)."""
        if self.is_stream(key):
            return None
        if key in self.maxi:
            return None, 1, 1, "1 read and 1 write channel (m_axi)"
        partitions = [(kind, text) for kind in ("ARRAY_PARTITION", "ARRAY_RESHAPE") for text in self.pragmas(key, kind)]
        if any(re.search(r"\bcomplete\b", text, re.IGNORECASE) for _, text in partitions):
            return None
        fn = self.by_fid.get(key[0])
        decl = fn.decls.get(key[1]) if fn else None
        if decl and decl.dims and not decl.static:
            sizes = [_eval_int(d, self.constants) for d in decl.dims]
            elements = math.prod(sizes) if None not in sizes else None
            if elements is not None and (elements < _COMPLETE_THRESHOLD or
                                         (elements < _PROMOTION_THRESHOLD and all(u.fixed for u in uses))):
                return None
        storage = next((_option(text, "type") for text in self.pragmas(key, "BIND_STORAGE")), None) or ""
        banks, how = 1, f" ({storage + ', ' if storage else ''}not partitioned)"
        for directive, text in partitions:
            factor = _eval_int(_option(text, "factor") or "", self.constants)
            kind = re.search(r"\b(cyclic|block)\b", text, re.IGNORECASE)
            if factor:
                banks, how = factor, " ".join([f" ({storage})" if storage else "", "after", directive,
                                               *([kind.group(1)] if kind else []), "factor", str(factor)])
        if storage.lower().endswith("_np"):
            return None
        if storage.lower().endswith("_1p"):
            return banks, None, None, f"{_count(banks, 'port')}{how}"
        if storage.lower() == "ram_s2p":
            return None, banks, banks, f"{banks} read and {_count(banks, 'write port')}{how}"
        return 2 * banks, None, None, f"{2 * banks} ports{how}"

    def pipelined(self) -> list[tuple[_Fn, _Loop, int]]:
        """(function, loop, II) of each loop whose own body holds a PIPELINE directive."""
        found = []
        for fn in self.fns:
            for loop in fn.loops:
                for d in fn.loop_directives(loop):
                    if d.kind == "PIPELINE" and not re.search(r"\boff\b", d.text, re.IGNORECASE):
                        ii = _option(d.text, "II")
                        found.append((fn, loop, (_eval_int(ii, self.constants) if ii else 1) or 1))
        return found

    @staticmethod
    def varying(fn: _Fn, loop: _Loop) -> set[str]:
        """The names a loop assigns other than its induction variable."""
        return {name for at, name in fn.assigns if loop.at <= at < loop.body[1]} - {loop.var}

    def unroll(self, fn: _Fn, loop: _Loop) -> tuple[int, str]:
        """The UNROLL factor of a loop (1 without one) and how the message states it."""
        d = next((d for d in fn.loop_directives(loop) if d.kind == "UNROLL"), None)
        if d is None:
            return 1, ""
        text = _option(d.text, "factor")
        factor = _eval_int(text, self.constants) if text else self.trip_count(loop)
        if factor is None:
            return _UNKNOWN_FACTOR, f" (UNROLL factor {text or '(full)'} unresolved, counted as {_UNKNOWN_FACTOR})"
        return factor, f" (UNROLL factor {factor})"

    # -- the rules --------------------------------------------------------------------------

    def ii_ports(self) -> list[tuple[_Source, int, str, str]]:
        found = []
        for fn, loop, ii in self.pipelined():
            factor, unrolled = self.unroll(fn, loop)
            varying = self.varying(fn, loop) | {loop.var}
            uses = self.uses(fn, *loop.body, summary=False)
            counts: dict[_Key, list[int]] = {}
            for u in uses:
                counts.setdefault(u.key, [0, 0])[u.write] += u.times * (factor if _depends(u.index, varying) else 1)
            for key, (reads, writes) in counts.items():
                limits = self.capacity(key, [u for u in uses if u.key == key])
                if limits is None:
                    continue
                total, most_reads, most_writes, how = limits
                if not ((total is not None and reads + writes > total * ii) or
                        (most_reads is not None and reads > most_reads * ii) or
                        (most_writes is not None and writes > most_writes * ii)):
                    continue
                what = (f"accessed {reads + writes} times ({_count(reads, 'read')}, {_count(writes, 'write')})"
                        if reads and writes else f"read {_count(reads, 'time')}" if reads
                        else f"written {_count(writes, 'time')}")
                owner = self.by_fid.get(key[0])
                where = f" (local to {owner.fid})" if owner and owner is not fn else ""
                over = f" over {ii} cycles" if ii > 1 else ""
                found.append((fn.src, loop.at, "ii-ports", f"'{key[1]}'{where} {what} per iteration of a "
                              f"PIPELINE II={ii} loop{unrolled}, {how}{over}"))
        return found

    def carried_dependences(self) -> list[tuple[_Source, int, str, str]]:
        found = []
        for fn, loop, ii in self.pipelined():
            uses = self.uses(fn, *loop.body, summary=False)
            varying = self.varying(fn, loop)
            declared = {_last(_option(d.text, "variable") or "") for d in fn.directives
                        if d.kind == "DEPENDENCE" and re.search(r"\b(?:false|distance)\b", d.text, re.IGNORECASE)}
            read = {u.key for u in uses if not u.write}
            flagged: set[_Key] = set()
            for u in uses:
                if not u.write or u.key not in read or u.key in flagged or u.key[1] in declared or \
                        self.is_stream(u.key) or self.fresh(u.key, fn, loop):
                    continue
                if any(loop.var in _names(i) for i in u.index) and \
                        all(_affine(i, loop.var, varying) for i in u.index):
                    continue
                flagged.add(u.key)
                via = f" in {u.via}" if u.via else ""
                found.append((fn.src, u.at, "ii-carried-dependence",
                              f"'{u.key[1]}' written at {u.shown}{via} and read in a PIPELINE II={ii} loop over "
                              f"'{loop.var}': the index is not an affine function of '{loop.var}' alone, so an "
                              f"iteration may read what the one before wrote; no DEPENDENCE pragma for '{u.key[1]}'"))
            floats = {name for name, d in fn.decls.items() if d.type in ("float", "double") and not d.dims
                      and not d.pointer and not loop.body[0] <= d.at < loop.body[1]}
            floats |= {name for type_text, name, _ in fn.params
                       if re.fullmatch(r"(?:const\s+)?(?:float|double)\s*&?", type_text)}
            for m in _ACCUMULATE.finditer(fn.src.plain, *loop.body):
                if m.group(1) in floats:
                    found.append((fn.src, m.start(), "ii-carried-dependence",
                                  f"float '{m.group(1)}' accumulated across iterations of a PIPELINE II={ii} loop: "
                                  "each addition waits for the previous one through the floating-point adder's "
                                  "latency (accumulate an integer or fixed-point value, or independent partial sums)"))
        return found

    def _walk(self, fn: _Fn, bound: dict[str, str], objects: dict[str, tuple[str, dict[str, str]]],
              frames: tuple[tuple[_Fn, _Call], ...]) -> None:
        """Record where the ports `bound` (local name -> port) are accessed in `fn` and in the
        functions it passes them to; `objects` are structs initialized with ports."""
        objects = dict(objects)
        plain = fn.src.plain
        for m in _AGGREGATE.finditer(plain, fn.open + 1, fn.close):
            items = _split_top(plain[m.end():_match_close(plain, m.end() - 1)], ",")
            mapping = {member.name: bound[name] for member, item in zip(self.members.get(m.group(1), []), items)
                       if (name := self._bound_name(fn, item)) in bound}
            if mapping:
                objects[m.group(2)] = (m.group(1), mapping)
        for name in bound:
            self.maxi.add((fn.fid, name) if name in fn.param_index or name in fn.decls else (".", name))
        for a in fn.accesses:
            name = self._bound_name(fn, a.chain)
            if name in bound:
                self.sites.setdefault(bound[name], []).append(_Site(fn, a, frames))
        for call in fn.calls:
            struct, members = objects.get(call.obj or "", ("", {}))
            callee = self.callee(fn, call, struct or None)
            if callee is None or callee is fn or any(callee is f for f, _ in frames):
                continue
            inner, inner_objects = dict(members), {}
            for (_, param, _), arg in zip(callee.params, call.args):
                name = self._bound_name(fn, arg)
                if name in bound:
                    inner[param] = bound[name]
                if name in objects:
                    inner_objects[param] = objects[name]
            if inner or inner_objects:
                self._walk(callee, inner, inner_objects, frames + ((fn, call),))

    @staticmethod
    def _bound_name(fn: _Fn, expr: str) -> str | None:
        """The plain local or parameter an expression designates, through pointer aliases."""
        chain = _base(expr)
        for _ in range(8):
            if chain is None or _is_member(chain) or "::" in chain:
                return None
            if chain not in fn.aliases:
                return chain
            chain = fn.aliases[chain]
        return None

    def _sequential(self, index: str, fn: _Fn, at: int, frames: tuple[tuple[_Fn, _Call], ...]) -> bool:
        """Whether `index` is base + the variable of a loop around `at`; a parameter stands
        for the argument of the call that bound it."""
        terms = [_strip_parens(t) for t in _terms(_strip_parens(self.norm(fn, index, summary=False)))]
        if {loop.var for loop in fn.enclosing(at)} & set(terms):
            return True
        params = [t for t in terms if t in fn.param_index]
        if len(params) != 1 or not frames:
            return False
        caller, call = frames[-1]
        k = fn.param_index[params[0]]
        return k < len(call.args) and self._sequential(call.args[k], caller, call.at, frames[:-1])

    def bursts(self) -> list[tuple[_Source, int, str, str]]:
        bundles = {port: _option(d.text, "bundle") or "default" for _, d, port in self.interfaces}
        found = []
        for port, sites in self.sites.items():
            conditional = sum(1 for s in sites if s.fn.conditional(s.access.at) or
                              any(f.conditional(call.at) for f, call in s.frames))
            scattered = sum(1 for s in sites if not self._sequential(
                s.access.subscripts[0] if s.access.subscripts else "", s.fn, s.access.at, s.frames))
            if len(sites) == 1 and not conditional and not scattered:
                continue
            first = sites[0]
            path = " > ".join([f.fid for f, _ in first.frames] + [first.fn.fid])
            problems = [f"accessed in {len(sites)} place{'s' * (len(sites) > 1)}"]
            problems += [f"{conditional} inside a switch/if"] if conditional else []
            problems += [f"{scattered} not at base + loop variable"] if scattered else []
            shown = first.access.chain + "".join(f"[{s}]" for s in first.access.subscripts)
            found.append((first.fn.src, first.access.at, "burst-port",
                          f"m_axi port '{port}' (bundle {bundles[port]}): {', '.join(problems)}; a burst needs one "
                          f"unconditional loop over base + i (first: '{shown}' in {path})"))
        return found

    def bundle_conflicts(self) -> list[tuple[_Source, int, str, str]]:
        groups: dict[str, list[tuple[_Fn, _Directive, str]]] = {}
        for fn, d, port in self.interfaces:
            if _option(d.text, "bundle"):
                groups.setdefault(_option(d.text, "bundle"), []).append((fn, d, port))
        found = []
        for bundle, ports in groups.items():
            differing = [o for o in _BUNDLE_OPTIONS if len({_option(d.text, o) for _, d, _ in ports}) > 1]
            if not differing:
                continue
            kinds: dict[str, list[str]] = {}
            for _, d, port in ports:
                options = ", ".join(f"{o} = {_option(d.text, o)}" for o in differing if _option(d.text, o))
                kinds.setdefault(options or "defaults", []).append(f"'{port}'")
            fn, d, _ = ports[0]
            found.append((fn.src, d.at, "bundle-conflict",
                          f"m_axi bundle '{bundle}' is shared by ports with different {', '.join(differing)}: " +
                          " vs ".join(f"{', '.join(names)} ({options})" for options, names in kinds.items())))
        return found


def _ii_findings(files: Mapping[str, str]) -> list[tuple[str, int, str, str]]:
    """(file, line, rule, detail) of every II-rule finding in the kernel `files` (name -> text)."""
    kernel = _Kernel([_Source.parse(name, text) for name, text in files.items()])
    found = kernel.ii_ports() + kernel.carried_dependences() + kernel.bursts() + kernel.bundle_conflicts()
    return sorted({(src.name, src.line(at), rule, detail) for src, at, rule, detail in found})


def lint_ii_source(text: str, filename: str, *, context: Mapping[str, str] | None = None) -> list[str]:
    """The II-rule findings in one source, as '<filename>:<line>: <rule>: <detail>' lines.
    `context` (other kernel files, name -> text) supplies the constants, pragmas, functions and
    top-function ports the source refers to; only findings in `filename` are returned."""
    files = {filename: text, **{name: body for name, body in sorted((context or {}).items()) if name != filename}}
    return [f"{name}:{line}: {rule}: {detail}" for name, line, rule, detail in _ii_findings(files)
            if name == filename]


def lint_ii_project(project_dir: str | Path) -> list[str]:
    """The II-rule findings of a generated project's kernel, read as one program."""
    return [f"{name}:{line}: {rule}: {detail}"
            for name, line, rule, detail in _ii_findings(_kernel_files(Path(project_dir)))]
