from django.apps import AppConfig


class HeritageConfig(AppConfig):
    name = "heritage"
    verbose_name = "Heritage sites and damage"

    def ready(self):
        from heritage import checks  # noqa: F401  (registers the system checks)
