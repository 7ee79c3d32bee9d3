"""The filter selects' options, built in Python: the chosen value stays selected and a
name with markup is shown as text, never as HTML."""

from django.template import Context, Template


def _render(choices, selected):
    template = Template("{% load select_options %}{% options choices selected %}")
    return template.render(Context({"choices": choices, "selected": selected}))


def test_the_chosen_value_is_selected_whatever_its_type():
    html = _render([("", "Semua"), (36, "Banten"), (32, "Jawa Barat")], "36")
    assert html == (
        '<option value="">Semua</option><option value="36" selected>Banten</option>'
        '<option value="32">Jawa Barat</option>'
    )


def test_nothing_chosen_selects_the_empty_choice():
    assert '<option value="" selected>' in _render([("", "Semua"), ("a", "A")], None)


def test_labels_and_values_are_escaped():
    html = _render([('"><script>', "<b>KIM</b> & Co")], None)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;b&gt;KIM&lt;/b&gt; &amp; Co" in html


def test_groups_become_optgroups_and_lists_select_several():
    html = _render([("Banten", [("36.01", "Pandeglang"), ("36.02", "Lebak")])], ["36.02"])
    assert html.startswith('<optgroup label="Banten">')
    assert '<option value="36.02" selected>Lebak</option>' in html
    assert '<option value="36.01">Pandeglang</option>' in html
