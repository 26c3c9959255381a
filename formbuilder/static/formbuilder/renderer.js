/* baocao form renderer: live computed values, column totals, add/remove table rows.
 *
 * Progressive enhancement only: every form works without JavaScript (the server computes the
 * same values and handles the "Thêm dòng" / "Xóa dòng" buttons). Formulas arrive as JSON trees
 * (formbuilder/renderer/client.py) and are interpreted here with the engine's rules
 * (formbuilder/engine/formula.py and compute.py) -- never with eval or new Function.
 * Number and date reading follows formbuilder/renderer/localize.py; keep them in step.
 */
(function () {
  "use strict";

  // --- Vietnamese numbers and dates ---------------------------------------------------------

  var GROUPED = { ".": /^\d{1,3}(?:\.\d{3})+$/, ",": /^\d{1,3}(?:,\d{3})+$/ };
  var DIGITS = /^\d+$/;

  function count(text, ch) { return text.split(ch).length - 1; }

  /** Return the number written in text ("1.234.567,5", "1234567.5"), null when empty, NaN when unreadable. */
  function parseNumber(text) {
    text = String(text).replace(/[\s\u00a0\u202f]+/g, "");
    if (!text) return null;
    var sign = "";
    if (text.charAt(0) === "+" || text.charAt(0) === "-") {
      sign = text.charAt(0) === "-" ? "-" : "";
      text = text.slice(1);
    }
    if (!text || text.length > 40) return NaN;
    var dots = count(text, "."), commas = count(text, ","), whole, fraction = "", i;
    if (dots && commas) {
      var dec = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
      var grp = dec === "," ? "." : ",";
      i = text.lastIndexOf(dec);
      whole = text.slice(0, i);
      fraction = text.slice(i + 1);
      if (!GROUPED[grp].test(whole) && !DIGITS.test(whole)) return NaN;
      whole = whole.split(grp).join("");
    } else if (commas) {
      if (commas === 1) {
        i = text.indexOf(",");
        whole = text.slice(0, i);
        fraction = text.slice(i + 1);
      } else if (GROUPED[","].test(text)) {
        whole = text.split(",").join("");
      } else {
        return NaN;
      }
    } else if (dots) {
      // "1.234" is one thousand two hundred and thirty-four, as Vietnamese write it.
      if (dots === 1 && !/^[1-9]\d{0,2}\.\d{3}$/.test(text)) {
        i = text.indexOf(".");
        whole = text.slice(0, i);
        fraction = text.slice(i + 1);
      } else if (GROUPED["."].test(text)) {
        whole = text.split(".").join("");
      } else {
        return NaN;
      }
    } else {
      whole = text;
    }
    if (!whole) whole = fraction ? "0" : "";
    if (!DIGITS.test(whole) || (fraction && !DIGITS.test(fraction))) return NaN;
    if (whole.length + fraction.length > 30) return NaN;
    return Number(sign + whole + (fraction ? "." + fraction : ""));
  }

  /** Return the ISO date written dd/mm/yyyy (or yyyy-mm-dd), null when empty or not a real date. */
  function parseDate(text) {
    text = String(text).trim();
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text), y, mo, d;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; }
    else {
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
      if (!m) return null;
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return String(y).padStart(4, "0") + "-" + String(mo).padStart(2, "0") + "-" + String(d).padStart(2, "0");
  }

  function shift(value, digits) {
    var parts = String(value).split("e");
    return Number(parts[0] + "e" + (Number(parts[1] || 0) + digits));
  }

  /** Round half away from zero, on the shortest decimal form of value (as Python's Decimal(str(value))). */
  function roundHalfUp(value, digits) {
    digits = Math.max(-12, Math.min(12, Math.trunc(digits)));
    var sign = value < 0 ? -1 : 1;
    var rounded = shift(Math.floor(shift(Math.abs(value), digits) + 0.5), -digits);
    return sign * rounded;
  }

  /** Return value written the Vietnamese way: 1.234.567,5 (decimals fixes the fraction digits). */
  function formatNumber(value, decimals) {
    var text;
    if (decimals !== null && decimals !== undefined) {
      text = roundHalfUp(value, decimals).toFixed(Math.max(0, decimals));
    } else if (Number.isInteger(value)) {
      text = Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
    } else {
      // Sums of decimals carry binary noise (0,1 + 0,2); ten places is more than any report uses.
      text = value.toFixed(10).replace(/0+$/, "").replace(/\.$/, "");
    }
    var negative = text.charAt(0) === "-";
    if (negative) text = text.slice(1);
    var parts = text.split(".");
    var result = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + (parts[1] ? "," + parts[1] : "");
    return (negative && /[1-9]/.test(result) ? "-" : "") + result;
  }

  function formatResult(value, decimals, unit, undefinedText) {
    if (value === null || value === undefined) return undefinedText;
    var text = formatNumber(value, decimals);
    if (!unit) return text;
    return text + (unit === "%" ? unit : " " + unit);
  }

  // --- Formula interpreter (mirrors formbuilder/engine/formula.py) ---------------------------

  var AGGREGATES = { sum: 1, avg: 1, min: 1, max: 1, count: 1 };

  function scalar(v) {
    if (typeof v === "boolean") return v;
    if (typeof v === "number" && isFinite(v)) return v;
    return null;
  }

  function num(v) { return typeof v === "boolean" ? (v ? 1 : 0) : v; }

  function ev(node, lookup) {
    switch (node.t) {
      case "num": return node.v;
      case "ref": {
        var value = lookup(node.p);
        if (Array.isArray(value)) return value.map(function (v) { return typeof v === "boolean" ? v : scalar(v); });
        return scalar(value);
      }
      case "un": {
        var operand = scalar(ev(node.a, lookup));
        if (operand === null) return null;
        if (node.op === "not") return !operand;
        return node.op === "-" ? -num(operand) : +num(operand);
      }
      case "bin": return binary(node, lookup);
      case "call": return call(node, lookup);
    }
    return null;
  }

  function binary(node, lookup) {
    var op = node.op, left, right;
    if (op === "and" || op === "or") {
      // Three-valued logic: a known false decides "and", a known true decides "or".
      left = scalar(ev(node.l, lookup));
      if (left !== null && (op === "and" ? !left : !!left)) return op === "or";
      right = scalar(ev(node.r, lookup));
      if (right !== null && (op === "and" ? !right : !!right)) return op === "or";
      return left === null || right === null ? null : op === "and";
    }
    left = scalar(ev(node.l, lookup));
    right = scalar(ev(node.r, lookup));
    if (left === null || right === null) return null;
    left = num(left);
    right = num(right);
    switch (op) {
      case "+": return left + right;
      case "-": return left - right;
      case "*": return left * right;
      case "/": return right === 0 ? null : left / right;
      case "<": return left < right;
      case "<=": return left <= right;
      case ">": return left > right;
      case ">=": return left >= right;
      case "==": return left === right;
      case "!=": return left !== right;
    }
    return null;
  }

  function call(node, lookup) {
    var name = node.f, args = node.a;
    if (name === "if") {
      var condition = scalar(ev(args[0], lookup));
      if (condition === null) return null;
      return scalar(ev(condition ? args[1] : args[2], lookup));
    }
    if (AGGREGATES[name]) return aggregate(name, args.map(function (a) { return ev(a, lookup); }));
    var value = scalar(ev(args[0], lookup));
    if (value === null) return null;
    if (name === "abs") return Math.abs(num(value));
    var digits = args.length > 1 ? scalar(ev(args[1], lookup)) : 0;
    if (digits === null) return null;
    return roundHalfUp(num(value), num(digits));
  }

  function aggregate(name, args) {
    if (name === "count") {
      var arg = args[0];
      if (Array.isArray(arg)) return arg.filter(function (v) { return v !== null; }).length;
      return arg === null ? 0 : 1;
    }
    var numbers = [];
    for (var i = 0; i < args.length; i++) {
      if (Array.isArray(args[i])) {
        // Empty cells of a column are skipped, as a spreadsheet's SUM does.
        args[i].forEach(function (v) { if (v !== null) numbers.push(num(v)); });
      } else if (args[i] === null) {
        return null;
      } else {
        numbers.push(num(args[i]));
      }
    }
    if (name === "sum") return numbers.reduce(function (a, b) { return a + b; }, 0);
    if (!numbers.length) return null;
    if (name === "avg") return numbers.reduce(function (a, b) { return a + b; }, 0) / numbers.length;
    return name === "min" ? Math.min.apply(null, numbers) : Math.max.apply(null, numbers);
  }

  /** Return the value of a formula tree: a number, a boolean, or null when undefined (as engine.evaluate). */
  function evaluate(ast, lookup) {
    var result;
    try { result = ev(ast, lookup); } catch (e) { return null; }
    if (typeof result === "boolean" || result === null) return result;
    return typeof result === "number" && isFinite(result) ? result : null;
  }

  // --- Reading the form (mirrors CompiledFormBase.to_data) -----------------------------------

  function isFilled(v) {
    return v !== null && v !== undefined && v !== "" &&
      !(Array.isArray(v) && !v.length) && !(typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length);
  }

  function readCell(type, element) {
    var raw = element.value;
    if (type === "integer" || type === "number") {
      var n = parseNumber(raw);
      if (n === null || isNaN(n) || (type === "integer" && !Number.isInteger(n))) return null;
      return n;
    }
    if (type === "date") return parseDate(raw);
    if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : null;
    raw = raw.trim();
    return raw || null;
  }

  function readTable(root, key, entry) {
    var table = root.querySelector('table[data-fb-table="' + key + '"]');
    if (!table) return null;
    var rows = [];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      var cells = {};
      tr.querySelectorAll("[data-fb-col]").forEach(function (el) {
        var value = readCell(entry.columns[el.dataset.fbCol], el);
        if (isFilled(value)) cells[el.dataset.fbCol] = value;
      });
      if (Object.keys(cells).length) rows.push([tr.dataset.fbRow, cells]);
    });
    if (entry.rows) {
      var fixed = {};
      rows.forEach(function (r) { fixed[r[0]] = r[1]; });
      return fixed;
    }
    return rows.map(function (r) { return r[1]; });
  }

  function readField(root, key, entry) {
    var elements = root.querySelectorAll('[data-fb-key="' + key + '"]');
    if (!elements.length) return null;
    var first = elements[0];
    if (first.type === "checkbox") {
      var chosen = Array.prototype.filter.call(elements, function (e) { return e.checked; })
        .map(function (e) { return e.value; });
      return chosen.length ? chosen : null;
    }
    if (first.type === "file") {
      var kept = root.querySelector('input[name="' + first.name + '-ref"]');
      return (first.files && first.files.length) || (kept && kept.value) ? { file: true } : null;
    }
    if (entry.type === "number") {
      var n = parseNumber(first.value);
      if (n === null || isNaN(n) || (entry.integer && !Number.isInteger(n))) return null;
      return n;
    }
    if (entry.type === "date") return parseDate(first.value);
    var text = first.value.trim();
    return text || null;
  }

  function setPath(data, path, value) {
    var target = data;
    for (var i = 0; i < path.length - 1; i++) {
      if (typeof target[path[i]] !== "object" || target[path[i]] === null) target[path[i]] = {};
      target = target[path[i]];
    }
    target[path[path.length - 1]] = value;
  }

  function readPath(data, path) {
    var value = data;
    for (var i = 0; i < path.length; i++) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
      value = value[path[i]];
    }
    return value === undefined ? null : value;
  }

  function numberOrNull(v) { return typeof v === "number" && isFinite(v) ? v : null; }

  // --- Lookups (mirrors formbuilder/engine/compute.py) ---------------------------------------

  function tableRows(entry, value) {
    if (entry.rows) {
      value = value && typeof value === "object" && !Array.isArray(value) ? value : {};
      return entry.rows.map(function (k) { var r = value[k]; return r && typeof r === "object" ? r : {}; });
    }
    return Array.isArray(value) ? value.map(function (r) { return r && typeof r === "object" ? r : {}; }) : [];
  }

  function makeLookup(model, data, computed) {
    return function (parts) {
      if (Object.prototype.hasOwnProperty.call(computed, parts[0])) return computed[parts[0]];
      var entry = model.fields[parts[0]];
      if (!entry) return null;
      var value = readPath(data, entry.path);
      if (entry.type === "table") {
        var rows = tableRows(entry, value);
        if (parts.length === 1) {
          return rows.map(function (row) {
            return Object.keys(row).some(function (k) { return isFilled(row[k]); }) ? 1 : null;
          });
        }
        var column = parts[parts.length - 1], type = entry.columns[column];
        if (!type) return null;
        var cell = function (row) {
          return type === "integer" || type === "number" ? numberOrNull(row[column]) : (isFilled(row[column]) ? 1 : null);
        };
        if (parts.length === 2) return rows.map(cell);
        var index = (entry.rows || []).indexOf(parts[1]);
        return index >= 0 ? cell(rows[index]) : null;
      }
      if (parts.length === 1) {
        if (entry.type === "number" || entry.type === "computed") return numberOrNull(value);
        return isFilled(value) ? 1 : null;
      }
      return null;
    };
  }

  // --- The form controller -----------------------------------------------------------------

  function Controller(root, model) {
    this.root = root;
    this.model = model;
    this.undefinedText = root.dataset.fbUndefined || "không xác định";
  }

  Controller.prototype.collect = function () {
    var data = JSON.parse(JSON.stringify(this.model.context || {}));
    var fields = this.model.fields;
    for (var key in fields) {
      if (!fields[key].onForm) continue;
      var entry = fields[key];
      var value = entry.type === "table" ? readTable(this.root, key, entry) : readField(this.root, key, entry);
      setPath(data, entry.path, isFilled(value) ? value : null);
    }
    return data;
  };

  Controller.prototype.recompute = function () {
    var model = this.model, root = this.root, self = this;
    var data = this.collect();
    // Column totals: the sum of a column's numeric cells (empty cells count as nothing).
    root.querySelectorAll("table[data-fb-table]").forEach(function (table) {
      var entry = model.fields[table.dataset.fbTable];
      if (!entry) return;
      var rows = tableRows(entry, readPath(data, entry.path));
      table.querySelectorAll("output[data-fb-total]").forEach(function (out) {
        var column = out.dataset.fbTotal, total = 0;
        rows.forEach(function (row) { var v = numberOrNull(row[column]); if (v !== null) total += v; });
        out.textContent = formatResult(total, null, "", self.undefinedText);
      });
    });
    var computed = {};
    for (var key in model.computed || {}) computed[key] = model.computed[key];
    var lookup = makeLookup(model, data, computed);
    model.formulas.forEach(function (formula) {
      var value = evaluate(formula.ast, lookup);
      if (typeof value === "boolean") value = value ? 1 : 0;
      if (value !== null && formula.decimals !== null && formula.decimals !== undefined) {
        value = roundHalfUp(value, formula.decimals);
      }
      computed[formula.key] = value;
      var out = root.querySelector('output[data-fb-computed="' + formula.key + '"]');
      if (out) {
        var text = formatResult(value, formula.decimals, out.dataset.fbUnit, self.undefinedText);
        if (out.textContent !== text) out.textContent = text;
      }
    });
  };

  Controller.prototype.renumber = function (fieldset) {
    var table = fieldset.querySelector("table[data-fb-table]");
    var rows = table.tBodies[0].rows;
    Array.prototype.forEach.call(rows, function (tr, i) {
      tr.querySelectorAll(".fb-n").forEach(function (el) { el.textContent = String(i + 1); });
    });
    var empty = fieldset.querySelector(".fb-empty");
    if (empty) empty.hidden = rows.length > 0;
    var add = fieldset.querySelector(".fb-add-row");
    var max = Number(table.dataset.fbMaxRows || 0);
    if (add && max) add.hidden = rows.length >= max;
  };

  Controller.prototype.addRow = function (fieldset) {
    var table = fieldset.querySelector("table[data-fb-table]");
    var template = fieldset.querySelector("template[data-fb-row-template]");
    if (!table || !template) return;
    var id = Number(table.dataset.fbNextRow || 0);
    table.dataset.fbNextRow = String(id + 1);
    table.tBodies[0].insertAdjacentHTML("beforeend", template.innerHTML.split("__row__").join(String(id)));
    this.renumber(fieldset);
    this.recompute();
    var added = table.tBodies[0].rows[table.tBodies[0].rows.length - 1];
    var first = added && added.querySelector("input:not([type=hidden]), select");
    if (first) first.focus();
  };

  Controller.prototype.removeRow = function (button) {
    var fieldset = button.closest("fieldset.fb-table-field");
    var tr = button.closest("tr");
    tr.parentNode.removeChild(tr);
    this.renumber(fieldset);
    this.recompute();
    var add = fieldset.querySelector(".fb-add-row");
    if (add && !add.hidden) add.focus();
  };

  Controller.prototype.start = function () {
    var self = this, root = this.root;
    root.addEventListener("click", function (event) {
      var button = event.target.closest('button[name="_fb_action"]');
      if (!button || !root.contains(button)) return;
      var verb = button.value.split(":")[0];
      if (verb === "add") {
        event.preventDefault();
        self.addRow(button.closest("fieldset.fb-table-field"));
      } else if (verb === "remove") {
        event.preventDefault();
        self.removeRow(button);
      }
    });
    root.addEventListener("input", function () { self.recompute(); });
    root.addEventListener("change", function () { self.recompute(); });
    root.querySelectorAll("fieldset.fb-table-field").forEach(function (fs) {
      if (fs.querySelector("template[data-fb-row-template]")) self.renumber(fs);
    });
    this.recompute();
  };

  function init() {
    document.querySelectorAll("[data-fb-root]").forEach(function (root) {
      var script = root.querySelector('script[type="application/json"]');
      if (!script) return;
      new Controller(root, JSON.parse(script.textContent)).start();
      root.dataset.fbReady = "1";
    });
  }

  // Exposed for tests and for pages that insert forms later.
  window.baocaoForms = { init: init, parseNumber: parseNumber, parseDate: parseDate, formatNumber: formatNumber,
    roundHalfUp: roundHalfUp, evaluate: evaluate };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
