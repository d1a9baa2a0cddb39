import pytest

from roleplay.errors import TemplateError
from roleplay.templating import render, render_string


def test_bundled_template_renders():
    assert render("llm/facilitator.j2", round=2, text="Hurry up.").endswith(
        "round 2, an instruction from the chair] Hurry up."
    )


def test_missing_variable_names_template_and_variable():
    with pytest.raises(TemplateError) as e:
        render("llm/facilitator.j2", round=1)  # no 'text'
    assert "llm/facilitator.j2" in str(e.value) and "text" in str(e.value)


def test_string_template_missing_variable():
    with pytest.raises(TemplateError) as e:
        render_string("Hello {{ who }}", "phrases.yaml:greet")
    assert "phrases.yaml:greet" in str(e.value) and "who" in str(e.value)


def test_autoescape_is_off():
    assert render_string("{{ x }}", "t", x="<b>&</b>") == "<b>&</b>"


def test_user_templates_are_sandboxed(tmp_path):
    (tmp_path / "evil.j2").write_text("{{ x.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(Exception) as e:
        render("evil.j2", folder=str(tmp_path), x="s")
    assert "unsafe" in str(e.value).lower() or isinstance(e.value, TemplateError)


def test_user_template_missing_variable(tmp_path):
    (tmp_path / "mine.j2").write_text("Dear {{ persona }}", encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        render("mine.j2", folder=str(tmp_path))
    assert "mine.j2" in str(e.value) and "persona" in str(e.value)


def test_missing_template_file():
    with pytest.raises(TemplateError, match=r"nope\.j2"):
        render("nope.j2")


# --- user templates: refusals are TemplateErrors naming the template and the rule (issue #10) ---


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("{{ x.__class__.__mro__ }}", "unsafe"),
        ("{{ 'x' * 10**9 }}", "the limit is 1,000,000"),
        ("{{ [1] * 2000000 }}", "the limit is 1,000,000"),
        ("{{ 9 ** 9999999 }}", "exponent"),
        ("{% set l = [1] %}{% for x in l %}{{ l.append(x) }}{% endfor %}", "unsafe"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recursion"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "took over 2 s",
        ),
        (
            "{% for i in range(100000) %}{{ 'abcdefghijklmnopqrstuvwxyz' }}{% endfor %}",
            "passed 1,000,000 characters",
        ),
    ],
    ids=["dunder", "str-times", "list-times", "power", "growing-loop", "recursion", "empty-loops", "output"],
)
def test_user_template_refusals_name_the_template_and_the_rule(tmp_path, source, rule):
    import time

    (tmp_path / "mine.j2").write_text(source, encoding="utf-8")
    t = time.perf_counter()
    with pytest.raises(TemplateError) as e:
        render("mine.j2", folder=str(tmp_path), x="s")
    assert time.perf_counter() - t < 4
    assert "template 'mine.j2'" in str(e.value) and rule in str(e.value)


def test_user_template_within_bounds_renders(tmp_path):
    (tmp_path / "ok.j2").write_text(
        "{% for i in range(3) %}{{ i * 2 }}{% endfor %} {{ 'ab' * 2 }}", encoding="utf-8"
    )
    assert render("ok.j2", folder=str(tmp_path)) == "024 abab"
