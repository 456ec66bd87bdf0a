"""Question web pages (AN site, its text/Markdown renderings, NosDéputés.fr) → ``QuestionRecord``.

See ``parse`` for the steps; ``labels`` is the one label reader every layout shares.
"""

from qgraph.sources.pages.parse import looks_like_page, parse_page

__all__ = ["looks_like_page", "parse_page"]
