"""Semantic checks of a definition that its JSON Schema cannot express.

Every check reads defensively (the document may also have schema errors) and adds a
Vietnamese :class:`Problem`; nothing stops at the first defect.
"""
from __future__ import annotations

from .formula import FormulaError, parse_formula, references
from .model import Limits, Problem
from .tree import (
    KEY_RE, NODE_TYPES, NUMERIC_COLUMN_TYPES, NUMERIC_TYPES, TYPE_NAMES, Entry, self_assessment_keys,
    walk,
)


def semantic_problems(doc: dict, *, limits: Limits) -> list[Problem]:
    """Return the problems of ``doc`` found by walking its nodes: keys, tables, options, formulas, limits."""
    problems: list[Problem] = []
    items = doc.get("items")
    if isinstance(items, list) and not items:
        problems.append(Problem("items", "Biểu mẫu chưa có mục hoặc trường nào"))
    seen: dict[str, Entry] = {}
    field_count = 0
    for entry in walk(items, max_depth=limits.max_depth):
        node, key, node_type = entry.node, entry.key, entry.type
        if isinstance(key, str):
            if key in seen:
                what = "mục" if node_type in ("section", "self_assessment") else "trường"
                problems.append(Problem(entry.json_path, f"Khóa {what} “{key}” bị trùng "
                                        f"({seen[key].json_path} và {entry.json_path})"))
            else:
                seen[key] = entry
        if node_type in NODE_TYPES and node_type not in ("section", "self_assessment"):
            field_count += 1
        if node_type == "section" and entry.depth > limits.max_depth:
            problems.append(Problem(entry.json_path, f"Mục “{key}” lồng quá sâu: cấp {entry.depth}, "
                                    f"tối đa {limits.max_depth} cấp"))
        check = _NODE_CHECKS.get(node_type)
        if check and entry.block is None:
            problems.extend(check(node, entry.json_path, limits))
    if field_count > limits.max_fields:
        problems.append(Problem("items", f"Biểu mẫu có {field_count} trường, vượt giới hạn "
                                f"{limits.max_fields} trường"))
    problems.extend(_formula_problems(seen, limits))
    return problems


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _range_problem(node: dict, path: str, what: str) -> list[Problem]:
    low, high = node.get("minimum"), node.get("maximum")
    if _is_number(low) and _is_number(high) and low > high:
        return [Problem(path, f"Giá trị nhỏ nhất ({low}) lớn hơn giá trị lớn nhất ({high}) ở {what}")]
    return []


def _options_problems(options, path: str, what: str, limits: Limits) -> list[Problem]:
    options = _list(options)
    if not options:
        return [Problem(path, f"{what} chưa có phương án nào")]
    problems = []
    if len(options) > limits.max_options:
        problems.append(Problem(path, f"{what} có {len(options)} phương án, vượt giới hạn "
                                f"{limits.max_options}"))
    seen = set()
    for option in options:
        value = option.get("value") if isinstance(option, dict) else None
        if isinstance(value, str):
            if value in seen:
                problems.append(Problem(path, f"Phương án “{value}” của {what[0].lower()}{what[1:]} bị trùng"))
            seen.add(value)
    return problems


def _check_number(node, path, limits):
    return _range_problem(node, path, f"trường “{node.get('key')}”")


def _check_choice(node, path, limits):
    return _options_problems(node.get("options"), path, f"Trường lựa chọn “{node.get('key')}”", limits)


def _check_self_assessment(node, path, limits):
    key = node.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        return []
    too_long = [k for k in self_assessment_keys(key) if not KEY_RE.match(k)]
    if too_long:
        return [Problem(path, f"Khóa khối tự đánh giá “{key}” quá dài: khóa sinh ra “{too_long[0]}” "
                        "vượt 63 ký tự")]
    return []


def _check_table(node, path, limits):
    key = node.get("key")
    name = f"bảng “{key}”"
    columns = [c for c in _list(node.get("columns")) if isinstance(c, dict)]
    problems = []
    if not columns:
        problems.append(Problem(path, f"Bảng “{key}” chưa có cột nào"))
    if len(columns) > limits.max_columns:
        problems.append(Problem(path, f"Bảng “{key}” có {len(columns)} cột, vượt giới hạn "
                                f"{limits.max_columns} cột"))
    by_key: dict[str, int] = {}
    for index, column in enumerate(_list(node.get("columns"))):
        if not isinstance(column, dict):
            continue
        column_key = column.get("key")
        column_path = f"{path}.columns[{index}]"
        if isinstance(column_key, str):
            if column_key in by_key:
                problems.append(Problem(column_path, f"Cột “{column_key}” của {name} bị trùng "
                                        f"(columns[{by_key[column_key]}] và columns[{index}])"))
            else:
                by_key[column_key] = index
        what = f"cột “{column_key}” của {name}"
        if column.get("type") == "choice":
            problems.extend(_options_problems(column.get("options"), column_path, what[0].upper() + what[1:],
                                              limits))
        elif "options" in column:
            problems.append(Problem(column_path, f"Cột “{column_key}” của {name} có phương án nhưng "
                                    "không phải kiểu lựa chọn (choice)"))
        problems.extend(_range_problem(column, column_path, what))
    for total in _list(node.get("totals")):
        if not isinstance(total, str):
            continue  # the meta-schema reports it
        if total not in by_key:
            problems.append(Problem(f"{path}.totals", f"Cột tính tổng “{total}” không có trong {name}"))
        elif columns[by_key[total]].get("type") not in NUMERIC_COLUMN_TYPES:
            problems.append(Problem(f"{path}.totals", f"Cột “{total}” của {name} không phải cột số "
                                    "nên không tính tổng được"))
    problems.extend(_rows_problems(node, path, name, limits))
    return problems


