"""Adding and removing free table rows without JavaScript: the buttons post, the view re-renders."""
from django.http import QueryDict

from formbuilder.renderer import form_class_for, handle_table_actions, render_form

from .definitions import every_type


def posted(pairs) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    return data


def test_add_row_lists_a_new_row_after_the_highest_id_and_keeps_typed_cells():
    before = posted([("van_ban-row", "0"), ("van_ban-row", "4"), ("van_ban-4-ten", "Kế hoạch"),
                     ("_fb_action", "add:van_ban")])
    data, changed = handle_table_actions(before)
    assert changed
    assert data.getlist("van_ban-row") == ["0", "4", "5"]
    assert data["van_ban-4-ten"] == "Kế hoạch"
    assert "_fb_action" not in data
    assert before.getlist("van_ban-row") == ["0", "4"]  # the request's data is left alone


def test_remove_row_drops_that_row_only():
    before = posted([("f-van_ban-row", "0"), ("f-van_ban-row", "1"), ("f-van_ban-row", "2"),
                     ("_fb_action", "remove:f-van_ban:1")])
    data, changed = handle_table_actions(before)
    assert changed
    assert data.getlist("f-van_ban-row") == ["0", "2"]


def test_other_buttons_and_forged_actions_change_nothing():
    for action in (None, "", "check", "add:", "add:bad name", "remove:van_ban", "drop:van_ban"):
        before = posted([("van_ban-row", "0")] + ([("_fb_action", action)] if action is not None else []))
        data, changed = handle_table_actions(before)
        assert (data, changed) == (before, False), action


def test_added_row_is_rendered_without_errors_and_removed_row_is_gone_from_the_data():
    compiled = every_type()
    form_class = form_class_for(compiled)
    data, _ = handle_table_actions(posted([("van_ban-row", "0"), ("van_ban-0-so_trang", "abc"),
                                           ("_fb_action", "add:van_ban")]))
    html = render_form(form_class(data))
    assert 'name="van_ban-1-ten"' in html and 'value="remove:van_ban:1"' in html
    assert "phải là số" not in html and "error-summary" not in html  # not judged yet

    data, _ = handle_table_actions(posted([("van_ban-row", "0"), ("van_ban-row", "1"), ("van_ban-0-ten", "A"),
                                           ("van_ban-1-ten", "B"), ("_fb_action", "remove:van_ban:0")]))
    form = form_class(data)
    assert form.to_data()["van_ban"] == [{"ten": "B"}]
    assert 'name="van_ban-0-ten"' not in render_form(form)


def test_add_button_disappears_at_max_rows():
    compiled = every_type()  # van_ban allows 3 rows
    html = render_form(form_class_for(compiled)(posted([("van_ban-row", r) for r in "012"])))
    assert '<button type="submit" class="btn fb-add-row" name="_fb_action" value="add:van_ban" formnovalidate hidden>' in html
