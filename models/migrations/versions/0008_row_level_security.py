"""row-level security: group roles for the api and the worker, per-transaction identity, and
policies that keep learners to their own rows and staff to their own courses' and challenges'

The migrating role owns the tables and is not subject to their policies (RLS is enabled, not
forced). `uw_api` is what the api's login role is a member of: it gets plain table privileges
and the policies below, which read the identity the api sets per transaction
(`uw.user_id`, `uw.role`; kit.db.act_as). `uw_worker` is the worker's: its policies let it
see every row (it acts for the system: progress from verdicts, certificates, reconcilers).
`usefulwriter migrate` makes the login roles named in the settings members of these
(models.roles). Roles belong to the cluster, so the downgrade leaves them in place.

Revision ID: 9d3e1f7a2c44
Revises: 4c2f9e8a1b77
Create Date: 2026-12-03 20:45:00
"""

from __future__ import annotations

from alembic import op

revision = "9d3e1f7a2c44"
down_revision = "4c2f9e8a1b77"
branch_labels = None
depends_on = None

GROUPS = ("uw_api", "uw_worker")

FUNCTIONS = """
CREATE FUNCTION uw_user() RETURNS uuid LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('uw.user_id', true), '')::uuid $$;

CREATE FUNCTION uw_admin() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT coalesce(current_setting('uw.role', true), '') = 'admin' $$;

-- The caller's standing in a course: admin, owner, instructor, ta, or NULL. SECURITY DEFINER,
-- so it reads courses and enrollments past their own policies (no recursion).
CREATE FUNCTION uw_course_role(course uuid) RETURNS text LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT CASE
    WHEN public.uw_admin() THEN 'admin'
    WHEN EXISTS (SELECT 1 FROM public.courses c
                 WHERE c.id = course AND c.owner_id = public.uw_user()) THEN 'owner'
    ELSE (SELECT e.role FROM public.enrollments e
          WHERE e.course_id = course AND e.user_id = public.uw_user()
            AND e.role <> 'learner' AND e.state IN ('active', 'completed'))
  END
$$;

CREATE FUNCTION uw_course_staff(course uuid) RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT public.uw_course_role(course) IS NOT NULL $$;

CREATE FUNCTION uw_course_editor(course uuid) RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT public.uw_course_role(course) IN ('admin', 'owner', 'instructor') $$;

CREATE FUNCTION uw_challenge_staff(challenge uuid) RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT public.uw_admin() OR EXISTS (SELECT 1 FROM public.challenges c
                                      WHERE c.id = challenge AND c.owner_id = public.uw_user())
$$;
"""

EDITOR = "uw_course_editor(course_id)"
# INSERT, UPDATE and DELETE, not ALL: an ALL policy also applies to SELECT, and its function
# would then run for every row a learner reads
WRITES = [("create", "INSERT", None, EDITOR), ("change", "UPDATE", EDITOR, EDITOR),
          ("delete", "DELETE", EDITOR, None)]

# The course of a section or lesson is visible (its own policy applies inside): one index probe
# per row. OFFSET 0 keeps the planner from turning it into a hashed scan of every course,
# which an outline of 50 lessons would pay for with the whole catalogue.
VISIBLE_COURSE = "EXISTS (SELECT 1 FROM courses c WHERE c.id = course_id OFFSET 0)"

