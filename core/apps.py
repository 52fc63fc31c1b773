from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Kulturskoleportalen"

    def ready(self):
        from core.logs import connect_task_signals

        connect_task_signals()
