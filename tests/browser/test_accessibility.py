"""axe-core on every page of every role's main journeys, at desktop and phone width.

axe-core comes from the npm registry as a development dependency of frontend/ (`make test`
installs it with `npm ci`); the test evaluates it inside each page and never serves it.
A serious or critical violation fails; all violations are tabulated in test-artifacts/.
"""

import json
from collections import Counter

import pytest
from django.conf import settings

from tests.browser import journeys
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "frontend/node_modules/axe-core/axe.min.js"
IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING = {"critical", "serious"}

RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}
"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it runs `npm ci` in frontend/)")
    # evaluate() runs it as the DevTools protocol does, outside the page's CSP, which
    # (rightly) refuses inline scripts; the page itself never loads it.
    return f"() => {{ {AXE.read_text()}\n }}"


def _violations(page, axe_source):
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_source)
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("width", [1280, 360])
def test_no_serious_or_critical_axe_violation_on_any_journey_page(
    browser, live_server, banten_areas, axe_source, width
):
    users = journeys.seed()
    found = {}
    contexts = {}
    try:
        for page_ in journeys.pages():
            if page_.role not in contexts:
                context = browser.new_context(
                    viewport={"width": width, "height": 800}, locale="id-ID"
                )
                if users[page_.role] is not None:
                    context.add_cookies(
                        [journeys.session_cookie(users[page_.role], live_server.url)]
                    )
                tab = context.new_page()
                tab.set_default_timeout(10_000)
                contexts[page_.role] = (context, tab)
            tab = contexts[page_.role][1]
            response = tab.goto(live_server.url + page_.path, wait_until="load")
            assert response.ok, f"{page_.label}: HTTP {response.status}"
            assert tab.url == live_server.url + page_.path, f"{page_.label}: went to {tab.url}"
            found[page_.label] = _violations(tab, axe_source)
    finally:
        for context, _tab in contexts.values():
            context.close()

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{width}.json").write_text(json.dumps(found, indent=1))
    counts = {
        label: Counter(v["impact"] for v in violations) for label, violations in found.items()
    }
    (ARTIFACTS / f"axe-{width}.txt").write_text(
        "\n".join(
            f"{label:<32} " + " ".join(f"{impact}={count[impact]}" for impact in IMPACTS)
            for label, count in counts.items()
        )
        + "\n"
    )
    failing = {
        label: [f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in violations]
        for label, violations in found.items()
        if any(v["impact"] in FAILING for v in violations)
    }
    assert not failing, json.dumps(failing, indent=1, ensure_ascii=False)
