"""The cycles app's models, one module per kind of thing; importable from `cycles.models`."""

from cycles.models.cycles import Cycle
from cycles.models.feeds import CalendarFeed
from cycles.models.meetings import AgreedAction, Attendance, Meeting, MeetingChange
from cycles.models.products import Product, ProductVersion, product_upload_to
from cycles.models.school_calendars import SchoolHoliday
from cycles.models.templates import ActivityKind, CycleTemplate, TemplateActivity, Weekday
from cycles.models.topics import Topic, TopicVote

__all__ = [
    "ActivityKind",
    "AgreedAction",
    "Attendance",
    "CalendarFeed",
    "Cycle",
    "CycleTemplate",
    "Meeting",
    "MeetingChange",
    "Product",
    "ProductVersion",
    "SchoolHoliday",
    "TemplateActivity",
    "Topic",
    "TopicVote",
    "Weekday",
    "product_upload_to",  # named by migration 0001
]
