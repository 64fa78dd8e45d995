"""Print (JSON) a sample of public URLs of every page type from the configured database."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from articles.models import Article, Source  # noqa: E402
from relations.models import Agreement, Event, Person  # noqa: E402

articles = Article.objects.published().order_by("?")[:300]
urls = ["/", "/articles/", "/articles/?page=2", "/countries/", "/countries/kz/", "/countries/mn/",
        "/countries/cn/", "/countries/kz/mn/", "/countries/cn/kz/", "/events/", "/agreements/",
        "/search/?q=railway", "/search/?q=pension", "/search/?q=water+resources",
        "/feeds/latest/", "/countries/kz/feed/", "/sitemap.xml",
        "/articles/?country=mn", "/articles/?source=kazinform"]  # fmt: skip
urls += [a.get_absolute_url() for a in articles]
urls += [e.get_absolute_url() for e in Event.objects.all()[:20]]
urls += [p.get_absolute_url() for p in Person.objects.all()[:20]]
urls += [a.get_absolute_url() for a in Agreement.objects.all()[:20]]
urls += [s.get_absolute_url() for s in Source.objects.all()[:10]]
print(json.dumps(urls))
