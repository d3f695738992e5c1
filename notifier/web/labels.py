"""What an officer reads instead of an internal code: one table per kind of code, gettext-marked.

Templates call ``label(kind, code)`` (a global of every page environment, bound to the page's
language); Python code that writes for people (the progress events, the audit CSV's header) gets
the same function from ``labeller(language)``; keyword values fill a label's placeholders. Codes
stay where machines read them: form values, ``data-`` attributes, the JSON API, CSV cells. An
unknown code is shown as itself rather than hidden.

Three kinds are not gettext tables: language names come from Babel's CLDR data (every UI language
already has them, correctly), except standard and easy Japanese, which CLDR cannot tell apart;
topic and ward names come from the reference data, which carries its own Japanese, easy and
English names (as the citizen pages show them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from babel import Locale, UnknownLocaleError

from notifier import i18n
from notifier.officers import N_
from notifier.rendering.variants import VARIANTS, babel_locale
from notifier.storage.reference import AREAS, TOPICS

Labeller = Callable[..., str]

TABLES: dict[str, dict[str, str]] = {
    "urgency": {"emergency": N_("Emergency"), "urgent": N_("Urgent"), "normal": N_("Normal"),
                "info": N_("Information")},
    # deliveries.channel (and the dev outbox's channel column)
    "channel": {"email": N_("Email"), "sms": N_("SMS"), "voice": N_("Voice call"),
                "voice-relay": N_("Call by a relay operator"), "line": N_("LINE"), "webhook": N_("Webhook")},
    "format": {"email": N_("Email"), "sms": N_("SMS"), "sms-short": N_("SMS (emergency short form)"),
               "voice": N_("Voice"), "line": N_("LINE"), "webhook": N_("Webhook"), "page": N_("Web page")},
    "delivery_status": {"pending": N_("Waiting to be sent"), "sending": N_("Sending"),
                        "delivered": N_("Delivered"), "temporary_failure": N_("Failed for now (will retry)"),
                        "permanent_failure": N_("Failed"), "skipped": N_("Not sent (notice expired)")},
    "notice_status": {"draft": N_("Draft"), "submitted": N_("Waiting for approval"), "approved": N_("Approved"),
                      "rejected": N_("Rejected"), "scheduled": N_("Scheduled"), "sending": N_("Sending"),
                      "sent": N_("Sent"), "cancelled": N_("Cancelled"), "expired": N_("Expired")},
    "role": {"author": N_("Author"), "approver": N_("Approver"), "emergency": N_("Emergency sender"),
             "admin": N_("Administrator")},
    "role_description": {
        "author": N_("Write notices and submit them for approval."),
        "approver": N_("Approve or reject notices written by others, then send them."),
        "emergency": N_("Send an emergency notice at once, without a second approval (the audit log flags it)."),
        "admin": N_("Manage officers and their roles, API keys, and read the audit log."),
    },
    "scope": {"notices:read": N_("Read notices"), "notices:write": N_("Write notices"),
              "notices:approve": N_("Approve notices"), "ingest": N_("Send alerts in (CAP, L-Alert, JMA)"),
              "subscribers:read": N_("Read subscribers"), "subscribers:write": N_("Change subscribers"),
              "admin": N_("Administration")},
    "contact_kind": {"email": N_("Email address"), "sms": N_("Mobile number (SMS)"),
                     "voice": N_("Phone number (voice calls)"), "line": N_("LINE user id")},
    "subscriber_status": {"active": N_("Active"), "unsubscribed": N_("Unsubscribed")},
    # The readability report's problems (``values``: the sentence's length, the word's JLPT level)
    "readability": {"long_sentences": N_("Long sentence: %(n)s characters"),
                    "hard_words": N_("Hard word: JLPT level %(level)s"),
                    "double_negatives": N_("Double negative"), "hedges": N_("Vague wording")},
    "audit_column": {"at": N_("When"), "actor": N_("Actor"), "action": N_("Action"), "target": N_("Target"),
                     "flagged": N_("Flagged"), "details": N_("Details")},
    # Every action the code writes to the audit log (tests/unit/test_labels.py scans the source for them).
    "audit_action": {
        "apikey.created": N_("API key created"), "apikey.revoked": N_("API key revoked"),
        "caregiver.requested": N_("Caregiver requested"), "caregiver.consented": N_("Caregiver request accepted"),
        "caregiver.revoked": N_("Caregiver link ended"), "contact.verified": N_("Contact verified"),
        "demo.seed": N_("Demo data created"), "keys.rotated": N_("Secret key rotated"),
        "notice.created": N_("Notice created"), "notice.edited": N_("Notice edited"),
        "notice.submitted": N_("Submitted for approval"), "notice.approved": N_("Notice approved"),
        "notice.rejected": N_("Notice rejected"),
        "notice.emergency_approved": N_("Emergency notice approved without a second officer"),
        "notice.scheduled": N_("Sending scheduled"), "notice.send_requested": N_("Sending requested"),
        "notice.sending": N_("Sending started"), "notice.resend": N_("Resent to failed recipients"),
        "notice.withdrawn": N_("Notice withdrawn"), "notice.cancelled": N_("Notice cancelled"),
        "notice.ingested": N_("Alert received from an outside system"),
        "relay.number_revealed": N_("Relay call: phone number shown"), "relay.reached": N_("Relay call: reached"),
        "relay.no_answer": N_("Relay call: no answer"), "relay.wrong_number": N_("Relay call: wrong number"),
        "subscriber.created": N_("Subscriber signed up"), "subscriber.changed": N_("Subscriber changed settings"),
        "subscriber.unsubscribed": N_("Subscriber unsubscribed"), "subscriber.erased": N_("Subscriber's data erased"),
        "subscriber.looked_up": N_("Subscriber looked up"), "subscribers.imported": N_("Subscribers imported"),
        "user.created": N_("Officer account created"), "user.roles_changed": N_("Officer's roles changed"),
        "user.deactivated": N_("Officer account deactivated"), "user.login": N_("Signed in"),
        "user.logout": N_("Signed out"), "user.login_failed": N_("Sign-in failed"),
        "user.login_refused": N_("Sign-in refused (account locked or deactivated)"),
        "user.locked": N_("Officer account locked"),
    },
    "notice_type": {
        "evacuation": N_("Evacuation information"), "shelter": N_("Shelter opened or closed"),
        "weather_warning": N_("Weather warning or advisory"), "earthquake": N_("Earthquake information"),
        "heat_stroke": N_("Heat stroke alert"), "water_outage": N_("Water outage"),
        "health": N_("Infectious disease or vaccination"), "garbage": N_("Change to garbage collection"),
        "road_closure": N_("Road closure"), "crime": N_("Fraud or suspicious person"), "event": N_("Event"),
        "general": N_("General notice"),
    },
    # The params of the structured notice types (rendering.types), as the compose form's labels.
    "param": {
        "action": N_("Opening or closing"), "body": N_("Body"), "change": N_("What changes"),
        "contact_phone": N_("Phone number for questions"), "date": N_("Date"), "description": N_("Description"),
        "details": N_("Details"), "detour": N_("Detour"), "disease": N_("Disease"), "end": N_("End"),
        "epicenter": N_("Epicentre"), "hazard": N_("Hazard"), "intensity": N_("Seismic intensity"),
        "issued_at": N_("Issued at"), "kind": N_("Kind"), "level": N_("Level"), "magnitude": N_("Magnitude"),
        "name": N_("Name of the event"), "new_date": N_("New date"), "occurred_at": N_("Occurred at"),
        "phenomenon": N_("Phenomenon"), "place": N_("Place"), "reason": N_("Reason"), "road": N_("Road"),
        "section": N_("Section closed"), "shelters": N_("Shelters"), "source": N_("Source"), "start": N_("Start"),
        "supply_points": N_("Water supply points"), "target": N_("Who should evacuate"), "title": N_("Title"),
        "tsunami": N_("Tsunami"), "url": N_("Web address (URL)"), "wbgt": N_("Heat index (WBGT)"),
    },
    # Their enumerated values (numbers such as an evacuation level are shown as they are).
    "choice": {
        "heavy_rain": N_("Heavy rain"), "flood": N_("Flood"), "landslide": N_("Landslide"),
        "storm_surge": N_("Storm surge"), "tsunami": N_("Tsunami"), "earthquake": N_("Earthquake"),
        "other": N_("Other"), "open": N_("Opened"), "close": N_("Closed"), "storm": N_("Storm"),
        "heavy_snow": N_("Heavy snow"), "thunder": N_("Thunderstorm"), "high_temperature": N_("High temperature"),
        "advisory": N_("Advisory"), "warning": N_("Warning"), "special_warning": N_("Emergency warning"),
        "landslide_alert": N_("Landslide alert"), "5-": N_("5 lower"), "5+": N_("5 upper"), "6-": N_("6 lower"),
        "6+": N_("6 upper"), "none": N_("No tsunami"), "major_warning": N_("Major tsunami warning"),
        "alert": N_("Heat stroke alert"), "special_alert": N_("Special heat stroke alert"),
        "construction": N_("Construction work"), "accident": N_("Accident"), "disaster": N_("Disaster"),
        "infection": N_("Infectious disease"), "vaccination": N_("Vaccination"), "cancelled": N_("No collection"),
        "moved": N_("Collection moved to another day"), "extra": N_("Extra collection"),
        "burnable": N_("Burnable garbage"), "non_burnable": N_("Non-burnable garbage"),
        "recyclable": N_("Recyclables"), "bulky": N_("Bulky garbage"), "all": N_("All kinds"),
        "fraud": N_("Fraud"), "suspicious_person": N_("Suspicious person"),
    },
}
JAPANESE_VARIANTS = {"ja": N_("Standard Japanese"), "ja-easy": N_("Easy Japanese")}
KINDS = (*TABLES, "variant", "topic", "area")


@functools.cache
def labeller(language: str) -> Labeller:
    """``label(kind, code)`` in ``language`` (a UI language tag such as ``ja`` or ``pt-BR``)."""
    gettext = i18n.translations(language).gettext
    japanese = language in ("ja", "ja-easy")
    topic_name = "name_easy" if language == "ja-easy" else "name_ja" if japanese else "name_en"
    topics = {t.key: getattr(t, topic_name) for t in TOPICS}
    areas = {a.code: a.name_ja if japanese else a.name_en for a in AREAS}
    display = babel_locale(language)

    def label(kind: str, code: object, **values: object) -> str:
        text = "" if code is None else str(code)
        if kind == "variant":
            return _variant(text, gettext, display)
        if kind in ("topic", "area"):
            return (topics if kind == "topic" else areas).get(text, text)
        table = TABLES[kind]  # a KeyError here is a typo in a template: fail loudly in tests
        if text not in table:
            return text
        return gettext(table[text]) % values if values else gettext(table[text])

    return label


def _variant(code: str, gettext: Callable[[str], str], display: Locale) -> str:
    if code in JAPANESE_VARIANTS:
        return gettext(JAPANESE_VARIANTS[code])
    try:
        return Locale.parse(code, sep="-").get_display_name(display) or code
    except (ValueError, UnknownLocaleError):
        return code


def codes(kinds: Iterable[str] = KINDS) -> dict[str, frozenset[str]]:
    """Every code of ``kinds`` (for tests that check no code reaches a page as text)."""
    extra = {"variant": frozenset(VARIANTS), "topic": frozenset(t.key for t in TOPICS),
             "area": frozenset(a.code for a in AREAS)}
    return {kind: extra[kind] if kind in extra else frozenset(TABLES[kind]) for kind in kinds}
