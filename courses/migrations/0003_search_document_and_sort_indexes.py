"""The catalogue's search reads a stored document; every sort order has its index.

PostgreSQL only: `search_document` is kept by a trigger (to_tsvector('swedish', title
|| ' ' || description), the same document SearchVector("title", "description") built)
and indexed with GIN. The page query can then check a row's match without computing
to_tsvector again, and the GIN index replaces the expression index of migration 0002.
On SQLite the column stays empty; its search uses icontains.
"""

import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations, models


FORWARD = """
DROP INDEX IF EXISTS course_search_swedish;
CREATE FUNCTION courses_course_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := to_tsvector('swedish'::regconfig,
        COALESCE(NEW.title, '') || ' ' || COALESCE(NEW.description, ''));
    RETURN NEW;
END
$$;
CREATE TRIGGER courses_course_search_document
    BEFORE INSERT OR UPDATE OF title, description, search_document ON courses_course
    FOR EACH ROW EXECUTE FUNCTION courses_course_search_document();
UPDATE courses_course SET search_document = NULL;
CREATE INDEX course_search_swedish ON courses_course USING gin (search_document);
"""

BACKWARD = """
DROP INDEX IF EXISTS course_search_swedish;
DROP TRIGGER IF EXISTS courses_course_search_document ON courses_course;
DROP FUNCTION IF EXISTS courses_course_search_document();
CREATE INDEX course_search_swedish ON courses_course USING gin (to_tsvector('swedish'::regconfig,
    COALESCE(title, '') || ' ' || COALESCE(description, '')));
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0002_course_search_index'),
        ('schools', '0002_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='course',
            name='course_catalogue_idx',
        ),
        migrations.AddField(
            model_name='course',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.AddIndex(
            model_name='course',
            index=models.Index(fields=['status', 'application_deadline', 'title', 'id'], name='course_catalogue_idx'),
        ),
        migrations.AddIndex(
            model_name='course',
            index=models.Index(fields=['status', 'term_start', 'title', 'id'], name='course_catalogue_start_idx'),
        ),
        migrations.AddIndex(
            model_name='course',
            index=models.Index(fields=['status', 'title', 'id'], name='course_catalogue_title_idx'),
        ),
    ]
