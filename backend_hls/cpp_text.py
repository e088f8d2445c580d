"""Kernel C++ read as text, the one reading shared by lint.py, ii_lint.py and memory_audit.py.

No parse: comments, literals and preprocessor lines are blanked in place (offsets and line
numbers stay those of the file), then brackets, function definitions, declarations, type
names and integer constant expressions are read off the text by the helpers below.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# ---------------------------------------------------------------------------------------
# Files and line numbers
# ---------------------------------------------------------------------------------------


def kernel_files(root: Path) -> dict[str, str]:
    """The kernel sources of a generated project by relative name: src/*.cpp, src/*.h and
    include/*.h (not the testbench, nor the simulation-only headers of include/sim/)."""
    paths = sorted({*root.glob("src/*.cpp"), *root.glob("src/*.h"), *root.glob("include/*.h")})
    return {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in paths}


@dataclass(frozen=True)
class Source:
    """A file's code as read (blanked in place, so offsets are those of the file), so that
    a finding at an offset can name its `file:line`."""
    name: str
    code: str
    newlines: tuple[int, ...]

    @staticmethod
    def newlines_of(code: str) -> tuple[int, ...]:
        return tuple(k for k, ch in enumerate(code) if ch == "\n")

    @classmethod
    def of(cls, name: str, code: str) -> Source:
        return cls(name, code, cls.newlines_of(code))

    def line(self, at: int) -> int:
        return bisect.bisect_right(self.newlines, at) + 1

    def where(self, at: int) -> str:
        return f"{self.name}:{self.line(at)}"


# ---------------------------------------------------------------------------------------
# Blanking: what is no code becomes spaces, newlines kept
# ---------------------------------------------------------------------------------------

_CONDITIONAL = re.compile(r"\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)")


def blank(text: str, start: int, end: int) -> str:
    """text[start:end] with every character but newlines as a space."""
    return re.sub(r"[^\n]", " ", text[start:end])


def strip_comments_and_literals(text: str) -> str:
    """`text` with comments and the contents of string/char literals as spaces (same lines),
    so that no rule matches inside them."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text, i, j))
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text, i, j))
        elif text[i] in "\"'" and not _digit_separator(text, i):
            quote = text[i]
            j = i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j, n - 1)
            out.append(quote + blank(text, i + 1, j) + text[j])
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


def without_directives(code: str) -> str:
    """`code` with preprocessor lines other than #pragma blanked (macro bodies are no code)."""
    lines = code.split("\n")
    continued = False
    for k, line in enumerate(lines):
        directive = continued or line.lstrip().startswith("#")
        if directive and (continued or not re.match(r"\s*#\s*pragma\b", line)):
            lines[k] = " " * len(line)
        continued = directive and line.rstrip().endswith("\\")
    return "\n".join(lines)


# The header library's configuration parameter (accllm_defaults.h): every unit is a template
# on `class C`, and a build instantiates each with its one `Config`. The readings take the
# templates as written for that configuration: the parameter and the arguments that pass it
# (`<C>`, `<C, K>`, `<accllm::Config>`) are blanked, and `C::NAME` reads as `NAME`.
_CONFIG_PARAMETER = re.compile(r"\btemplate\s*<\s*class\s+C\s*(?:>|,)")
_CONFIG_ARGUMENT = re.compile(r"(?<=[\w>])\s*<\s*(?:C|(?:accllm\s*::\s*)?Config)\s*(?:>|,)")


def config_view(code: str) -> str:
    """`code` (comments and literals blanked) with the configuration parameter blanked in place."""
    out = list(code)
    for m in _CONFIG_PARAMETER.finditer(code):
        start = m.start() if m.group().endswith(">") else code.index("class", m.start())
        out[start:m.end()] = " " * (m.end() - start)
    for m in _CONFIG_ARGUMENT.finditer(code):
        start = m.start() if m.group().endswith(">") else code.index("<", m.start()) + 1
        out[start:m.end()] = " " * (m.end() - start)
    return "".join(out)


def synthesis_view(text: str) -> str:
    """`text` with the branches Vitis HLS does not compile (`#ifndef __SYNTHESIS__`) blanked."""
    lines = text.split("\n")
    taken: list[bool | None] = []  # per open #if: whether synthesis takes the branch (None: unrelated)
    for k, line in enumerate(lines):
        m = _CONDITIONAL.match(line)
        if m:
            word, rest = m.group(1), " ".join(m.group(2).split())
            if word in ("if", "ifdef", "ifndef"):
                on = {("ifdef", "__SYNTHESIS__"): True, ("ifndef", "__SYNTHESIS__"): False,
                      ("if", "defined(__SYNTHESIS__)"): True, ("if", "!defined(__SYNTHESIS__)"): False}
                taken.append(on.get((word, rest.replace(" ", ""))))
            elif taken and word == "else" and taken[-1] is not None:
                taken[-1] = not taken[-1]
            elif taken and word == "elif" and taken[-1] is not None:
                taken[-1] = False if taken[-1] else None
            elif taken and word == "endif":
                taken.pop()
        elif False in taken:
            lines[k] = " " * len(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Brackets and separators
# ---------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s*")
_CLOSING = {"(": ")", "{": "}", "[": "]"}
_OPENING = {")": "(", "]": "[", ">": "<"}


def skip_space(code: str, k: int) -> int:
    """The first index at or after `k` that is not white space."""
    return _SPACE.match(code, k).end()


def match_close(code: str, open_at: int) -> int:
    """Index of the bracket closing the one at `open_at`, or len(code) if unbalanced."""
    return _match(code, range(open_at, len(code)), code[open_at], _CLOSING[code[open_at]], len(code))


def match_open(code: str, close_at: int) -> int:
    """Index of the bracket opening the one at `close_at` (`)`, `]` or `>`), or 0 if unbalanced."""
    return _match(code, range(close_at, -1, -1), code[close_at], _OPENING[code[close_at]], 0)


def _match(code: str, indices: range, same: str, other: str, unbalanced: int) -> int:
    depth = 0
    for k in indices:
        if code[k] == same:
            depth += 1
        elif code[k] == other:
            depth -= 1
            if depth == 0:
                return k
    return unbalanced


def match_angle(code: str, open_at: int) -> int | None:
    """Index of the '>' closing the template argument list at `open_at`, None if the '<' is
    a comparison (a ';', brace, '&&' or '||' comes first)."""
    depth = 0
    k = open_at
    while k < len(code):
        ch = code[k]
        if ch in "([":
            k = match_close(code, k)
        elif ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
            if depth == 0:
                return k
        elif ch in ";{}" or code.startswith("&&", k) or code.startswith("||", k):
            return None
        k += 1
    return None


def strip_parens(text: str) -> str:
    """`text` without white space and the parentheses that enclose all of it."""
    text = text.strip()
    while text.startswith("(") and match_close(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def split_top(text: str, separator: str) -> list[str]:
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


# ---------------------------------------------------------------------------------------
# Function definitions, parameters and template parameters
# ---------------------------------------------------------------------------------------

# Words that precede a parenthesis like a function name but are none.
NOT_FUNCTIONS = {"if", "for", "while", "switch", "catch", "return", "sizeof", "alignof",
                 "decltype", "static_assert", "operator", "noexcept", "alignas"}
WORD = re.compile(r"[A-Za-z_]\w*")
_TEMPLATE = re.compile(r"\s*template\s*<")


@dataclass(frozen=True)
class Function:
    """A function definition: its name, the braces of its body, its parameter list."""
    name: str
    body_open: int
    body_close: int
    constexpr: bool
    params: str = ""  # the parameter list, as written


class Parameter(NamedTuple):
    type: str      # the declaration without the name: `const float*`, `int (&)[4]`, `T [N]`
    name: str
    default: bool  # has a default argument


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
            if m is None or m.group(1) in NOT_FUNCTIONS:
                return None
            return m.group(1), head[k + 1:-1]
    return None


def functions(code: str) -> list[Function]:
    """Function definitions at namespace, class or file scope, with their bodies' braces
    (blocks inside a function body are part of it)."""
    stack: list[tuple[str, int, tuple[str, str] | None, bool]] = []  # kind, brace, head, constexpr
    found: list[Function] = []
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
                    found.append(Function(parts[0], open_at, k, constexpr, parts[1]))
            head_start = k + 1
    return found


def parameters(text: str) -> list[Parameter]:
    """The parameters of a parameter list, in order (an unnamed `T` reads as named T, type '';
    an unnamed pointer or reference is left out)."""
    found = []
    for part in split_top(text, ","):
        part, *default = split_top(part, "=")
        part = part.strip()
        m = re.search(r"\(\s*[&*]\s*([A-Za-z_]\w*)\s*\)", part) or \
            re.search(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$", part)
        if part in ("", "void") or m is None:
            continue
        found.append(Parameter((part[:m.start(1)] + part[m.end(1):]).strip(), m.group(1), bool(default)))
    return found


def _template_params(text: str) -> list[tuple[str, bool, str | None]]:
    """(name, value parameter?, default) of a `template <...>` parameter list."""
    params = []
    for part in split_top(text, ","):
        part, _, default = part.partition("=")
        words = WORD.findall(part)
        if words:
            params.append((words[-1], words[0] not in ("class", "typename"), default.strip() or None))
    return params


def leading_template(text: str) -> tuple[list[tuple[str, bool, str | None]], int]:
    """The template parameters `text` starts with, and where the rest begins."""
    m = _TEMPLATE.match(text)
    close = match_angle(text, m.end() - 1) if m else None
    if m is None or close is None:
        return [], 0
    return _template_params(text[m.end():close]), close + 1


# ---------------------------------------------------------------------------------------
# Declarations
# ---------------------------------------------------------------------------------------

SPECIFIERS = {"static", "const", "constexpr", "inline", "volatile", "mutable", "thread_local",
              "hls_thread_local", "extern", "register"}
# Words that start a statement that declares nothing (or nothing with storage).
KEYWORDS = {"return", "case", "default", "goto", "else", "delete", "new", "throw", "using",
            "typedef", "do", "for", "while", "if", "switch", "break", "continue", "namespace",
            "template", "struct", "class", "union", "enum", "public", "private", "protected",
            "operator", "sizeof", "static_assert", "friend", "void", "auto"}
BUILTIN_WORDS = {"unsigned", "signed", "long", "short", "int", "char", "double", "float", "bool"}
QUALIFIED = re.compile(r"(?:::\s*)?[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*")
# Labels a statement may start with: `case X:`, `default:`, access specifiers.
LABEL = re.compile(r"\s*(?:(?:case\b(?:[^;:]|::)*|default|public|private|protected)\s*:(?!:)\s*)*")
_INDIRECTION = re.compile(r"[*&]|const\b")
_NAMED_STREAM = re.compile(r'\(\s*"[^"]*"\s*\)')  # hls::stream<T> s("name")


@dataclass(frozen=True)
class Decl:
    """One variable of a declaration statement (`T a[N], b = x;` gives two)."""
    source: Source
    at: int
    specifiers: frozenset[str]
    type: str
    name: str
    dims: tuple[str, ...]
    init: str | None
    indirect: bool  # a pointer or reference: the storage is declared elsewhere

    @property
    def where(self) -> str:
        return self.source.where(self.at)


def statement_start(code: str, at: int) -> int:
    """Where the statement holding `at` starts: after the last ';', '{' or '}' before it."""
    return max(code.rfind(ch, 0, at) for ch in ";{}") + 1


def declaration(source: Source, at: int) -> list[Decl]:
    """The declarations of the statement that starts at `at` (none if it is no declaration)."""
    code = source.code
    k = LABEL.match(code, at).end()
    specifiers: set[str] = set()
    while (m := WORD.match(code, k)) and m.group() in SPECIFIERS:
        specifiers.add(m.group())
        k = skip_space(code, m.end())
    if m is None or m.group() in KEYWORDS:
        return []
    if m.group() in BUILTIN_WORDS:
        words = []
        while (m := WORD.match(code, k)) and m.group() in BUILTIN_WORDS | {"const"}:
            words += [] if m.group() == "const" else [m.group()]
            k = skip_space(code, m.end())
        type_text = " ".join(words)
    else:
        m = QUALIFIED.match(code, k)
        type_text, k = re.sub(r"\s+", "", m.group()), skip_space(code, m.end())
        if code[k:k + 1] == "<":
            close = match_angle(code, k)
            if close is None:
                return []
            type_text += " ".join(code[k:close + 1].split())
            k = skip_space(code, close + 1)
    decls = []
    while True:
        indirect = False
        while m := _INDIRECTION.match(code, k):
            indirect = indirect or m.group() != "const"
            k = skip_space(code, m.end())
        m = WORD.match(code, k)
        if m is None or m.group() in KEYWORDS:
            return []
        start, k = m.start(), skip_space(code, m.end())
        dims = []
        while code[k:k + 1] == "[":
            close = match_close(code, k)
            dims.append(" ".join(code[k + 1:close].split()))
            k = skip_space(code, close + 1)
        init = None
        if code[k:k + 1] == "=":
            end = k + 1
            while end < len(code) and code[end] not in ",;":
                end = match_close(code, end) + 1 if code[end] in "([{" else end + 1
            init, k = " ".join(code[k + 1:end].split()), end
        elif code[k:k + 1] == "{":
            close = match_close(code, k)
            init, k = " ".join(code[k + 1:close].split()), skip_space(code, close + 1)
        elif code[k:k + 1] == "(":
            named = _NAMED_STREAM.match(code, k)
            if named is None:
                return []
            k = skip_space(code, named.end())
        decls.append(Decl(source, start, frozenset(specifiers), type_text, m.group(), tuple(dims), init,
                          indirect))
        if code[k:k + 1] == ",":
            k = skip_space(code, k + 1)
        elif code[k:k + 1] == ";":
            return decls
        else:
            return []


def aliases(code: str) -> dict[str, str]:
    """typedef / using names and the types they stand for."""
    found = {}
    for m in re.finditer(r"\btypedef\s+([^;{}]+?)\s+([A-Za-z_]\w*)\s*;", code):
        found[m.group(2)] = " ".join(m.group(1).split())
    for m in re.finditer(r"\busing\s+([A-Za-z_]\w*)\s*=\s*([^;{}]+?)\s*;", code):
        found[m.group(1)] = " ".join(m.group(2).split())
    return found


# ---------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------

SCALAR_BITS = {
    "bool": 1, "char": 8, "signed char": 8, "unsigned char": 8, "int8_t": 8, "uint8_t": 8,
    "short": 16, "unsigned short": 16, "int16_t": 16, "uint16_t": 16, "half": 16,
    "int": 32, "signed": 32, "unsigned": 32, "unsigned int": 32, "int32_t": 32, "uint32_t": 32,
    "float": 32, "long": 64, "unsigned long": 64, "long long": 64, "unsigned long long": 64,
    "int64_t": 64, "uint64_t": 64, "size_t": 64, "double": 64,
}
FLOAT_TYPES = {"float", "double", "half"}
AP_TYPES = {"ap_int", "ap_uint", "ap_fixed", "ap_ufixed"}


def type_name(type_text: str) -> tuple[str, list[str]]:
    """The unqualified name of a type and its template arguments: `const hls::stream<T, 4>&`
    -> ('stream', ['T', '4']); a built-in of several words stays whole (`unsigned int`, a
    key of SCALAR_BITS). Declarators are dropped: `T*`, `T&`, `T const`, `T [N]`, `T (&)[N]`."""
    text = re.sub(r"\(\s*[&*]\s*\)", " ", type_text)
    text = re.sub(r"(?:\s*\[[^\]]*\])+\s*$", "", text)
    text = re.sub(r"(?:[\s&*]|\b(?:const|volatile)\b)+$", "", text)
    args: list[str] = []
    if "<" in text and text.endswith(">"):
        lt = text.index("<")
        args = [" ".join(a.split()) for a in split_top(text[lt + 1:-1], ",")]
        text = text[:lt]
    text = " ".join(re.sub(r"\b(?:const|volatile|struct|typename|static|inline)\b|[&*]", " ", text).split())
    return (text if text in SCALAR_BITS else re.split(r"\s*::\s*", text)[-1]), args


# ---------------------------------------------------------------------------------------
# Compile-time integers
# ---------------------------------------------------------------------------------------

CAST = re.compile(r"\b(?:static_cast|const_cast|reinterpret_cast)\s*<[^<>]*>")
# A name the kernel's conventions make a compile-time constant: kConstant, ALL_CAPS, or a
# single capital letter (a template parameter).
CONST_NAME = re.compile(r"k[A-Z]\w*|[A-Z][A-Z0-9_]*")
_NUMBER = re.compile(r"(?<![\w.])\d[\w']*")
_NAME = re.compile(r"[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*")
_TYPE_WORDS = {"int", "unsigned", "long", "short", "char", "size_t", "int32_t", "uint32_t",
               "int64_t", "uint64_t"}
_INTEGER = re.compile(r"\b(0[xX][0-9a-fA-F']+|\d[\d']*)[uUlL]*\b")
_DECIMAL_FLOAT = re.compile(r"(?<![\w.])(?:\d*\.\d|\d+[eE][-+]?\d)")


def is_compile_time(expr: str) -> bool:
    """Whether an expression is built from literals and compile-time names only (by the
    naming conventions of CONST_NAME: no values are looked up)."""
    expr = re.sub(r"\bsizeof\s*\([^()]*\)", "0", CAST.sub("0", expr))
    if not expr.strip() or re.search(r"\.|->|\[", expr):
        return False  # empty, or a member or element read at run time
    expr = _NUMBER.sub(" ", expr)
    for name in _NAME.findall(expr):
        last = re.split(r"\s*::\s*", name)[-1]
        if not (CONST_NAME.fullmatch(last) or last in _TYPE_WORDS):
            return False
    return re.fullmatch(r"[-+*/%()<>&|^~!\s]*", _NAME.sub(" ", expr)) is not None


