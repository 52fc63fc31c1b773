from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import pagecache, privacy
from schools import page_sections


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kurser och ansökningar")

    def ready(self):
        # These import models, which exist only once the app registry is ready.
        from courses import privacy as courses_privacy
        from courses import services
        from courses.models import Agreement, Application, CostShare, Course

        privacy.register("courses", courses_privacy)
        # Courses, seat counts (applications) and fees (agreements) are on the public pages.
        pagecache.watch(Course, Course.open_to.through, Application, Agreement, CostShare)
        # A school's page lists its courses open to other municipalities; schools sits
        # below courses and never imports it.
        page_sections.register(
            "courses/_school_courses.html",
            lambda school: {"courses": services.courses_open_to_others(school)})
