import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from communities import services
from communities.models import (
    Community,
    CommunityGoal,
    Invitation,
    Membership,
    Organisation,
    PersonalGoal,
    School,
)
from plc.celery import app as celery_app
from tests.factories import (
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
    make_community,
    school_calendar_full,
)

# How many pages the browser tests had the Nu Html Checker validate (tests/browser/conftest.py):
# (distinct documents, distinct URLs).
HTML_PAGES_CHECKED = pytest.StashKey[tuple[int, int]]()

PERSONAS = [
    "anonymous",
    "teacher",
    "other_teacher",
    "facilitator",
    "coach",
    "leader",
    "director",
    "outsider",
    "administrator",
]


@pytest.fixture(autouse=True)
def _fast_and_in_process(settings, tmp_path):
    # Hashing with Argon2 is deliberately slow; tests don't need that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files of a test go to its own folder, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
    # The tests' OpenID provider (tests/oidc/provider.mjs) runs on http://127.0.0.1.
    settings.SSO_ALLOW_HTTP_LOCALHOST = True
    # Tests don't run collectstatic: static files come from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tasks run in-process unless a test starts a real worker.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@dataclass
class World:
    """One board with two schools and two communities, and a second board outside.

    Personas: teacher and other_teacher are members of `community`; facilitator and coach
    serve it; leader leads `school`; director directs the board; outsider facilitates a
    community of another board; administrator administers the board (no community role).
    """

    board: Organisation
    school: School
    other_school: School
    community: Community
    other_community: Community
    outside_board: Organisation
    outside_community: Community
    goal: CommunityGoal
    private_goal: PersonalGoal
    coach_goal: PersonalGoal
    shared_goal: PersonalGoal
    outside_goal: CommunityGoal
    invitation: Invitation
    people: dict[str, User | None] = field(default_factory=dict)

    def __getattr__(self, name: str):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)

    def membership(self, persona: str) -> Membership:
        return Membership.objects.get(community=self.community, user=self.people[persona])


def build_world() -> World:
    today = timezone.localdate()
    board = OrganisationFactory(name="Scholengroep Test")
    school = SchoolFactory(organisation=board, name="De Brug")
    other_school = SchoolFactory(organisation=board, name="De Horizon")
    people = {
        "teacher": UserFactory(email="teacher@example.org", full_name="Tess Teacher"),
        "other_teacher": UserFactory(email="other@example.org", full_name="Otto Other"),
        "facilitator": UserFactory(email="facilitator@example.org", full_name="Fay Facilitator"),
        "coach": UserFactory(email="coach@example.org", full_name="Cas Coach"),
        "leader": UserFactory(email="leader@example.org", full_name="Lea Leader"),
        "director": UserFactory(email="director@example.org", full_name="Dirk Director"),
        "outsider": UserFactory(email="outsider@example.org", full_name="Oona Outsider"),
        "administrator": UserFactory(email="administrator@example.org", full_name="Bea Beheerder"),
    }
    services.school_leader_add(school=school, user=people["leader"])
    services.board_director_add(organisation=board, user=people["director"])
    services.board_administrator_add(organisation=board, user=people["administrator"])
    community = make_community(
        schools=[school], name="PLG Lezen", facilitator=people["facilitator"]
    )
    other_community = make_community(schools=[other_school], name="PLG Rekenen")
    for persona, role in [
        ("teacher", Membership.Role.MEMBER),
        ("other_teacher", Membership.Role.MEMBER),
        ("coach", Membership.Role.COACH),
    ]:
        services.membership_add(community=community, user=people[persona], role=role)

    outside_board = OrganisationFactory(name="Stichting Elders")
    outside_school = SchoolFactory(organisation=outside_board, name="Elders")
    outside_community = make_community(
        schools=[outside_school], name="PLG Elders", facilitator=people["outsider"]
    )
    goal = services.community_goal_create(
        community=community,
        title="Pupils summarise a text",
        outcome="Most pupils summarise a text in their own words.",
        success_criterion="8 of 10 observed lessons",
        target_date=today + dt.timedelta(days=100),
        owner=people["facilitator"],
    )
    outside_goal = services.community_goal_create(
        community=outside_community,
        title="Elsewhere goal",
        outcome="x",
        success_criterion="y",
        target_date=today + dt.timedelta(days=100),
    )
    private_goal = services.personal_goal_create(
        owner=people["teacher"], community=community, title="PRIVATE-MARKER calmer starts"
    )
    coach_goal = services.personal_goal_create(
        owner=people["teacher"],
        community=community,
        title="COACH-MARKER better questions",
        visibility=PersonalGoal.Visibility.COACH,
    )
    shared_goal = services.personal_goal_create(
        owner=people["teacher"],
        community=community,
        title="SHARED-MARKER think aloud",
        visibility=PersonalGoal.Visibility.COMMUNITY,
    )
    invitation = services.invitation_create(
        community=community,
        email="newcomer@example.org",
        role=Membership.Role.MEMBER,
        invited_by=people["facilitator"],
    )
    for each in (school, other_school, outside_school):
        school_calendar_full(each)
    people["anonymous"] = None
    return World(
        board=board,
        school=school,
        other_school=other_school,
        community=community,
        other_community=other_community,
        outside_board=outside_board,
        outside_community=outside_community,
        goal=goal,
        private_goal=private_goal,
        coach_goal=coach_goal,
        shared_goal=shared_goal,
        outside_goal=outside_goal,
        invitation=invitation,
        people=people,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_for(client, world):
    """A test client signed in as a persona (or anonymous)."""

    def _client(persona: str):
        client.logout()
        user = world.people[persona]
        if user is not None:
            client.force_login(user)
        return client

    return _client


class QueryCounter:
    """Pinned query counts, with the SQL printed when a count is off (as zulip does)."""

    def __init__(self, client) -> None:
        self.client = client

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        self.last = captured
        return len(captured.captured_queries)

    def assert_count(self, url: str, expected: int) -> None:
        actual = self.count(url)
        if actual != expected:
            sql = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(self.last.captured_queries, 1))
            pytest.fail(f"{url}: {actual} queries, pinned at {expected}:\n{sql}")


@pytest.fixture
def queries(client) -> QueryCounter:
    return QueryCounter(client)


def pytest_make_parametrize_id(config, val, argname):
    """Test ids from file contents would differ between xdist workers (zip files carry
    the time they were made): name bytes by their size instead."""
    if isinstance(val, bytes):
        return f"{argname}{len(val)}"
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """An xdist worker's count of validated pages, added up for the summary."""
    documents, urls = node.workeroutput.get("html_pages_checked", (0, 0))
    before = node.config.stash.get(HTML_PAGES_CHECKED, (0, 0))
    node.config.stash[HTML_PAGES_CHECKED] = (before[0] + documents, before[1] + urls)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    documents, urls = config.stash.get(HTML_PAGES_CHECKED, (0, 0))
    if documents:
        terminalreporter.write_line(
            f"Nu Html Checker: {documents} pages ({urls} URLs) validated by the browser tests"
        )
