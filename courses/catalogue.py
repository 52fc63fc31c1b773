"""One page of the public catalogue, with work bounded however many courses there are.

Counting is bounded: one probe reads at most MAX_RESULTS + 1 matching (id, subject)
pairs, unordered, so it stops early. Up to MAX_RESULTS the count is exact, the page
numbers are real (`Sida 3 av 12`), the subject menu shows its counts, and the page rows
are read by id. Past that the heading says "fler än 1 000 kurser", the subject counts are
left out rather than counted over every course, and the pages are honest without a
total: page 400 shows courses 7,981–8,000 (`Sida 400`, an offset on the sort order's
index, a few milliseconds even at 200,000 courses), with a next link while one more row
exists. A page number past the last shows the last page (found by counting at most as
many rows as the offset asked for).
"""

from collections import Counter
from dataclasses import dataclass

PAGE_SIZE = 20
MAX_RESULTS = 1000


@dataclass
class CataloguePage:
    object_list: list
    number: int
    count: int          # exact up to MAX_RESULTS
    more: bool          # more than MAX_RESULTS match
    num_pages: int | None  # None: more than MAX_RESULTS match, the total is not counted
    subject_counts: dict[int, int] | None
    next_exists: bool = False

    max_results = MAX_RESULTS

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        if self.num_pages is None:
            return self.next_exists
        return self.number < self.num_pages

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1


def _probe(queryset) -> list[tuple[int, int]]:
    return list(queryset.order_by().values_list("pk", "subject_id")[:MAX_RESULTS + 1])


# Beyond this a page number is taken as the last page (an offset of 20 million rows).
MAX_PAGE = 1_000_000


def _page_number(raw, num_pages: int | None) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages or MAX_PAGE)


def catalogue_page(filterset, page_param) -> CataloguePage:
    """The page of `filterset`'s courses that `page_param` asks for, and the counts for
    the subject menu (None when they would mean counting more than MAX_RESULTS)."""
    queryset = filterset.qs
    matches = _probe(queryset)
    more = len(matches) > MAX_RESULTS
    count = min(len(matches), MAX_RESULTS)
    num_pages = None if more else max(1, -(-count // PAGE_SIZE))
    number = _page_number(page_param, num_pages)
    if not more:
        # The matches are known: read the page among them by id, sorted.
        queryset = queryset.filter(pk__in=[pk for pk, _subject in matches])
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start:start + PAGE_SIZE + 1])
    if more and not rows and number > 1:
        # Past the last page: count the rows before the offset (no more than it asked
        # for) and show the last page.
        total = queryset.order_by()[:start].count()
        number = max(1, -(-total // PAGE_SIZE))
        start = (number - 1) * PAGE_SIZE
        rows = list(queryset[start:start + PAGE_SIZE + 1])
    next_exists = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if filterset.is_bound and filterset.form.cleaned_data.get("amne"):
        others = _probe(filterset.without_subject())
    else:
        others = matches
    subject_counts = None if len(others) > MAX_RESULTS else Counter(s for _pk, s in others)
    return CataloguePage(rows, number, count, more, num_pages, subject_counts, next_exists)
