"""A GIN index for the catalogue's Swedish full-text search, on PostgreSQL only.

The indexed expression is built from the same SearchVector that
courses.filters.search_courses() filters on, so the planner can use it.
SQLite has no such index; its search falls back to icontains.
"""

from django.db import migrations

INDEX_NAME = "course_search_swedish"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("title", "description", config="swedish"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("courses", "Course"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("courses", "Course"), _index())


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