def _rows_problems(node, path, name, limits):
    rows = node.get("rows", "free")
    min_rows, max_rows = node.get("min_rows"), node.get("max_rows")
    problems = []
    if isinstance(rows, dict):
        fixed = _list(rows.get("fixed"))
        if not fixed:
            problems.append(Problem(f"{path}.rows", f"Bảng “{node.get('key')}” chưa có dòng cố định nào"))
        seen = set()
        for row in fixed:
            row_key = row.get("key") if isinstance(row, dict) else None
            if isinstance(row_key, str):
                if row_key in seen:
                    problems.append(Problem(f"{path}.rows", f"Dòng “{row_key}” của {name} bị trùng"))
                seen.add(row_key)
        if min_rows is not None or max_rows is not None:
            problems.append(Problem(path, f"{name[0].upper()}{name[1:]} có dòng cố định nên không dùng "
                                    "min_rows/max_rows"))
        return problems
    if _is_number(min_rows) and _is_number(max_rows) and min_rows > max_rows:
        problems.append(Problem(path, f"Số dòng tối thiểu ({min_rows}) lớn hơn số dòng tối đa "
                                f"({max_rows}) ở {name}"))
    for value in (min_rows, max_rows):
        if _is_number(value) and value > limits.max_table_rows:
            problems.append(Problem(path, f"{name[0].upper()}{name[1:]} đặt {value} dòng, vượt giới hạn "
                                    f"{limits.max_table_rows} dòng"))
    return problems


_NODE_CHECKS = {
    "number": _check_number,
    "choice": _check_choice,
    "table": _check_table,
    "self_assessment": _check_self_assessment,
}


def _formula_problems(seen: dict[str, Entry], limits: Limits) -> list[Problem]:
    problems: list[Problem] = []
    graph: dict[str, list[str]] = {}
    for key, entry in seen.items():
        text = entry.node.get("formula")
        if entry.type != "computed" or not isinstance(text, str):
            continue
        path = f"{entry.json_path}.formula"
        if len(text) > limits.max_formula_length:
            problems.append(Problem(path, f"Công thức của “{key}” dài quá {limits.max_formula_length} ký tự"))
            continue
        try:
            tree = parse_formula(text)
        except FormulaError as error:
            problems.append(Problem(path, f"Công thức của “{key}” không hợp lệ: {error}"))
            continue
        graph[key] = []
        for ref, context in references(tree):
            message = _reference_problem(ref, context, seen)
            if message:
                problems.append(Problem(path, f"Công thức của “{key}” {message}"))
            elif seen[ref.parts[0]].type == "computed" and ref.parts[0] not in graph[key]:
                graph[key].append(ref.parts[0])
    for cycle in find_cycles(graph):
        chain = " → ".join(f"“{k}”" for k in cycle + [cycle[0]])
        problems.append(Problem(f"{seen[cycle[0]].json_path}.formula", f"Công thức tạo vòng lặp: {chain}"))
    return problems


def _reference_problem(ref, context, seen) -> str | None:
    """Return what is wrong with one formula reference (the text after "Công thức của “k” "), or None."""
    parts, name = ref.parts, ref.name
    target = seen.get(parts[0])
    if target is None:
        return f"dùng trường không tồn tại: “{parts[0]}”"
    kind = target.type
    if len(parts) == 1:
        if kind in NUMERIC_TYPES or context == "count":
            return None
        if kind == "table":
            return (f"dùng bảng “{name}” như một số; hãy dùng sum({name}.<cột>) hoặc count({name})")
        return f"dùng trường không phải số: “{name}” ({TYPE_NAMES.get(kind, kind)})"
    if kind != "table":
        return f"dùng “{name}” nhưng “{parts[0]}” không phải là bảng"
    if len(parts) > 3:
        return f"dùng tham chiếu không hợp lệ: “{name}”"
    columns = {c.get("key"): c for c in _list(target.node.get("columns")) if isinstance(c, dict)}
    column = columns.get(parts[-1])
    if len(parts) == 3:
        rows = target.node.get("rows")
        fixed = _list(rows.get("fixed")) if isinstance(rows, dict) else None
        if fixed is None:
            return f"dùng “{name}” nhưng bảng “{parts[0]}” không có dòng cố định"
        if not any(isinstance(r, dict) and r.get("key") == parts[1] for r in fixed):
            return f"dùng dòng không tồn tại: “{parts[0]}.{parts[1]}”"
    if column is None:
        return f"dùng cột không tồn tại: “{parts[0]}.{parts[-1]}”"
    if len(parts) == 2 and context is None:
        return f"dùng cột “{name}” ngoài các hàm sum, avg, min, max, count"
    if column.get("type") not in NUMERIC_COLUMN_TYPES and context != "count":
        return f"dùng cột không phải số: “{name}” ({TYPE_NAMES.get(column.get('type'), column.get('type'))})"
    return None


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Return each dependency cycle of ``graph`` once, as the list of keys along it."""
    cycles, reported = [], set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    cycles.append(list(cycle))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for start in graph:
        if start not in state:
            visit(start, [])
    return cycles


def topological_order(graph: dict[str, list[str]]) -> list[str]:
    """Return the keys of acyclic ``graph`` so that each comes after everything it depends on."""
    order, done = [], set()

    def visit(node: str) -> None:
        done.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in done:
                visit(nxt)
        order.append(node)

    for start in graph:
        if start not in done:
            visit(start)
    return order