# table -> [(name, command, USING, WITH CHECK)] for uw_api
POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "courses": [
        # owner_id first: a new course's own INSERT ... RETURNING must see it, and the
        # functions read the statement's snapshot, which does not hold it yet
        ("read", "SELECT", "status = 'published' OR owner_id = uw_user() OR uw_course_staff(id)",
         None),
        ("create", "INSERT", None, "owner_id = uw_user() OR uw_admin()"),
        ("change", "UPDATE", "owner_id = uw_user() OR uw_course_editor(id)",
         "owner_id = uw_user() OR uw_course_editor(id)"),
        ("delete", "DELETE", "uw_course_editor(id)", None),
    ],
    "course_sections": [
        ("read", "SELECT", VISIBLE_COURSE, None),
        *WRITES,
    ],
    "lessons": [
        ("read", "SELECT", f"(status = 'published' AND {VISIBLE_COURSE}) "
                           "OR uw_course_staff(course_id)", None),
        *WRITES,
    ],
    "enrollments": [
        ("read", "SELECT", "user_id = uw_user() OR uw_course_staff(course_id)", None),
        # learners enroll themselves as learners; nobody promotes themselves
        ("create", "INSERT", None,
         "(user_id = uw_user() AND role = 'learner') OR uw_course_editor(course_id)"),
        ("change", "UPDATE", "user_id = uw_user() OR uw_course_editor(course_id)",
         "uw_course_editor(course_id) OR (user_id = uw_user() "
         "AND role = coalesce(uw_course_role(course_id), 'learner'))"),
        ("delete", "DELETE", "uw_course_editor(course_id)", None),
    ],
    "lesson_progress": [
        ("own", "ALL", "user_id = uw_user() OR uw_course_staff(course_id)",
         "user_id = uw_user() OR uw_course_editor(course_id)"),
    ],
    "certificates": [
        # the public verification endpoint names the one code it may read (uw.certificate)
        ("read", "SELECT", "user_id = uw_user() OR uw_course_staff(course_id) "
                           "OR code = current_setting('uw.certificate', true)", None),
        ("issue", "INSERT", None, "uw_course_editor(course_id)"),
        ("revoke", "UPDATE", "uw_course_editor(course_id)", "uw_course_editor(course_id)"),
    ],
    "submissions": [
        ("own", "ALL", "user_id = uw_user() OR uw_challenge_staff(challenge_id)",
         "user_id = uw_user() OR uw_challenge_staff(challenge_id)"),
    ],
}


# Published content, for search. A policy's quals run before any operator that is not LEAKPROOF,
# and full-text (@@) and trigram (%) matching are not, so under RLS the api could never use the
# GIN indexes. These views belong to the owner, read past the policies, and show only what
# every visitor may see anyway; the api may only SELECT from them.
VIEWS = {
    "public_courses": "SELECT * FROM courses WHERE status = 'published'",
    "public_lessons": "SELECT l.* FROM lessons l JOIN courses c ON c.id = l.course_id "
                      "WHERE l.status = 'published' AND c.status = 'published'",
}


def upgrade() -> None:
    for group in GROUPS:
        op.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
                   f"THEN CREATE ROLE {group} NOLOGIN NOBYPASSRLS; END IF; END $$")
        op.execute(f"GRANT USAGE ON SCHEMA public TO {group}")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                   f"TO {group}")
        op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {group}")
        # tables later migrations create (as this same owner) get the same privileges
        op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, "
                   f"DELETE ON TABLES TO {group}")
        op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON "
                   f"SEQUENCES TO {group}")
        op.execute(f"REVOKE ALL ON alembic_version FROM {group}")
    op.execute(FUNCTIONS)
    for view, query in VIEWS.items():
        op.execute(f"CREATE VIEW {view} AS {query}")
        for group in GROUPS:  # read only: a write through the view would skip the policies
            op.execute(f"REVOKE ALL ON {view} FROM {group}")
            op.execute(f"GRANT SELECT ON {view} TO {group}")
    for table, policies in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_worker ON {table} TO uw_worker "
                   f"USING (true) WITH CHECK (true)")
        for name, command, using, check in policies:
            sql = f"CREATE POLICY {table}_{name} ON {table} FOR {command} TO uw_api"
            if using is not None:
                sql += f" USING ({using})"
            if check is not None:
                sql += f" WITH CHECK ({check})"
            op.execute(sql)


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")
    for table, policies in POLICIES.items():
        for name, *_ in policies:
            op.execute(f"DROP POLICY {table}_{name} ON {table}")
        op.execute(f"DROP POLICY {table}_worker ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for fn in ("uw_challenge_staff(uuid)", "uw_course_editor(uuid)", "uw_course_staff(uuid)",
               "uw_course_role(uuid)", "uw_admin()", "uw_user()"):
        op.execute(f"DROP FUNCTION {fn}")
    for group in GROUPS:
        op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {group}")
        op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES "
                   f"FROM {group}")
        op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {group}")
        op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {group}")
        op.execute(f"REVOKE USAGE ON SCHEMA public FROM {group}")
