"""Old evidence rows joined every sentence of a source about a report with " … ", under one
claimant. Split them into one row per statement where each sentence's claimant can be told
(a known actor named in it, or no speaker at all: the outlet's own voice); leave the rest
whole, flagged `needs_attribution` for a curator. Every row gets its `spans`."""

import re

from django.db import migrations
from django.db.models import F
from django.db.models.functions import JSONArray

from heritage.text import normalize_name

SEPARATOR = " … "
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|stated|reported|reports|claimed|claims|confirmed|"
    r"announced|warned|according to|quoted|citing)\b|[“”\"]",
    re.IGNORECASE,
)
_CLAIMS_ACT = re.compile(
    r"\b(?:claim(?:s|ed)?|releas(?:e|es|ed)|publish(?:es|ed)|post(?:s|ed)|put out|issued|"
    r"showed|shows)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def _speaker(sentence, aliases, actor_kinds):
    """(attributable, actor id or None) for one sentence of a lumped quote."""
    words = " " + " ".join(_WORD.findall(normalize_name(sentence))) + " "
    found = []
    for normalized, actor_id in aliases:
        if f" {normalized} " in words and actor_id not in found:
            found.append(actor_id)
    speakers = [
        a
        for a in found
        if actor_kinds.get(a) not in ("armed_group", "news_agency") or _CLAIMS_ACT.search(sentence)
    ]
    if len(speakers) == 1 and _SPEECH.search(sentence):
        return True, speakers[0]
    if not speakers and not _SPEECH.search(sentence):
        return True, None  # the outlet's own voice
    return False, None


def split_lumped(apps, schema_editor):
    Evidence = apps.get_model("heritage", "Evidence")
    ActorAlias = apps.get_model("sources", "ActorAlias")
    Actor = apps.get_model("sources", "Actor")
    aliases = [
        (" ".join(_WORD.findall(n)), a)
        for n, a in ActorAlias.objects.values_list("normalized", "actor_id")
        if n
    ]
    actor_kinds = dict(Actor.objects.values_list("id", "kind"))
    names = dict(Actor.objects.values_list("id", "name"))
    # Rows of one sentence (nearly all of them) only gain their span: one statement for all
    # of them, rather than one UPDATE a row (far too slow on a large table). Those without
    # both ends keep no span.
    single = Evidence.objects.filter(spans=[], char_start__isnull=False, char_end__isnull=False)
    single = single.exclude(quote__contains=SEPARATOR)
    single.update(spans=JSONArray(JSONArray(F("char_start"), F("char_end"))))
    lumped = Evidence.objects.filter(spans=[], quote__contains=SEPARATOR)
    for evidence in lumped.select_related("source").iterator():
        if evidence.char_start is not None and evidence.char_end is not None:
            evidence.spans = [[evidence.char_start, evidence.char_end]]
        text = evidence.source.text
        sentences = evidence.quote.split(SEPARATOR)
        parts, at = [], evidence.char_start or 0
        for sentence in sentences:
            start = text.find(sentence, at)
            if start == -1:
                start = text.find(sentence)
            ok, actor_id = _speaker(sentence, aliases, actor_kinds)
            if start == -1 or not ok:
                parts = None
                break
            parts.append((sentence, start, start + len(sentence), actor_id))
            at = start + len(sentence)
        if parts is None:
            Evidence.objects.filter(pk=evidence.pk).update(
                spans=evidence.spans, needs_attribution=True
            )
            continue
        groups = {}
        for sentence, start, end, actor_id in parts:
            groups.setdefault(actor_id, []).append((sentence, start, end))
        first = True
        for actor_id, items in groups.items():
            stated = evidence.stated_date_text
            fields = {
                "quote": SEPARATOR.join(s for s, _, _ in items),
                "char_start": items[0][1],
                "char_end": items[-1][2],
                "spans": [[s, e] for _, s, e in items],
                "attributed_to_id": actor_id,
                "attribution_text": names.get(actor_id, "") if actor_id else "",
                "stated_date_text": stated
                if stated and any(stated in s for s, _, _ in items)
                else "",
            }
            if first:
                Evidence.objects.filter(pk=evidence.pk).update(**fields)
                first = False
            else:
                Evidence.objects.create(
                    report_id=evidence.report_id,
                    source_id=evidence.source_id,
                    extracted_by=evidence.extracted_by,
                    **fields,
                )


class Migration(migrations.Migration):
    dependencies = [
        ("heritage", "0006_evidence_statements"),
        ("sources", "0002_source_syndicated_from"),
    ]

    operations = [migrations.RunPython(split_lumped, migrations.RunPython.noop)]
