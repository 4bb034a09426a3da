"""Personal data: a person downloads what Parley holds about them and may have it erased;
dialogues with a retention period have the personal data of their people purged.

``export`` builds the download, ``erasure`` anonymises, ``retention`` purges, ``views`` and
``cli`` are the pages and the ``parley retention`` command.
"""
