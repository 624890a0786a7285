"""An in-memory `bot.ports.UnitOfWork`, so the core's behaviour can be tested without a database.

`tests/contract` runs one suite against this fake and the SQL repository on SQLite and PostgreSQL,
so the two cannot drift apart.
"""

from tests.fakes.memory import MemoryRepository, MemoryUnitOfWork

__all__ = ["MemoryRepository", "MemoryUnitOfWork"]
