from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self):
        from core import privacy
        from courses import privacy as courses_privacy

        privacy.register("courses", courses_privacy)

        from core import pagecache
        from courses.models import Agreement, Application, Course

        # Courses, seat counts (applications) and fees (agreements) are on the public pages.
        pagecache.watch(Course, Course.open_to.through, Application, Agreement)
