"""A space's booking policy in plain words, for the people who want to book it.

Each rule of `SpacePolicy` becomes one short sentence, translated into the active language when
the function runs (call it inside the request). The booking engine (`bookings/policy.py`)
enforces the same rules; this module only tells them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from facilities.models import SpacePolicy

NOT_BOOKABLE = gettext_lazy("This room cannot be booked at the moment.")


def duration_words(minutes: int) -> str:
    """90 → "1 hour 30 minutes", 60 → "1 hour", 45 → "45 minutes" (in the active language)."""
    hours, rest = divmod(minutes, 60)
    hours_text = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes_text = ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest}
    if hours and rest:
        return _("%(hours)s %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}
    return hours_text if hours else minutes_text


def who_may_book(policy: SpacePolicy) -> str:
    """One sentence naming the kinds of bookers the policy lets in."""
    kinds = []
    if policy.bookable_by_associations:
        kinds.append(_("associations"))
    if policy.bookable_by_citizens:
        kinds.append(_("citizens"))
    if policy.bookable_by_units:
        kinds.append(_("municipal units"))
    if not kinds:
        return str(NOT_BOOKABLE)
    if len(kinds) == 1:
        listed = kinds[0]
    else:
        listed = _("%(first)s and %(last)s") % {"first": ", ".join(kinds[:-1]), "last": kinds[-1]}
    return _("It can be booked by %(kinds)s.") % {"kinds": listed}


def approval_words(policy: SpacePolicy) -> str:
    if policy.approval == SpacePolicy.Approval.NEVER:
        return _("Bookings are confirmed at once; no approval is needed.")
    if policy.approval == SpacePolicy.Approval.ALWAYS:
        return _(
            "Every booking is a request until the building's staff approve it; you get an "
            "e-mail when they do."
        )
    return _(
        "Bookings inside the building's opening hours are confirmed at once; bookings outside "
        "them are requests until the building's staff approve them."
    )


def outside_hours_words(policy: SpacePolicy) -> str:
    if not policy.outside_hours_allowed:
        return _("It can only be used inside the building's opening hours.")
    return _(
        "It can be used outside the building's opening hours. That needs a named responsible "
        "adult with a phone number, and the confirmation gives you an access code for the door."
    )


def policy_sentences(policy: SpacePolicy) -> list[str]:
    """Every rule of the policy as one plain sentence, in the active language."""
    sentences = [who_may_book(policy)]
    if policy.min_duration_minutes == policy.max_duration_minutes:
        sentences.append(
            _("A booking lasts exactly %(duration)s.")
            % {"duration": duration_words(policy.max_duration_minutes)}
        )
    else:
        sentences.append(
            _("A booking lasts from %(shortest)s to %(longest)s.")
            % {
                "shortest": duration_words(policy.min_duration_minutes),
                "longest": duration_words(policy.max_duration_minutes),
            }
        )
    sentences.append(
        ngettext(
            "You can book up to %(count)d day ahead.",
            "You can book up to %(count)d days ahead.",
            policy.max_advance_days,
        )
        % {"count": policy.max_advance_days}
    )
    if policy.min_notice_minutes:
        sentences.append(
            _("Book at least %(notice)s before the start.")
            % {"notice": duration_words(policy.min_notice_minutes)}
        )
    else:
        sentences.append(_("You can book right up to the start."))
    if policy.buffer_minutes:
        sentences.append(
            _(
                "There are always at least %(buffer)s between two bookings, for cleaning or "
                "changeover."
            )
            % {"buffer": duration_words(policy.buffer_minutes)}
        )
    sentences.append(approval_words(policy))
    sentences.append(outside_hours_words(policy))
    if policy.check_in_required:
        sentences.append(
            _(
                "Check in at the door when you arrive; a booking not checked in is released "
                "for others."
            )
        )
    return sentences
