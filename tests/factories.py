"""factory_boy factories for the whole data model."""

import datetime

import factory
from django.contrib.auth import get_user_model

from heritage.models import DamageReport, EventType, Evidence, Extent, HeritageSite, SiteAlias
from sources.models import Actor, ActorAlias, ImportRun, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeritageSite

    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    kind = HeritageSite.Kind.TEMPLE
    country = "SY"
    latitude = factory.Faker("pydecimal", left_digits=2, right_digits=4, min_value=30, max_value=36)
    longitude = factory.Faker(
        "pydecimal", left_digits=2, right_digits=4, min_value=36, max_value=42
    )
    is_public = True


class SiteAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteAlias

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = "Example News"
    published_on = datetime.date(2016, 3, 25)
    text = factory.Sequence(lambda n: f"Article number {n}. The temple was blown up.")


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Actor.Kind.OFFICIAL


class ActorAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Actor alias {n}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DamageReport

    site = factory.SubFactory(SiteFactory)
    event_type = EventType.DESTROYED
    extent = Extent.DESTROYED
    event_date_earliest = datetime.date(2015, 8, 23)
    event_date_latest = datetime.date(2015, 8, 23)
    date_precision = "day"
    summary = "The temple was blown up."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    report = factory.SubFactory(ReportFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "The temple was blown up."
    char_start = 0
    char_end = 24
    extracted_by = "test"
