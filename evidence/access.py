"""Who may read and change the evidence records (on top of ``partnership.access``).

- Reading: every role in the partnership except scrutiny panel members on their own.
  Evidence records are working material (audit findings, unsuppressed small numbers,
  draft activity); councillors see them once they are in a published report.
- Sub-group activity entries: the sub-group's chair and the business manager.
- Quality assurance (audits, section 11 and 175/157 audits, feedback exercises, KPIs,
  training): the chair of the partnership's quality-assurance group (a setting, see
  ``EvidenceSettings``) and the business manager.
- Priorities, inspections, the budget and the settings: the business manager.
"""

from __future__ import annotations

from partnership.access import Access


def can_read_evidence(access: Access) -> bool:
    return not access.is_scrutiny_only


def qa_subgroup_id(access: Access) -> int | None:
    from evidence.models import EvidenceSettings

    settings = EvidenceSettings.objects.filter(partnership=access.partnership).first()
    return settings.qa_subgroup_id if settings else None


def can_edit_quality_assurance(access: Access) -> bool:
    if access.is_business_manager:
        return True
    qa_id = qa_subgroup_id(access)
    return qa_id is not None and qa_id in access.chaired


def can_edit_activity(access: Access, subgroup_id: int) -> bool:
    return access.can_edit_subgroup(subgroup_id)


def can_edit_partnership_evidence(access: Access) -> bool:
    """Priorities, inspections and the budget belong to the partnership as a whole."""
    return access.is_business_manager
