"""Every page of the site, in both languages and both colour schemes, in a real browser
(Chromium, driven by Playwright), served the way a static host does: math typeset, images
loaded, each figure on the page's background, the language switcher, no console error, no
failed request, nothing from another origin, and axe-core content. The pages are loaded in
the background while the other tests run (tests/browser_sweep.py); this reads what it found.
"""

import pytest
from browser_sweep import SCHEMES, site_pages


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", site_pages())
def test_page_in_the_browser(built_site, path, scheme):
    """Each page in each colour scheme (tests/browser_sweep.py, run in the background): it
    renders from the site alone, in its language and scheme, typeset, every image loaded, each
    figure on the page's background, its language switcher right, and axe-core content."""
    problems = built_site.sweep()[f"{path}|{scheme}"]
    assert not problems, "\n".join(problems)
