"""An article's text read for its own dates: its stamps, full dates, sentences and tenses.

This is the layer under :mod:`timeline.mentions` that both the ingest and the analysis read
a text's own dates with (``cli → … → ingest → … → db → mentions → stamps → tagger``):

* :mod:`timeline.stamps.dated` (:class:`~timeline.stamps.dated.DatedText`): one text, its
  expressions tagged once, with what the questions about its own date need computed on
  demand: the full dates it states, the page stamps at its head, its print and foot stamps,
  a dateline without its year, sentences, tenses;
* :mod:`timeline.stamps.words`: the words that make a full date a stamp, per language
  (``resources/<lang>/published.toml``);
* :mod:`timeline.stamps.furniture`: which of an analyzed article's expressions are its own
  stamps, which :func:`timeline.mentions.analyze` keeps out of the mentions (and so out of
  the events).

Why here rather than in the ingest (where the publication date is found, in
:mod:`timeline.ingest.published`): an article is analyzed on two paths, at ingest
(:mod:`timeline.ingest.pipeline`, in worker processes or on Dask workers) and again when its
date or type changes (:func:`timeline.db.writes.update_article`: ``articles set-date``,
``articles edit --type``, ``articles infer-dates --apply``, a re-ingest with corrected
metadata), and the database layer must not import the ingest. Passing the stamps' spans
down from the ingest instead would have made every caller of ``update_article`` responsible
for computing them (and one that forgot would store the stamp's event again); reading them
inside :func:`~timeline.mentions.analyze`, from the expressions it has just tagged, makes
every path that analyzes an article keep the same expressions out, at no second tagging.
"""
