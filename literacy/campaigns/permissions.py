"""Who may do what with campaigns. The organisation's pages are for its campaign managers: an
account with the campaign-manager role (granted by an admin) that is a member of the organisation.
Everybody else, the site's admins included (they have the Django admin), gets 404 from them: the
selectors load a campaign only for its managers."""


def is_campaign_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_campaign_manager)


def can_create_campaign(user, organisations) -> bool:
    return is_campaign_manager(user) and bool(organisations)


def can_manage_campaign(user, campaign) -> bool:
    """Edit the campaign, add sources, read its funnel: set by ``selectors.campaign_for_manager``."""
    return is_campaign_manager(user) and getattr(campaign, "viewer_is_manager", False)
