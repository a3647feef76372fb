"""Who may do what with a ballot (congress.rules.Verdict); services call these after locking."""

from __future__ import annotations

from django.utils.translation import gettext as _

from congress.rules import allow, deny, forbid


def can_manage(user):
    if not (user.is_authenticated and user.has_perm("congress.manage_ballots")):
        return forbid(_("Only the office can run a ballot."))
    return allow()


def can_open(user, ballot):
    if not (v := can_manage(user)):
        return v
    if ballot.status != ballot.Status.DRAFT:
        return deny(_("Only a draft ballot can be opened."), "state")
    if ballot.kind == ballot.Kind.COMPETITIVE and ballot.options.count() <= ballot.seats:
        return deny(_("A competitive ballot needs more options than seats (rule 20)."), "too_few_options")
    if not ballot.options.exists():
        return deny(_("The ballot has no options."), "no_options")
    return allow()


def can_cast(user, ballot, *, is_elector: bool, has_voted: bool):
    if not user.is_authenticated:
        return forbid(_("Sign in to vote."))
    if not is_elector:
        return forbid(_("You are not in the electorate of this ballot."), "not_elector")
    if ballot.mode != ballot.Mode.ELECTRONIC:
        return deny(_("This ballot is cast on paper."), "paper_ballot")
    if ballot.status != ballot.Status.OPEN:
        return deny(_("This ballot is not open."), "not_open")
    if has_voted:
        return deny(_("You have already voted in this ballot."), "already_voted")
    return allow()


def can_close(user, ballot):
    if not (v := can_manage(user)):
        return v
    if ballot.status != ballot.Status.OPEN:
        return deny(_("Only an open ballot can be closed."), "state")
    return allow()


def can_enter(user, ballot):
    if not (v := can_manage(user)):
        return v
    if ballot.mode != ballot.Mode.PAPER or ballot.status != ballot.Status.CLOSED:
        return deny(_("Papers are entered for a closed paper ballot only."), "state")
    return allow()


def can_count(user, ballot):
    return can_enter(user, ballot)


def can_verify(user, ballot):
    if not (v := can_manage(user)):
        return v
    if ballot.status not in (ballot.Status.COUNTED, ballot.Status.VERIFIED):
        return deny(_("Only a counted ballot can be verified."), "state")
    return allow()


def can_publish(user, ballot):
    if not (v := can_manage(user)):
        return v
    if ballot.status != ballot.Status.VERIFIED:
        return deny(_("Only a verified ballot can be published."), "state")
    return allow()


def can_start_runoff(user, ballot):
    if not (v := can_manage(user)):
        return v
    if ballot.status != ballot.Status.PUBLISHED or not ballot.result.get("runoff"):
        return deny(_("A run-off follows a published ballot with a tie at the cut-off."), "state")
    if ballot.runoffs.exists():
        return deny(_("The run-off has already been created."), "state")
    return allow()
