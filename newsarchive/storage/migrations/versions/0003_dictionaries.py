"""Raw pages compressed with per-site zstd dictionaries.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dictionaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name="fk_dictionaries_site_id_sites"),
        sa.PrimaryKeyConstraint("id", name="pk_dictionaries"),
    )
    op.create_index("ix_dictionaries_site_id", "dictionaries", ["site_id"])
    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN ... REFERENCES keeps the table in place; a batch "move and copy" of
        # blobs would trip the foreign keys that pages hold on it.
        op.execute(
            "ALTER TABLE blobs ADD COLUMN dictionary_id INTEGER "
            "CONSTRAINT fk_blobs_dictionary_id_dictionaries REFERENCES dictionaries (id)"
        )
    else:
        op.add_column("blobs", sa.Column("dictionary_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_blobs_dictionary_id_dictionaries", "blobs", "dictionaries",
            ["dictionary_id"], ["id"],
        )  # fmt: skip