# The constexpr functions of the kernel headers that sizes use (accllm_math.h).
_CONSTEXPR_FUNCTIONS: dict[str, Callable[[int], int]] = {
    "ceil_pow2": lambda n: 1 << max(0, n - 1).bit_length(),
}


def _conditional(text: str) -> str | None:
    """C's `a ? b : c` (right-associative, at any parenthesis depth) as Python's
    `(b) if (a) else (c)`; None where a `?` has no `:`."""
    depth, question = 0, -1
    for k, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "?" and depth == 0 and question < 0:
            question = k
    if question < 0:
        inner = re.search(r"\(([^()]*\?[^()]*)\)", text)  # a parenthesized conditional
        if not inner:
            return text
        converted = _conditional(inner.group(1))
        return None if converted is None else _conditional(text[:inner.start(1)] + converted + text[inner.end(1):])
    depth, nested = 0, 0
    for k in range(question + 1, len(text)):
        ch = text[k]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and ch == "?":
            nested += 1
        elif depth == 0 and ch == ":" and text[k - 1:k + 1] != "::" and text[k:k + 2] != "::":
            if nested:
                nested -= 1
                continue
            a, b, c = (_conditional(part) for part in (text[:question], text[question + 1:k], text[k + 1:]))
            if a is None or b is None or c is None:
                return None
            return f"(({b}) if ({a}) else ({c}))"
    return None


