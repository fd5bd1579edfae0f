"""``hai site``: the portfolio as a static website (no server; ``file://`` and Pages).

``build`` runs the pipeline (check each dossier, write its pages, then the portfolio, then
swap the new site into place); ``pages`` turns the core's results into what each page shows;
``charts`` draws the inline SVG; ``links`` decides where a link from a dossier may go;
``markdown`` shows a rendered document as HTML; ``words`` holds the site's nl/en words (the
next date from the law is :func:`hai_cli.rules.law.next_law_date`, as in ``hai status``).
Templates, script and style sheet live in ``templates/site/``.
"""
