"""The history manager of every model with HistoricalRecords.

simple_history's `Model.history` builds a new manager class from the queryset class on every
access (Django's `from_queryset`, which walks the queryset class with inspect): about a
millisecond each time, and the importer reaches `history` a few times per article (the
historical rows of its source, reports and evidence). The class is built once per queryset
class here; each access still gets its own manager instance.
"""

from functools import cache

from simple_history.manager import HistoryManager as BaseHistoryManager


class HistoryManager(BaseHistoryManager):
    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        return _manager_class(cls, queryset_class, class_name)


@cache
def _manager_class(cls, queryset_class, class_name):
    return super(HistoryManager, cls).from_queryset(queryset_class, class_name)
