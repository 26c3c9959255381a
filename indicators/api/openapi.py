"""The OpenAPI 3.1 document of the read-only API, written by hand as a Python dict.

Schemas are strict (every property required, no others) so that tests validating the real answers
against them (jsonschema, Draft 2020-12) fail as soon as a view and this document disagree.
"""
from __future__ import annotations

import copy

from .http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

REF = "#/components/schemas/"


def _ref(name: str) -> dict:
    return {"$ref": REF + name}


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
NUMBER = {"type": "number"}
STRING = {"type": "string"}
DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}
NUMBER_OR_NULL = {"type": ["number", "null"]}
RATE = {"type": ["number", "null"], "description": "Phần trăm; null khi không xác định (chia cho 0)."}

PAGE = {
    "count": {**COUNT, "description": "Tổng số phần tử của danh sách."},
    "page": {"type": "integer", "minimum": 1},
    "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    "pages": {"type": "integer", "minimum": 1},
    "next": {"type": ["string", "null"], "description": "Đường dẫn trang sau, null ở trang cuối."},
    "previous": {"type": ["string", "null"], "description": "Đường dẫn trang trước, null ở trang đầu."},
}


def _page(item: dict, description: str, **extra) -> dict:
    return _object({**extra, **PAGE, "results": {"type": "array", "items": item}}, description)


SCHEMAS = {
    "Error": _object({
        "error": {"type": "string", "enum": ["bad_request", "not_authenticated", "forbidden", "not_found",
                                             "method_not_allowed"]},
        "message": {"type": "string", "description": "Thông báo lỗi bằng tiếng Việt."},
    }, "Lỗi: mã lỗi và thông báo tiếng Việt."),
    "Unit": _object({
        "id": INTEGER, "code": STRING, "name": STRING,
        "depth": {"type": "integer", "minimum": 1, "description": "Cấp trong cây (1 là gốc)."},
        "has_children": {"type": "boolean"},
        "dashboard_url": {"type": "string", "description": "Trang chỉ tiêu của đơn vị (/chi-tieu/<id>/)."},
    }, "Đơn vị."),
    "Period": _object({
        "id": INTEGER, "key": {"type": "string", "examples": ["2026-M03", "2026-Q1", "dot:kiem-tra-2026"]},
        "label": STRING, "starts_on": DATE_OR_NULL, "ends_on": DATE_OR_NULL,
    }, "Kỳ chỉ tiêu."),
    "Target": _object({
        "direction": {"type": "string", "enum": [">=", "<=", "="]},
        "value": NUMBER, "green_threshold": NUMBER_OR_NULL, "amber_threshold": NUMBER_OR_NULL,
        "baseline": NUMBER_OR_NULL, "unit": STRING,
        "display": {"type": "string", "examples": ["≥ 80 %"]},
    }, "Chỉ tiêu phấn đấu và ngưỡng xanh / vàng."),
    "Indicator": _object({
        "id": INTEGER, "code": STRING, "name": STRING, "description": STRING, "unit_of_measure": STRING,
        "value_type": {"type": "string", "enum": ["integer", "decimal", "percent", "boolean"]},
        "aggregation": {"type": "string", "enum": ["sum", "avg", "min", "max", "count", "ratio", "share", "last"]},
        "aggregation_label": STRING,
        "period_combine": {"type": "string", "enum": ["sum", "avg", "last"]},
        "kpi_set": {"type": ["string", "null"], "description": "Mã bộ chỉ tiêu (biểu mẫu) nguồn."},
        "target": _nullable(_ref("Target")),
    }, "Chỉ tiêu."),
    "IndicatorValue": _object({
        "indicator_id": INTEGER, "code": STRING, "name": STRING, "unit_of_measure": STRING,
        "value": {"type": ["number", "null"],
                  "description": "Giá trị (số JSON thuần); null khi không xác định, ví dụ chia cho 0."},
        "value_display": {"type": "string", "examples": ["75,5 %", "không xác định"],
                          "description": "Giá trị viết theo kiểu Việt Nam, kèm đơn vị tính."},
        "reporting": {**COUNT, "description": "Số đơn vị đã có số liệu."},
        "expected": {**COUNT, "description": "Số đơn vị phải báo cáo."},
        "reporting_rate": RATE,
        "status": {"type": "string", "enum": ["green", "amber", "red", "unknown"]},
        "status_label": {"type": "string", "enum": ["Đạt", "Gần đạt", "Chưa đạt", "Không xác định"]},
    }, "Giá trị một chỉ tiêu tại một đơn vị trong một kỳ."),
    "Completeness": _object({
        "expected": COUNT, "submitted": COUNT, "on_time": COUNT, "late": COUNT, "missing": COUNT,
        "approved": COUNT, "submitted_rate": RATE, "submitted_rate_display": STRING, "on_time_rate": RATE,
        "on_time_rate_display": STRING, "approved_rate": RATE, "approved_rate_display": STRING,
    }, "Tiến độ báo cáo: phải nộp, đã nộp, đúng hạn, muộn, chưa nộp, đã duyệt."),
}
SCHEMAS.update({
    "PeriodPage": _page(_ref("Period"), "Một trang danh sách kỳ."),
    "IndicatorPage": _page(_ref("Indicator"), "Một trang danh sách chỉ tiêu."),
    "UnitValues": _page(_ref("IndicatorValue"), "Giá trị các chỉ tiêu của một đơn vị (một trang chỉ tiêu).",
                        unit=_ref("Unit"), period=_ref("Period")),
    "ChildrenValues": _page(
        _object({"unit": _ref("Unit"), "values": {"type": "array", "items": _ref("IndicatorValue")}}),
        "Giá trị các chỉ tiêu của từng đơn vị trực thuộc (một trang đơn vị).",
        unit=_ref("Unit"), period=_ref("Period"), indicators={"type": "array", "items": _ref("Indicator")}),
    "UnitCompleteness": _page(
        _object({"unit": _ref("Unit"), "completeness": _ref("Completeness")}),
        "Tiến độ báo cáo của đơn vị (toàn bộ cây dưới nó) và của từng đơn vị trực thuộc.",
        unit=_ref("Unit"), period=_ref("Period"), kpi_set={"type": ["string", "null"]},
        total=_ref("Completeness")),
})


