"""The database edge: tables, repositories, the unit of work, the audit trail and migrations.

Workflows open a `UnitOfWork`; repositories are reached through it and never commit.
"""
