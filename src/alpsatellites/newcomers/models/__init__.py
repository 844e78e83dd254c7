"""Newcomers: the welcome path, welcome cases and discovery stays.

Split by what they hold: the public welcome service (welcome.py), the private follow-up of one
household (cases.py), try-before-you-move stays (stays.py), consent and the access log
(privacy.py).
"""

from .cases import (
    CLOSED_STAGES,
    OPEN_STAGES,
    CaseAttachment,
    CaseMessage,
    CaseNote,
    CaseStageChange,
    CaseTask,
    ClosingReason,
    Stage,
    WelcomeCase,
)
from .privacy import CaseAccessLog, Consent, ConsentPurpose
from .stays import ApplicationStatus, DiscoveryStay, StayApplication, StayStatus
from .welcome import OfficerProfile, Testimonial, TestimonialStatus, WelcomeService

__all__ = [
    "CLOSED_STAGES",
    "OPEN_STAGES",
    "ApplicationStatus",
    "CaseAccessLog",
    "CaseAttachment",
    "CaseMessage",
    "CaseNote",
    "CaseStageChange",
    "CaseTask",
    "ClosingReason",
    "Consent",
    "ConsentPurpose",
    "DiscoveryStay",
    "OfficerProfile",
    "Stage",
    "StayApplication",
    "StayStatus",
    "Testimonial",
    "TestimonialStatus",
    "WelcomeCase",
    "WelcomeService",
]
