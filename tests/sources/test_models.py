import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import ActorAlias, Source, content_hash
from tests.factories import ActorAliasFactory, ActorFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_content_hash_ignores_whitespace_and_unicode_form():
    assert content_hash("Temple  of\nBel ") == content_hash("Temple of Bel")
    assert content_hash("Ma\u0301mun") == content_hash("M\u00e1mun")
    assert content_hash("Temple of Bel") != content_hash("Temple of Baalshamin")


def test_same_text_cannot_be_stored_twice():
    SourceFactory(text="The arch was destroyed.")
    duplicate = SourceFactory.build(text="The arch  was destroyed.\n")
    with pytest.raises(ValidationError, match="exact text"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_url_unique_only_when_present():
    SourceFactory(url="https://example.org/a")
    SourceFactory(url="")
    SourceFactory(url="")  # many sources without an address
    duplicate = SourceFactory.build(url="https://example.org/a")
    with pytest.raises(ValidationError, match="address"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_one_spelling_names_one_actor():
    ActorAliasFactory(name="Maamoun Abdulkarim")
    other = ActorAlias(actor=ActorFactory(), name="maamoun abdulkarim")
    with pytest.raises(ValidationError, match="already names"):
        other.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_cited_sources_are_those_of_published_reports(reviewer):
    from heritage.services import report_publish

    published = EvidenceFactory()
    EvidenceFactory()  # pending report: its source stays private
    report_publish(report=published.report, user=reviewer)
    assert list(Source.objects.cited()) == [published.source]
