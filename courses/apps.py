from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import pagecache, privacy
from schools import page_sections


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kurser och ansökningar")

    def ready(self):
        # These import models, which exist only once the app registry is ready.
        from core import mail_outbox
        from courses import mails, seats, services
        from courses import privacy as courses_privacy
        from courses.models import Agreement, CostShare, Course

        privacy.register("courses", courses_privacy)
        # Checked when the worker sends: the application deleted or erased, the head's
        # position ended meanwhile, and the mail is skipped.
        mail_outbox.register_check(mails.APPLICATION, mails.applications_still_there,
                                   mails.APPLICATION_GONE)
        mail_outbox.register_check(mails.HEADS, mails.heads_still_leading, mails.NOT_HEAD)
        # Fees (agreements) are on many pages; a course's own changes version that course
        # (and the lists); seat counts are filled per response (courses/seats.py).
        pagecache.watch(Agreement)
        pagecache.watch_course(Course, lambda course: course.pk)
        pagecache.watch_course(Course.open_to.through, lambda instance: (
            instance.pk if isinstance(instance, Course) else None))
        pagecache.watch_course(CostShare, lambda share: share.course_id)
        pagecache.register_seats(seats.load, card=seats.card, detail=seats.detail,
                                 availability=seats.availability)
        # A school's page lists its courses open to other municipalities; schools sits
        # below courses and never imports it.
        page_sections.register(
            "courses/_school_courses.html",
            lambda school: {"courses": services.courses_open_to_others(school)})
