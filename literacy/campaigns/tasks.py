from celery import shared_task


@shared_task(ignore_result=True)
def campaign_counts_fold_task() -> int:
    """Beat, every minute: the Redis counters into the daily rows (safe to run twice, or at once)."""
    from literacy.campaigns.services import campaign_counts_fold

    return campaign_counts_fold()