def _param(name: str, where: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "schema": schema,
            "description": description}


PARAMETERS = {
    "unit_id": _param("unit_id", "path", {"type": "integer", "minimum": 1}, "Mã số đơn vị."),
    "period": _param("period", "query", {"type": "integer", "minimum": 1}, "Mã số kỳ (xem /periods/).",
                     required=True),
    "bo": _param("bo", "query", {"type": "string"}, "Mã bộ chỉ tiêu (mã biểu mẫu nguồn)."),
    "page": _param("page", "query", {"type": "integer", "minimum": 1, "default": 1}, "Trang."),
    "page_size": _param("page_size", "query",
                        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
                        "Số phần tử mỗi trang."),
}

ERRORS = {
    "400": "Tham số không hợp lệ.", "401": "Chưa đăng nhập.", "403": "Đơn vị ngoài phạm vi của người dùng.",
    "404": "Không tìm thấy (đơn vị, trang).", "405": "API chỉ đọc: mọi phương thức ghi bị từ chối.",
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _get(summary: str, schema: str, params: list[str], errors: list[str], tag: str) -> dict:
    responses = {"200": _json(_ref(schema), "Thành công.")}
    responses.update({code: _json(_ref("Error"), ERRORS[code]) for code in errors})
    return {"get": {"summary": summary, "tags": [tag], "operationId": schema[0].lower() + schema[1:],
                    "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
                    "responses": responses}}


UNIT_ERRORS = ["400", "401", "403", "404", "405"]

DOCUMENT = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
    "info": {
        "title": "API chỉ tiêu (chỉ đọc)", "version": "1.0.0",
        "description": "Giá trị chỉ tiêu và tiến độ báo cáo, trong phạm vi các đơn vị của người dùng. "
                       "Xác thực bằng phiên đăng nhập (cookie). Số là số JSON thuần; mỗi giá trị có thêm "
                       "bản viết tiếng Việt. Giá trị không tính được (chia cho 0) là null, "
                       "hiển thị “không xác định”.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"session": []}],
    "tags": [{"name": "kỳ"}, {"name": "chỉ tiêu"}, {"name": "đơn vị"}],
    "paths": {
        "/periods/": _get("Danh sách kỳ chỉ tiêu, mới nhất trước", "PeriodPage", ["page", "page_size"],
                          ["400", "401", "404", "405"], "kỳ"),
        "/indicators/": _get("Danh sách chỉ tiêu đang dùng (lọc theo bộ chỉ tiêu)", "IndicatorPage",
                             ["bo", "page", "page_size"], ["400", "401", "404", "405"], "chỉ tiêu"),
        "/units/{unit_id}/values/": _get("Giá trị các chỉ tiêu của một đơn vị trong một kỳ", "UnitValues",
                                         ["unit_id", "period", "bo", "page", "page_size"], UNIT_ERRORS, "đơn vị"),
        "/units/{unit_id}/children/values/": _get("Giá trị các chỉ tiêu của các đơn vị trực thuộc",
                                                  "ChildrenValues",
                                                  ["unit_id", "period", "bo", "page", "page_size"], UNIT_ERRORS,
                                                  "đơn vị"),
        "/units/{unit_id}/completeness/": _get("Tiến độ, đúng hạn của đơn vị và các đơn vị trực thuộc",
                                               "UnitCompleteness", ["unit_id", "period", "bo", "page", "page_size"],
                                               UNIT_ERRORS, "đơn vị"),
        "/openapi.json": {"get": {"summary": "Tài liệu OpenAPI này", "tags": ["chỉ tiêu"], "security": [],
                                  "operationId": "openapi",
                                  "responses": {"200": {"description": "Tài liệu OpenAPI 3.1.",
                                                        "content": {"application/json": {
                                                            "schema": {"type": "object"}}}}}}},
    },
    "components": {
        "schemas": SCHEMAS,
        "parameters": PARAMETERS,
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid",
                                        "description": "Phiên đăng nhập của trang web."}},
    },
}


def document() -> dict:
    """Return a copy of the OpenAPI document (callers may change it freely)."""
    return copy.deepcopy(DOCUMENT)
