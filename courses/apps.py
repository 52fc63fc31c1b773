from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self):
        from core import privacy
        from courses import privacy as courses_privacy

        privacy.register("courses", courses_privacy)