def eval_int(expr: str, lookup: Callable[[str], int | None]) -> int | None:
    """The value of a C++ integer constant expression, names (qualifiers dropped) valued by
    `lookup`; None if it is not one we can evaluate (an unknown name or function, sizeof, a
    float)."""
    text = CAST.sub("", expr)
    if re.search(r"\bsizeof\b", text) or _DECIMAL_FLOAT.search(text):
        return None
    text = _INTEGER.sub(lambda m: m.group(1).replace("'", ""), text)
    text = re.sub(r"(?:::\s*)?(?:[A-Za-z_]\w*\s*::\s*)+(?=[A-Za-z_])", "", text)
    text = re.sub(r"!(?!=)", " not ", text.replace("&&", " and ").replace("||", " or "))
    text = _conditional(text)
    if text is None:
        return None
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return None
    return _value(tree.body, lookup)


def _value(node: ast.AST, lookup: Callable[[str], int | None]) -> int | None:
    match node:
        case ast.Constant(value=bool() | int() as v):
            return int(v)
        case ast.Name(id="true" | "false" as word):
            return int(word == "true")
        case ast.Name(id=name):
            return lookup(name)
        case ast.UnaryOp(op=op, operand=operand):
            v = _value(operand, lookup)
            if v is None:
                return None
            return {ast.USub: -v, ast.UAdd: v, ast.Invert: ~v, ast.Not: int(not v)}[type(op)]
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _value(left, lookup), _value(right, lookup)
            if a is None or b is None or (isinstance(op, (ast.Div, ast.Mod)) and b == 0):
                return None
            if isinstance(op, (ast.Div, ast.Mod)):
                q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # C truncates toward zero
                return q if isinstance(op, ast.Div) else a - b * q
            if isinstance(op, (ast.LShift, ast.RShift)) and not 0 <= b < 128:
                return None
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b,
                   ast.LShift: lambda: a << b, ast.RShift: lambda: a >> b, ast.BitAnd: lambda: a & b,
                   ast.BitOr: lambda: a | b, ast.BitXor: lambda: a ^ b}
            return ops[type(op)]() if type(op) in ops else None
        case ast.BoolOp(op=op, values=values):
            vs = [_value(v, lookup) for v in values]
            if None in vs:
                return None
            return int(all(vs) if isinstance(op, ast.And) else any(vs))
        case ast.IfExp(test=test, body=body, orelse=orelse):
            cond = _value(test, lookup)
            return None if cond is None else _value(body if cond else orelse, lookup)
        case ast.Call(func=ast.Name(id=name), args=[arg], keywords=[]) if name in _CONSTEXPR_FUNCTIONS:
            v = _value(arg, lookup)
            return None if v is None else _CONSTEXPR_FUNCTIONS[name](v)
        case ast.Compare(left=left, ops=ops, comparators=rights):
            vs = [_value(v, lookup) for v in [left, *rights]]
            if None in vs:
                return None
            tests = {ast.Lt: int.__lt__, ast.LtE: int.__le__, ast.Gt: int.__gt__, ast.GtE: int.__ge__,
                     ast.Eq: int.__eq__, ast.NotEq: int.__ne__}
            return int(all(tests[type(o)](a, b) for o, a, b in zip(ops, vs, vs[1:])))
    return None


# ---------------------------------------------------------------------------------------
# Directives and loops
# ---------------------------------------------------------------------------------------

# The start of an HLS directive as the kernel writes it: `#pragma HLS KIND ...` or the
# macro `ACCLLM_HLS(HLS KIND ...)`; append what to match of the kind and options.
DIRECTIVE = r"(?:#\s*pragma\s+HLS|ACCLLM_HLS\s*\(\s*HLS)\s+"
LOOP = re.compile(r"\b(for|while|do)\b")
